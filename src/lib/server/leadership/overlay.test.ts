import { describe, expect, it } from 'vitest';
import type { MetricResult, MetricsResponse } from '$lib/metrics/result';
import { xmr } from '$lib/stats/spc';
import { withLeadership } from './overlay';
import type { AreaLeadership } from './store';

const months = ['2024-01', '2024-02', '2024-03', '2024-04', '2024-05', '2024-06'];
const values = [10, 12, 11, 20, 22, 21];
const metric = (id: string): MetricResult => {
	const series = months.map((month, i) => ({
		month,
		value: values[i]!,
		numerator: null,
		denominator: null,
		symbol: null
	}));
	return {
		id,
		title: id,
		unit: '%',
		kind: 'proportion',
		polarity: 'up',
		experimental: false,
		source: 'store',
		breakdownBy: null,
		breakdown: [],
		value: 16,
		numerator: null,
		denominator: null,
		symbol: null,
		months: series,
		spc: xmr(
			series.map((m) => ({ x: m.month, value: m.value })),
			{ polarity: 'up' }
		)
	};
};
const response = (): MetricsResponse => ({
	scope: { kind: 'la', code: 'E09000001', name: 'A', las: ['E09000001'] },
	from: '2024-01-01',
	to: '2024-06-30',
	role: 'la_leader',
	controlled: false,
	dataVersion: 'v1',
	metrics: [metric('a'), metric('b')]
});
const items = (over: Partial<AreaLeadership> = {}): AreaLeadership => ({
	area: 'la:E09000001',
	targets: new Map(),
	changes: [],
	...over
});

describe('withLeadership', () => {
	it('returns the engine answer itself when the area keeps nothing', () => {
		const r = response();
		expect(withLeadership(r, items())).toBe(r);
		expect(withLeadership(r, null)).toBe(r);
	});

	it("recalculates only the measures marked, gives each its own target, and leaves the engine's answer as it was", () => {
		const r = response();
		const before = JSON.stringify(r);
		const out = withLeadership(
			r,
			items({
				targets: new Map([['b', [{ from: '2024-01', value: 15 }]]]),
				changes: [
					{
						id: 1,
						month: '2024-04',
						label: 'Team live',
						addedBy: 'x',
						addedAt: new Date(0),
						recalculated: new Set(['a'])
					}
				]
			})
		);
		expect(JSON.stringify(r)).toBe(before);
		const [a, b] = out.metrics;
		expect(a!.spc!.phases!.map((p) => p.mean)).toEqual([11, 21]);
		expect(a!.spc!.target).toBeNull();
		expect(b!.spc!.phases).toHaveLength(1);
		expect(b!.spc!.mean).toBe(16);
		expect(b!.spc!.target).toBe(15);
		// Both draw the change point.
		expect(b!.spc!.changes!.map((c) => c.recalculate)).toEqual([false]);
		expect(a!.spc!.changes!.map((c) => c.recalculate)).toEqual([true]);
	});
});
