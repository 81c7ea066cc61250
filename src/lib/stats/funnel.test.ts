import { describe, expect, it } from 'vitest';
import {
	binomialLimit,
	binomialPmf,
	funnelDenominators,
	funnelLimits,
	funnelPosition
} from './funnel';

describe('exact binomial funnel limits (Spiegelhalter 2005)', () => {
	it('interpolates between binomial quantiles (n = 4, θ = 0.5, worked by hand)', () => {
		// P(R ≤ r) for r = 0..4: 1/16, 5/16, 11/16, 15/16, 1.
		// p = 0.975: r = 4; α = (1 − 0.975) / (1 − 15/16) = 0.4; limit = (4 − 0.4) / 4 = 0.9.
		expect(binomialLimit(4, 0.5, 0.975)).toBeCloseTo(0.9, 12);
		// p = 0.025: r = 0; α = (1/16 − 0.025) / (1/16) = 0.6; (0 − 0.6) / 4 < 0, so 0.
		expect(binomialLimit(4, 0.5, 0.025)).toBe(0);
		// p = 0.5: r = 2; α = (11/16 − 8/16) / (6/16) = 0.5; limit = 1.5 / 4.
		expect(binomialLimit(4, 0.5, 0.5)).toBeCloseTo(0.375, 12);
	});

	it('matches exact rational arithmetic for n = 10, θ = 0.3', () => {
		// Computed with exact fractions: P(R ≤ 5) < 0.975 ≤ P(R ≤ 6), limit 0.5608021403…
		expect(binomialLimit(10, 0.3, 0.975)).toBeCloseTo(0.560802140354076, 10);
		expect(binomialLimit(10, 0.3, 0.999)).toBeCloseTo(0.7408091654077675, 10);
	});

	it('approaches the normal approximation for large denominators', () => {
		const n = 10_000;
		const l = funnelLimits(n, 50);
		const se = Math.sqrt(0.25 / n) * 100;
		expect(l.upper95).toBeCloseTo(50 + 1.959964 * se, 1);
		expect(l.lower95).toBeCloseTo(50 - 1.959964 * se, 1);
		expect(l.upper998).toBeCloseTo(50 + 3.090232 * se, 1);
	});

	it('gives probabilities that add up to 1', () => {
		const sum = binomialPmf(500, 0.37).reduce((a, b) => a + b, 0);
		expect(sum).toBeCloseTo(1, 10);
	});

	it('places authorities against the limits for their own denominator', () => {
		expect(funnelPosition(50, 100, 50)).toBe('within');
		expect(funnelPosition(70, 100, 50)).toBe('above_998');
		expect(funnelPosition(38, 100, 50)).toBe('below_95');
	});

	it('draws the funnel at increasing denominators up to just past the largest', () => {
		const ns = funnelDenominators(1000, 30);
		expect(ns[0]).toBe(1);
		expect(ns.at(-1)).toBeGreaterThanOrEqual(1000);
		expect([...ns].sort((a, b) => a - b)).toEqual(ns);
	});
});
