import { describe, expect, it } from 'vitest';
import { assurance, shiftPoints, trendPoints, twoInThreePoints, xmr } from './spc';

const series = (values: (number | null)[]) =>
	values.map((value, i) => ({ x: `m${String(i + 1).padStart(2, '0')}`, value }));

describe('XmR limits', () => {
	it('puts the limits at the mean ± 2.66 × the mean moving range (worked by hand)', () => {
		// Values 10 12 11 13 12 14 11 12 13 12 11 13: mean 144 / 12 = 12.
		// Moving ranges 2 1 2 1 2 3 1 1 1 1 2: sum 17 over 11, mean 1.5454…
		// Limits 12 ± 2.66 × 17 / 11 = 12 ± 4.1109… → 7.8891 and 16.1109.
		const r = xmr(series([10, 12, 11, 13, 12, 14, 11, 12, 13, 12, 11, 13]), { polarity: 'up' });
		expect(r.mean).toBe(12);
		expect(r.movingRangeMean).toBeCloseTo(17 / 11, 12);
		expect(r.lowerLimit).toBeCloseTo(12 - (2.66 * 17) / 11, 12);
		expect(r.upperLimit).toBeCloseTo(12 + (2.66 * 17) / 11, 12);
		expect(r.variation.icon).toBe('common_cause');
		expect(r.points.every((p) => p.type === 'common_cause')).toBe(true);
	});

	it('screens out moving ranges above 3.267 × their mean before setting the limits', () => {
		// Eleven 10s and one 40: moving ranges ten 0s, then 30 → mean 30 / 11 = 2.727…;
		// 30 > 3.267 × 2.727 = 8.91, so it is screened out and the mean moving range is 0.
		const values = [10, 10, 10, 10, 10, 10, 10, 10, 10, 10, 10, 40];
		const screened = xmr(series(values), { polarity: 'up' });
		expect(screened.movingRangeMean).toBe(0);
		const raw = xmr(series(values), { polarity: 'up', screenOutliers: false });
		expect(raw.movingRangeMean).toBeCloseTo(30 / 11, 12);
		// With the screened limits the jump is a signal: higher is better here, so improving.
		expect(screened.variation.icon).toBe('improvement_high');
		expect(screened.points.at(-1)!.rules).toContain('outside_limits');
	});

	it('skips missing months and gives no verdict with fewer than 12 points', () => {
		const r = xmr(series([5, null, 6, 7, null]), { polarity: 'down' });
		expect(r.n).toBe(3);
		expect(r.points[1]!.type).toBeNull();
		expect(r.variation.icon).toBe('insufficient_data');
		expect(r.variation.words).toMatch(/Too few points/);
	});
});

// The run rules follow the NHS-R Community's NHSRplotthedots (Making Data Count) test cases.
describe('special-cause rules', () => {
	it('flags 7 rising points as a trend, and no trend when a value repeats', () => {
		expect([...trendPoints([1, 2, 3, 4, 5, 6, 7]).keys()]).toEqual([0, 1, 2, 3, 4, 5, 6]);
		expect(trendPoints([1, 2, 3, 4, 5, 6]).size).toBe(0);
		expect(trendPoints([1, 2, 3, 3, 4, 5, 6]).size).toBe(0);
		expect([...trendPoints([7, 6, 5, 4, 3, 2, 1]).values()].every((d) => d === -1)).toBe(true);
		// c(2, 1:7, 3): the run 1..7 (indices 1–7) is a trend; the points either side are not.
		const t = trendPoints([2, 1, 2, 3, 4, 5, 6, 7, 3]);
		expect([...t.keys()].sort((a, b) => a - b)).toEqual([1, 2, 3, 4, 5, 6, 7]);
	});

	it('flags 7 or more on one side of the mean as a shift; 6 are not enough', () => {
		expect(shiftPoints([1, 1, 1, 1, 1, 1, -1], 0).size).toBe(0);
		const s = shiftPoints([1, 1, 1, 1, 1, 1, 1, 1, -1], 0);
		expect([...s.keys()]).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
		// A point on the mean breaks the run.
		expect(shiftPoints([1, 1, 1, 0, 1, 1, 1, 1], 0).size).toBe(0);
	});

	it('flags two of three points beyond two sigma on the same side, not on opposite sides', () => {
		expect([...twoInThreePoints([0, 0, 3, 0, 3, 0, 0], 0, 2).keys()].sort()).toEqual([2, 4]);
		expect(twoInThreePoints([0, 3, 0, 0, 3, 0], 0, 2).size).toBe(0);
		expect(twoInThreePoints([3, -3, 0], 0, 2).size).toBe(0);
	});

	it('reads a low run as concerning when higher is better, improving when lower is better', () => {
		const values = [12, 13, 12, 13, 12, 13, 12, 13, 10, 10, 10, 10, 10, 10, 10];
		expect(xmr(series(values), { polarity: 'up' }).variation.icon).toBe('concern_low');
		expect(xmr(series(values), { polarity: 'down' }).variation.icon).toBe('improvement_low');
		expect(xmr(series(values), { polarity: 'neutral' }).variation.icon).toBe('neither_low');
		expect(xmr(series(values), { polarity: 'up' }).variation.words).toMatch(/concerning/);
	});
});

describe('assurance against a target', () => {
	it('says a target inside the limits will be hit and missed', () => {
		expect(assurance(70, 90, 80, 'up')!.icon).toBe('hit_and_miss');
	});
	it('says a target below both limits will be met consistently when higher is better', () => {
		expect(assurance(70, 90, 65, 'up')!.icon).toBe('consistently_pass');
		expect(assurance(70, 90, 95, 'up')!.icon).toBe('consistently_fail');
	});
	it('reverses for measures where lower is better, and gives nothing without a direction', () => {
		expect(assurance(10, 20, 25, 'down')!.icon).toBe('consistently_pass');
		expect(assurance(10, 20, 5, 'down')!.icon).toBe('consistently_fail');
		expect(assurance(10, 20, 15, 'neutral')).toBeNull();
	});
});
