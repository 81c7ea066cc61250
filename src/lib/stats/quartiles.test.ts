import { describe, expect, it } from 'vitest';
import { median, quantile, quartileBand, rank, ranker } from './quartiles';

describe('quartile bands', () => {
	const values = [1, 2, 3, 4, 5, 6, 7, 8];
	it('cuts at the type 7 quartiles: 2.75, 4.5 and 6.25 for 1..8', () => {
		expect(quantile(values, 0.25)).toBe(2.75);
		expect(quantile(values, 0.5)).toBe(4.5);
		expect(quantile(values, 0.75)).toBe(6.25);
	});
	it('gives band A to the highest values when higher is better', () => {
		expect([8, 6.25, 5, 3, 1].map((v) => quartileBand(values, v, 'up'))).toEqual([
			'A',
			'A',
			'B',
			'C',
			'D'
		]);
	});
	it('gives band A to the lowest values when lower is better, a cut point taking the better band', () => {
		expect([1, 2.75, 4, 6, 8].map((v) => quartileBand(values, v, 'down'))).toEqual([
			'A',
			'A',
			'B',
			'C',
			'D'
		]);
	});
	it('gives no band to context measures', () => {
		expect(quartileBand(values, 8, 'neutral')).toBeNull();
	});
});

describe('rank and median', () => {
	it('ranks from the best, ties sharing a position', () => {
		const v = [10, 20, 20, 30];
		expect(v.map((x) => rank(v, x, 'up'))).toEqual([4, 2, 2, 1]);
		expect(v.map((x) => rank(v, x, 'down'))).toEqual([1, 2, 2, 4]);
	});
	it('takes the middle value, or halfway between the middle two', () => {
		expect(median([3, 1, 2])).toBe(2);
		expect(median([4, 1, 3, 2])).toBe(2.5);
		expect(median([])).toBeNull();
	});
});

describe('ranker', () => {
	it('gives the same band and rank as the one-off functions, ties and cut points included', () => {
		const pools = [[1, 2, 3, 4, 5, 6, 7, 8], [5, 5, 5, 2, 9, 9, 0.5, 3, 3, 3], [10, 20, 30], [42]];
		for (const pool of pools)
			for (const polarity of ['up', 'down', 'neutral'] as const) {
				const r = ranker(pool, polarity);
				for (const v of [...pool, 0, 2.75, 4.5, 6.25, 100]) {
					expect(r.band(v), `${pool} ${polarity} ${v}`).toBe(quartileBand(pool, v, polarity));
					expect(r.rank(v), `${pool} ${polarity} ${v}`).toBe(rank(pool, v, polarity));
				}
			}
	});
});
