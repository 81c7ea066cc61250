import { describe, expect, it } from 'vitest';
import type { MetricResult, MetricsResponse } from '$lib/metrics/result';
import { signalsOf, sparkEnds, tilesOf } from './summary';

const fig = (value: number | null) => ({ value, numerator: null, denominator: null, symbol: null });

function metric(id: string, icon: string, months: (number | null)[]): MetricResult {
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
		...fig(months.at(-1) ?? null),
		months: months.map((v, i) => ({ month: `2024-${String(i + 1).padStart(2, '0')}`, ...fig(v) })),
		spc: {
			points: [],
			n: months.length,
			mean: null,
			movingRangeMean: null,
			lowerLimit: null,
			upperLimit: null,
			variation: { icon: icon as never, words: `words for ${icon}` },
			assurance: null
		},
		benchmarks: {
			england: { ...fig(50), symbol: null },
			region: { code: 'R', name: 'North', ...fig(55) },
			neighbours: { value: 60, published: 4, of: 5 },
			band: 'B',
			rank: { position: 3, of: 6 },
			authorities: null
		}
	} as MetricResult;
}

const response = (metrics: MetricResult[]): MetricsResponse => ({
	scope: { kind: 'la', code: 'X00000001', name: 'Ashcombe', las: ['X00000001'] },
	from: '2024-01-01',
	to: '2024-03-31',
	role: 'la_leader',
	controlled: false,
	dataVersion: 'v',
	metrics
});

describe('tilesOf', () => {
	const r = response([
		metric('cin_referrals', 'common_cause', [1, 2, 3]),
		metric('icpc_15wd', 'concern_low', [70, null, 65]),
		metric('review_on_time', 'improvement_high', [1, 2, 3]),
		metric('strategy_core_attendance', 'common_cause', [40, 45, 50])
	]);

	it('keeps headline metrics only, in theme order, context last', () => {
		expect(tilesOf(r, 'neighbours').map((t) => t.id)).toEqual([
			'strategy_core_attendance',
			'icpc_15wd',
			'cin_referrals'
		]);
	});

	it('compares with the chosen group', () => {
		const [t] = tilesOf(r, 'neighbours');
		expect(t!.comparator).toEqual({
			label: 'Statistical neighbours (median of 4)',
			value: 60,
			symbol: null
		});
		expect(tilesOf(r, 'region')[0]!.comparator).toEqual({
			label: 'North',
			value: 55,
			symbol: null
		});
		expect(tilesOf(r, 'england')[0]!.comparator).toEqual({
			label: 'England',
			value: 50,
			symbol: null
		});
		expect(tilesOf(r, 'england')[1]!.spark).toEqual([70, null, 65]);
	});
});

describe('signalsOf', () => {
	it('lists special-cause latest months, concerns first, with the last published month', () => {
		const r = response([
			metric('review_on_time', 'improvement_high', [1, 2, 3]),
			metric('cin_referrals', 'neither_high', [1, 2, 9]),
			metric('icpc_15wd', 'concern_low', [70, 65, null]),
			metric('strategy_core_attendance', 'common_cause', [40, 45, 50]),
			metric('repeat_plan', 'insufficient_data', [1])
		]);
		const s = signalsOf(r);
		expect(s.map((x) => x.id)).toEqual(['icpc_15wd', 'cin_referrals', 'review_on_time']);
		expect([s[0]!.month, s[0]!.value]).toEqual(['2024-02', 65]);
	});
});

describe('sparkEnds', () => {
	it('names the first and last months with a figure, counting on from the first month', () => {
		// November 2024 is month 0: the figures are in December 2024 and February 2025.
		expect(
			sparkEnds({
				spark: [null, 70, null, 65, null],
				months: { first: '2024-11', last: '2025-03' }
			})
		).toEqual({ first: { month: '2024-12', value: 70 }, last: { month: '2025-02', value: 65 } });
	});

	it('says nothing with fewer than two months that have a figure', () => {
		expect(
			sparkEnds({ spark: [null, 70, null], months: { first: '2024-01', last: '2024-03' } })
		).toBeNull();
		expect(sparkEnds({ spark: [], months: null })).toBeNull();
	});
});
