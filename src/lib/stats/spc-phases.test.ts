import { describe, expect, it } from 'vitest';
import { phasedXmr, phasesInWords, targetIn } from './spc-phases';

const monthsFrom = (start: string, n: number) => {
	const [y, m] = start.split('-').map(Number);
	return Array.from({ length: n }, (_, i) => {
		const k = y! * 12 + (m! - 1) + i;
		return `${Math.floor(k / 12)}-${String((k % 12) + 1).padStart(2, '0')}`;
	});
};
const seriesOf = (start: string, values: (number | null)[]) =>
	monthsFrom(start, values.length).map((x, i) => ({ x, value: values[i]! }));

describe('limits recalculated from a change point', () => {
	// Worked by hand. Before: 10, 12, 11, 13 — mean 11.5, moving ranges 2, 1, 2 (mean 5/3), limits
	// 11.5 ± 2.66 × 5/3 = 7.0667 to 15.9333. After: 20, 22, 21, 23 — mean 21.5, the same ranges,
	// limits 17.0667 to 25.9333. Together they would be one process with mean 16.5.
	const series = seriesOf('2024-01', [10, 12, 11, 13, 20, 22, 21, 23]);
	const change = { month: '2024-05', label: 'Team went live', recalculate: true };

	it('gives each phase its own mean and limits, equal to the hand-worked series', () => {
		const r = phasedXmr(series, { polarity: 'up', changes: [change] });
		expect(r.phases).toHaveLength(2);
		const [before, after] = r.phases;
		expect(before).toMatchObject({ from: '2024-01', to: '2024-04', n: 4, mean: 11.5 });
		expect(before!.lowerLimit).toBeCloseTo(7.0667, 4);
		expect(before!.upperLimit).toBeCloseTo(15.9333, 4);
		expect(after).toMatchObject({ from: '2024-05', to: '2024-08', n: 4, mean: 21.5 });
		expect(after!.lowerLimit).toBeCloseTo(17.0667, 4);
		expect(after!.upperLimit).toBeCloseTo(25.9333, 4);
		// The result's own limits are the process as it now stands.
		expect(r.mean).toBe(21.5);
		expect(r.points.map((p) => p.x)).toEqual(series.map((p) => p.x));
	});

	it('keeps one process when the change point is only drawn', () => {
		const r = phasedXmr(series, { polarity: 'up', changes: [{ ...change, recalculate: false }] });
		expect(r.phases).toHaveLength(1);
		expect(r.mean).toBe(16.5);
		expect(r.changes).toEqual([{ ...change, recalculate: false }]);
		expect(phasesInWords(r, String)).toBeNull();
	});

	it('ignores change points outside the series and one on its first month', () => {
		const r = phasedXmr(series, {
			polarity: 'up',
			changes: [
				{ month: '2023-06', label: 'Before', recalculate: true },
				{ month: '2024-01', label: 'At the start', recalculate: true },
				{ month: '2025-01', label: 'After', recalculate: true }
			]
		});
		expect(r.phases).toHaveLength(1);
		expect(r.changes.map((c) => c.label)).toEqual(['At the start']);
	});

	it('starts the phase at the first month on or after the change, past missing months', () => {
		const gappy = seriesOf('2024-01', [10, 12, 11, null, 20, 22]);
		const r = phasedXmr(gappy, {
			polarity: 'up',
			changes: [{ month: '2024-04', label: 'x', recalculate: true }]
		});
		expect(r.phases.map((p) => [p.from, p.to, p.n])).toEqual([
			['2024-01', '2024-03', 3],
			['2024-04', '2024-06', 2]
		]);
		expect(r.phases[1]!.mean).toBe(21);
	});

	it('states the phases in words', () => {
		const r = phasedXmr(series, { polarity: 'up', changes: [change] });
		expect(phasesInWords(r, (v) => v.toFixed(1))).toBe(
			'Process limits recalculated. Up to April 2024: mean 11.5, limits 7.1 to 15.9, 4 months; ' +
				'from May 2024 (Team went live): mean 21.5, limits 17.1 to 25.9, 4 months.'
		);
	});

	it('does not let a run cross into the next phase', () => {
		// Six rising points before the change and one after would make a trend of seven as one
		// process; split, neither phase has seven.
		const rising = seriesOf('2024-01', [1, 2, 3, 4, 5, 6, 7, 6, 5]);
		const one = phasedXmr(rising, { polarity: 'up' });
		expect(one.points[6]!.rules).toContain('trend');
		const split = phasedXmr(rising, {
			polarity: 'up',
			changes: [{ month: '2024-07', label: 'x', recalculate: true }]
		});
		expect(split.points.some((p) => p.rules.includes('trend'))).toBe(false);
	});
});

describe('targets and assurance', () => {
	it('finds the target in force in a month; a null step ends it', () => {
		const steps = [
			{ from: '2024-06', value: 90 },
			{ from: '2023-04', value: 80 },
			{ from: '2024-08', value: null }
		];
		expect(targetIn('2023-03', steps)).toBeNull();
		expect(targetIn('2023-04', steps)).toBe(80);
		expect(targetIn('2024-07', steps)).toBe(90);
		expect(targetIn('2024-08', steps)).toBeNull();
	});

	// Worked by hand. Twelve months alternating 60 and 64 (mean 62, moving range 4), then twelve
	// alternating 80 and 84 (mean 82). As one process the jump's range (16) is screened out
	// (above 3.267 × 4.52), leaving a mean range of 4: limits 72 ± 10.64 = 61.36 to 82.64, so a
	// target of 70 (higher is better) is hit and miss. Recalculated from the jump, the process
	// now runs 82 ± 10.64 = 71.36 to 92.64: the target lies below it, met consistently.
	const before = Array.from({ length: 12 }, (_, i) => (i % 2 ? 64 : 60));
	const after = Array.from({ length: 12 }, (_, i) => (i % 2 ? 84 : 80));
	const series = seriesOf('2023-04', [...before, ...after]);
	const targets = [{ from: '2023-04', value: 70 }];

	it('is hit and miss as one process', () => {
		const r = phasedXmr(series, { polarity: 'up', targets });
		expect(r.lowerLimit).toBeCloseTo(61.36, 2);
		expect(r.upperLimit).toBeCloseTo(82.64, 2);
		expect(r.assurance?.icon).toBe('hit_and_miss');
		expect(r.target).toBe(70);
	});

	it('is met consistently once the limits are recalculated from the change', () => {
		const r = phasedXmr(series, {
			polarity: 'up',
			targets,
			changes: [{ month: '2024-04', label: 'New pathway', recalculate: true }]
		});
		expect(r.lowerLimit).toBeCloseTo(71.36, 2);
		expect(r.upperLimit).toBeCloseTo(92.64, 2);
		expect(r.variation.icon).toBe('common_cause');
		expect(r.assurance?.icon).toBe('consistently_pass');
	});

	it('is failed consistently when lower is better and the target lies below the process', () => {
		const r = phasedXmr(series, {
			polarity: 'down',
			targets,
			changes: [{ month: '2024-04', label: 'x', recalculate: true }]
		});
		expect(r.assurance?.icon).toBe('consistently_fail');
	});

	it('gives no verdict on fewer than 12 months since the change, but keeps the target', () => {
		const r = phasedXmr(series, {
			polarity: 'up',
			targets,
			changes: [{ month: '2024-10', label: 'x', recalculate: true }]
		});
		expect(r.phases[1]!.n).toBe(6);
		expect(r.variation.icon).toBe('insufficient_data');
		expect(r.assurance).toBeNull();
		expect(r.target).toBe(70);
	});

	it('lists the target month by month, for the chart', () => {
		const r = phasedXmr(series.slice(0, 3), {
			polarity: 'up',
			targets: [{ from: '2023-05', value: 75 }]
		});
		expect(r.targets).toEqual([
			{ x: '2023-04', value: null },
			{ x: '2023-05', value: 75 },
			{ x: '2023-06', value: 75 }
		]);
	});
});
