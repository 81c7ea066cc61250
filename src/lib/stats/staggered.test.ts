import { describe, expect, it } from 'vitest';
import { staggeredEffect, studentT975, type PanelUnit } from './staggered';

describe('studentT975', () => {
	it("matches the tables' values", () => {
		// Published values of the 97.5th percentile of Student's t.
		expect(studentT975(5)).toBeCloseTo(2.571, 2);
		expect(studentT975(10)).toBeCloseTo(2.228, 3);
		expect(studentT975(39)).toBeCloseTo(2.023, 3);
		expect(studentT975(1000)).toBeCloseTo(1.962, 3);
	});
});

describe('staggeredEffect with a wider base', () => {
	// A goes live in period 3: 0 10 20 40; C never: 5 5 5 5. Event time 0, measured from the mean
	// of the last `baseWindow` periods before go-live: one (20): 40 − 20 = 20; two (10, 20): 40 −
	// 15 = 25; three or more (0, 10, 20): 40 − 10 = 30. C's change is 0 from any base.
	const units: PanelUnit[] = [
		{ code: 'A', adopted: 3, values: [0, 10, 20, 40] },
		{ code: 'C', adopted: null, values: [5, 5, 5, 5] }
	];
	it.each([
		[1, 20],
		[2, 25],
		[3, 30],
		[12, 30]
	])('with a base of %i periods, gives the hand-worked change', (baseWindow, expected) => {
		const r = staggeredEffect(units, { horizon: 0, lead: 0, baseWindow, replicates: 20 })!;
		expect(r.estimate).toBeCloseTo(expected, 10);
	});
	it('measures the periods before go-live from the same mean, with no zero put in', () => {
		// Base (0, 10, 20), mean 10: e = −1 is 20 − 10 = 10, e = −2 is 0, e = −3 is −10.
		const r = staggeredEffect(units, { horizon: 0, lead: -3, baseWindow: 3, replicates: 20 })!;
		expect(r.eventTimes.map((x) => [x.e, x.estimate])).toEqual([
			[-3, -10],
			[-2, 0],
			[-1, 10],
			[0, 30]
		]);
	});
});

describe('staggeredEffect on a panel worked by hand', () => {
	// A goes live in period 2, B in period 3, C never.
	//   A: 10 11 15 16   B: 20 20 21 26   C: 5 6 7 8
	// ATT(A, 2) = (15−11) − mean(B: 21−20, C: 7−6) = 4 − 1 = 3
	// ATT(A, 3) = (16−11) − (C: 8−6)                = 5 − 2 = 3   (B is live at 3)
	// ATT(B, 3) = (26−21) − (C: 8−7)                = 5 − 1 = 4   (A is live at 2)
	// Event time 0: (3 + 4) / 2 = 3.5; event time 1: 3; the estimate over 0..1: 3.25.
	// Placebos, base the period before go-live:
	// e = −2: A at 0: (10−11) − mean(B: 20−20, C: 5−6) = −1 + 0.5 = −0.5;
	//         B at 1: (20−21) − (C: 6−7) = 0;  mean −0.25
	// e = −3: B at 0: (20−21) − (C: 5−7) = 1
	const units: PanelUnit[] = [
		{ code: 'A', adopted: 2, values: [10, 11, 15, 16] },
		{ code: 'B', adopted: 3, values: [20, 20, 21, 26] },
		{ code: 'C', adopted: null, values: [5, 6, 7, 8] }
	];

	it('gives the hand-worked effect and event study', () => {
		const r = staggeredEffect(units, { horizon: 1, lead: -3, replicates: 50 })!;
		expect(r.estimate).toBeCloseTo(3.25, 10);
		expect(r.eventTimes.map((x) => [x.e, x.estimate, x.units])).toEqual([
			[-3, 1, 1],
			[-2, -0.25, 2],
			[-1, 0, 2],
			[0, 3.5, 2],
			[1, 3, 1]
		]);
		expect(r.adopted).toEqual(['A', 'B']);
		expect(r.notAdopting).toEqual(['C']);
	});

	it('leaves out a missing value rather than guessing it', () => {
		const gap: PanelUnit[] = [units[0]!, { ...units[1]!, values: [20, 20, null, 26] }, units[2]!];
		// ATT(A, 2) now has only C to compare with: 4 − 1 = 3; B has no base period value.
		const r = staggeredEffect(gap, { horizon: 1, lead: 0, replicates: 20 })!;
		expect(r.eventTimes.find((x) => x.e === 0)).toMatchObject({ estimate: 3, units: 1 });
	});

	it('has nothing to say without a comparison or a period before go-live', () => {
		expect(
			staggeredEffect([{ code: 'A', adopted: 2, values: [1, 2, 3] }], { horizon: 1, lead: 0 })
		).toBeNull();
		expect(
			staggeredEffect(
				[
					{ code: 'A', adopted: 0, values: [1, 2, 3] },
					{ code: 'B', adopted: null, values: [1, 2, 3] }
				],
				{ horizon: 1, lead: 0 }
			)
		).toBeNull();
	});

	it('gives the same interval for the same data', () => {
		const a = staggeredEffect(units, { horizon: 1, lead: -1, replicates: 99 })!;
		const b = staggeredEffect(units, { horizon: 1, lead: -1, replicates: 99 })!;
		expect([a.lower, a.upper]).toEqual([b.lower, b.upper]);
	});
});

/** A seeded generator for the simulated panels (not the estimator's own). */
function random(seed: number): () => number {
	let a = seed >>> 0;
	return () => {
		a = (a + 0x9e3779b9) | 0;
		let t = a ^ (a >>> 16);
		t = Math.imul(t, 0x21f0aaad);
		t ^= t >>> 15;
		t = Math.imul(t, 0x735a2d97);
		return ((t ^ (t >>> 15)) >>> 0) / 4294967296;
	};
}

function normal(r: () => number): number {
	return Math.sqrt(-2 * Math.log(1 - r())) * Math.cos(2 * Math.PI * r());
}

/**
 * 40 authorities over 36 months: each its own level, all sharing a seasonal trend, with noise;
 * 24 go live between months 8 and 24, and from then on move by `effect` (growing over the first
 * months when `growing`), the other 16 never do.
 */
function simulatedPanel(seed: number, effect: number, growing = false): PanelUnit[] {
	const r = random(seed);
	const trend = Array.from(
		{ length: 36 },
		(_, t) => 0.1 * t + 2 * Math.sin((2 * Math.PI * t) / 12)
	);
	return Array.from({ length: 40 }, (_, i) => {
		const level = 50 + 10 * normal(r);
		const adopted = i < 24 ? 8 + Math.floor(r() * 17) : null;
		return {
			code: `X${String(i).padStart(8, '0')}`,
			adopted,
			values: trend.map((m, t) => {
				const since = adopted === null ? -1 : t - adopted;
				const lift = since < 0 ? 0 : growing ? effect * Math.min(1, (since + 1) / 4) : effect;
				return level + m + lift + 3 * normal(r);
			})
		};
	});
}

describe('staggeredEffect on simulated panels', () => {
	const options = { horizon: 6, lead: -6, replicates: 199 };

	it('recovers a simulated effect within its interval, and finds none where there is none', () => {
		const r = staggeredEffect(simulatedPanel(1, 5), options)!;
		expect(r.lower).toBeLessThan(5);
		expect(r.upper).toBeGreaterThan(5);
		expect(r.lower).toBeGreaterThan(0);
		// The placebo months before go-live are near zero.
		for (const x of r.eventTimes.filter((p) => p.e < -1)) {
			expect(x.lower!).toBeLessThan(0);
			expect(x.upper!).toBeGreaterThan(0);
		}
		const none = staggeredEffect(simulatedPanel(2, 0), options)!;
		expect(none.lower).toBeLessThan(0);
		expect(none.upper).toBeGreaterThan(0);
	});

	it('follows an effect that builds up over the first months after go-live', () => {
		const r = staggeredEffect(simulatedPanel(3, 8, true), options)!;
		const e0 = r.eventTimes.find((x) => x.e === 0)!;
		const e6 = r.eventTimes.find((x) => x.e === 6)!;
		// Worked from the simulation: 8 × 1/4 = 2 in the first month, 8 from the fourth.
		expect(e0.lower!).toBeLessThan(2);
		expect(e0.upper!).toBeGreaterThan(2);
		expect(e6.lower!).toBeLessThan(8);
		expect(e6.upper!).toBeGreaterThan(8);
	});

	it.each([
		['the month before go-live', 1],
		['the year before go-live', 12]
	])(
		'covers the true effect about 95 times in 100, measured from %s',
		(_, baseWindow) => {
			// 100 simulated datasets with a true effect of 5: the share of 95% intervals holding it.
			let covered = 0;
			const datasets = 100;
			for (let k = 0; k < datasets; k++) {
				const r = staggeredEffect(simulatedPanel(1000 + k, 5), {
					...options,
					baseWindow,
					replicates: 199
				})!;
				if (r.lower <= 5 && 5 <= r.upper) covered++;
			}
			// A binomial(100, 0.95) count falls in 88..100 with probability above 0.999.
			expect(covered).toBeGreaterThanOrEqual(88);
			console.log(
				`staggeredEffect, base of ${baseWindow} months: ${covered} of ${datasets} 95% intervals covered the true effect`
			);
		},
		120_000
	);
});
