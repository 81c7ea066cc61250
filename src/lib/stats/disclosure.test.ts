import { describe, expect, it } from 'vitest';
import { coarsenValue, isSmallCount, roundToTen, significant, sizeBands } from './disclosure';

describe('disclosure control', () => {
	it('suppresses counts of 1 to 5, never 0 or 6, and protected sums between 0 and 6', () => {
		expect([0, 1, 5, 6].map(isSmallCount)).toEqual([false, true, true, false]);
		expect([0.4, 2.4, 5.9, 6.0].map(isSmallCount)).toEqual([true, true, true, false]);
	});

	it('rounds to the nearest 10, halves up', () => {
		expect([0, 4, 5, 14, 15, 1234, 1235].map(roundToTen)).toEqual([0, 0, 10, 10, 20, 1230, 1240]);
	});
});

describe('an authority shown without its name', () => {
	it('keeps two significant figures', () => {
		expect([1234, 0.01234, 96, 5, 0].map((x) => significant(x, 2))).toEqual([
			1200, 0.012, 96, 5, 0
		]);
	});

	it('shows whole percentages, and two significant figures of anything else', () => {
		// 12/29 = 41.379…%: to one place it would be the only fraction with a denominator under 50
		// to give 41.4%, and so give the counts away; whole percentages are shared by many.
		expect(coarsenValue((100 * 12) / 29, '%')).toBe(41);
		expect(coarsenValue(42.77, 'per 10,000 children')).toBe(43);
		expect(coarsenValue(16.42, 'cases per FTE')).toBe(16);
		expect(coarsenValue(3456, 'referrals')).toBe(3500);
	});

	it('puts at least ten authorities in every size band, cut at round numbers', () => {
		// 25 denominators: 10 from 12 to 57, then 10 from 61 to 118, then 5 more.
		const dens = [
			12, 15, 20, 22, 30, 33, 41, 45, 50, 57, 61, 64, 70, 72, 80, 88, 95, 101, 110, 118, 130, 150,
			170, 190, 250
		];
		const bands = sizeBands(dens, 10);
		// The first cut falls between 57 and 61 at 60; the second between 118 and 130 would leave
		// only five for the last band, so there is none: the remaining 15 make one band.
		expect(bands.map(({ from, to }) => [from, to])).toEqual([
			[10, 59],
			[60, null]
		]);
		for (const b of bands)
			expect(
				dens.filter((d) => d >= b.from && (b.to === null || d <= b.to)).length
			).toBeGreaterThanOrEqual(10);
		// Each band is drawn at its middle member (the 5th of 10, the 8th of 15), to two
		// significant figures: 30, and 101 as 100.
		expect(bands.map((b) => b.x)).toEqual([30, 100]);
	});

	it('makes no band of fewer than ten, so too few authorities get none', () => {
		expect(sizeBands([10, 20, 30, 40, 50, 60, 70, 80, 90], 10)).toEqual([]);
	});

	it('never places a band edge at an authority own denominator when a round number fits', () => {
		const dens = Array.from({ length: 20 }, (_, i) => 101 + i * 7);
		const [first, second] = sizeBands(dens, 10);
		// 101 … 164 | 171 …: the cut is 170, not 171; the first band starts at 100, not 101.
		expect(first!.from).toBe(100);
		expect(second!.from).toBe(170);
	});
});
