// Benchmarks and other authorities on hand-built figures: order statistics only over enough
// published values, and other authorities named only to central government.
import { describe, expect, it } from 'vitest';
import { findMetric } from '$lib/metrics/catalogue';
import type { Figure } from '$lib/metrics/result';
import { benchmarksFor, type BenchmarkInput } from './benchmarks';
import type { DataFacts } from './data-facts';
import type { ResolvedScope } from './scope';

const def = findMetric('icpc_15wd')!;
const fig = (num: number, den: number): Figure => ({
	value: (100 * num) / den,
	numerator: num,
	denominator: den,
	symbol: null
});
const suppressed: Figure = { value: null, numerator: null, denominator: null, symbol: 'c' };

/** `n` authorities L01…, all in one region; L01's neighbours are the next ten. */
function reference(n: number): DataFacts {
	const codes = Array.from({ length: n }, (_, i) => `L${String(i + 1).padStart(2, '0')}`);
	return {
		version: 'v1',
		extracted: '2025-03-31',
		period: { first: '2023-04-01', last: '2025-03-31' },
		authorities: new Map(
			codes.map((code) => [
				code,
				{
					code,
					name: `Authority ${code}`,
					regionCode: 'R1',
					regionName: 'Region',
					population: 1000
				}
			])
		),
		regions: new Map([['R1', { name: 'Region', las: codes }]]),
		neighbours: new Map([['L01', codes.slice(1, 11)]]),
		tables: new Set(),
		unknown: new Map(),
		currency: new Map(),
		store: { metrics: new Set(), lastSnapshot: null, visitWorkingDays: 10, rollups: true }
	};
}

const scope: ResolvedScope = {
	kind: 'la',
	code: 'L01',
	name: 'Authority L01',
	las: ['L01'],
	region: 'R1',
	regime: 'held'
};

function input(n: number, published: (code: string, i: number) => Figure): BenchmarkInput {
	const facts = reference(n);
	return {
		def,
		facts,
		scope,
		viewer: { role: 'la_leader', las: ['L01'] },
		own: fig(30, 40),
		england: fig(700, 1000),
		region: fig(80, 100),
		published: new Map([...facts.authorities.keys()].map((c, i) => [c, published(c, i)])),
		held: new Map([['L01', fig(30, 40)]]),
		authorities: 'england'
	};
}

describe('order statistics', () => {
	it('give the neighbours median only over five or more published values', () => {
		// Neighbours L02…L11: values 10%, 20%, … 100% of 100; the first six suppressed leaves four.
		const few = benchmarksFor(
			input(12, (c, i) => (i >= 1 && i <= 6 ? suppressed : fig(10 * i, 100)))
		);
		expect(few.neighbours).toEqual({ value: null, published: 4, of: 10 });
		// Five published (70, 80, 90, 100 and 60): the median is the middle one, 80.
		const five = benchmarksFor(
			input(12, (c, i) => (i >= 1 && i <= 5 ? suppressed : fig(10 * i, 100)))
		);
		expect(five.neighbours).toEqual({ value: 80, published: 5, of: 10 });
	});

	it('send the median as shown, to one decimal place', () => {
		// Neighbours L02…L11 with i of 3 + i (i = 1…10): 25, 40, 50, 57.14, 62.5, 66.67, 70, 72.73,
		// 75, 76.92 (%); the median is halfway between 62.5 and 66.666…, 64.583…, sent as 64.6.
		const b = benchmarksFor(input(12, (c, i) => fig(i, 3 + i)));
		expect(b.neighbours).toEqual({ value: 64.6, published: 10, of: 10 });
	});

	it('give a band and rank only among ten or more published values, the viewer included', () => {
		// Nine authorities besides the viewer, all published: ten values in all.
		const ten = benchmarksFor(input(10, (c, i) => fig(10 + i, 40)));
		// The viewer's 75% beats every other (25% to 55%): band A, first of ten.
		expect(ten.band).toBe('A');
		expect(ten.rank).toEqual({ position: 1, of: 10 });
		expect(ten.authorities!.named[0]).toMatchObject({ band: 'A', rank: 1 });
		const nine = benchmarksFor(input(10, (c, i) => (i === 9 ? suppressed : fig(10 + i, 40))));
		expect(nine.band).toBe(null);
		expect(nine.rank).toBe(null);
		// The same rule in the comparison: no band or rank for anyone among nine.
		expect(nine.authorities!.named[0]).toMatchObject({ band: null, rank: null });
		expect(nine.authorities!.anonymous.every((a) => a.band === null)).toBe(true);
		// The one suppressed authority is counted, not listed.
		expect(nine.authorities!.suppressed).toBe(1);
		expect(nine.authorities!.anonymous).toHaveLength(8);
	});
});

describe('other authorities, for a director', () => {
	it('name only the authority held; the rest carry a whole percentage, a shared size band and a quartile band', () => {
		// 21 authorities: the viewer and 20 others of 25% to 44.xx%, on denominators 40 to 59.
		const b = benchmarksFor(input(21, (c, i) => fig(10 + i, 40 + i)));
		const c = b.authorities!;
		expect(c.named.map((a) => a.code)).toEqual(['L01']);
		expect(c.anonymous).toHaveLength(20);
		for (const a of c.anonymous) {
			expect(Object.keys(a).sort()).toEqual(['band', 'size', 'value']);
			expect(Number.isInteger(a.value)).toBe(true);
		}
		// 21 denominators (40 to 60) in bands of ten or more: cut once, at 50.
		const sizes = new Set(c.anonymous.map((a) => `${a.size!.from}-${a.size!.to}`));
		expect([...sizes].sort()).toEqual(['40-49', '50-null']);
		// In no order that says which is which: by value only.
		expect(c.anonymous.map((a) => a.value)).toEqual(
			c.anonymous.map((a) => a.value).toSorted((x, y) => x - y)
		);
	});

	it('shows no one by one among neighbours or a region, where few could be told apart', () => {
		const b = benchmarksFor({
			...input(21, (c, i) => fig(10 + i, 40 + i)),
			authorities: 'neighbours'
		});
		expect(b.authorities!.anonymous).toEqual([]);
		expect(b.authorities!.note).toMatch(/only among all authorities in England/);
		// The authority itself and its ten neighbours; only the one held is shown.
		expect(b.authorities!.of).toBe(11);
		expect(b.authorities!.named.map((a) => a.code)).toEqual(['L01']);
	});

	it('names every authority of the group to central government', () => {
		const b = benchmarksFor({
			...input(21, (c, i) => fig(10 + i, 40 + i)),
			viewer: { role: 'national', las: [] },
			held: new Map(),
			authorities: 'neighbours'
		});
		expect(b.authorities!.named.map((a) => a.code)).toEqual([
			'L01',
			...reference(21).neighbours.get('L01')!
		]);
		expect(b.authorities!.anonymous).toEqual([]);
	});
});
