import { describe, expect, it } from 'vitest';
import { isSmallCount, roundToTen, secondarySuppression } from './disclosure';

describe('disclosure control', () => {
	it('suppresses counts of 1 to 5, never 0 or 6', () => {
		expect([0, 1, 5, 6].map(isSmallCount)).toEqual([false, true, true, false]);
	});
	it('rounds to the nearest 10, halves up', () => {
		expect([0, 4, 5, 14, 15, 1234, 1235].map(roundToTen)).toEqual([0, 0, 10, 10, 20, 1230, 1240]);
	});
	it('suppresses a second cell when one suppressed cell could be worked out from the total', () => {
		const cells = [
			{ counts: [3], suppressed: true },
			{ counts: [40], suppressed: false },
			{ counts: [0], suppressed: false },
			{ counts: [12], suppressed: false }
		];
		// The smallest non-zero published cell (12) goes too; a zero cell would protect nothing.
		expect(secondarySuppression(cells, true)).toEqual([3]);
	});
	it('needs nothing when two cells are already suppressed or the total is not published', () => {
		const two = [
			{ counts: [3], suppressed: true },
			{ counts: [4], suppressed: true },
			{ counts: [40], suppressed: false }
		];
		expect(secondarySuppression(two, true)).toEqual([]);
		expect(
			secondarySuppression(
				[
					{ counts: [3], suppressed: true },
					{ counts: [9], suppressed: false }
				],
				false
			)
		).toEqual([]);
	});
});
