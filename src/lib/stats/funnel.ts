// Funnel-plot control limits for proportions (Spiegelhalter 2005, "Funnel plots for comparing
// institutional performance", Statistics in Medicine 24:1185–1202). Limits are exact binomial
// quantiles around the England proportion, interpolated so that they form a smooth funnel:
// for probability p, r_p is the smallest r with P(R ≤ r) ≥ p, and the limit is
// (r_p − α) / n with α = (P(R ≤ r_p) − p) / (P(R ≤ r_p) − P(R ≤ r_p − 1)).
// 95% limits use p = 0.025 / 0.975 and 99.8% limits p = 0.001 / 0.999.

/** ln Γ(x) for x > 0 by the Lanczos approximation (g = 7, n = 9), accurate to about 1e-15. */
function logGamma(x: number): number {
	const c = [
		0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313,
		-176.61502916214059, 12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6,
		1.5056327351493116e-7
	];
	x -= 1;
	let a = c[0]!;
	const t = x + 7.5;
	for (let i = 1; i < 9; i++) a += c[i]! / (x + i);
	return 0.5 * Math.log(2 * Math.PI) + (x + 0.5) * Math.log(t) - t + Math.log(a);
}

/**
 * Binomial probabilities P(R = r) for r = lo..hi, where [lo, hi] spans the mean ± 12 standard
 * deviations (and at least 12 either side): outside it every probability is below 1e-30, so
 * limits at 0.001 and 0.999 are unaffected, and the work grows with √n rather than n.
 */
export function binomialWindow(n: number, theta: number): { lo: number; pmf: Float64Array } {
	if (theta <= 0 || theta >= 1) {
		const pmf = new Float64Array(n + 1);
		pmf[theta <= 0 ? 0 : n] = 1;
		return { lo: 0, pmf };
	}
	const mean = n * theta;
	const spread = 12 * Math.sqrt(n * theta * (1 - theta)) + 12;
	const lo = Math.max(0, Math.floor(mean - spread));
	const hi = Math.min(n, Math.ceil(mean + spread));
	const pmf = new Float64Array(hi - lo + 1);
	// ln P(lo) from log-gamma, then the recurrence ln P(r + 1) = ln P(r) + ln((n − r) / (r + 1))
	// + ln(θ / (1 − θ)): one logarithm per term.
	const odds = Math.log(theta) - Math.log1p(-theta);
	let lp =
		logGamma(n + 1) -
		logGamma(lo + 1) -
		logGamma(n - lo + 1) +
		lo * Math.log(theta) +
		(n - lo) * Math.log1p(-theta);
	for (let r = lo; r <= hi; r++) {
		pmf[r - lo] = Math.exp(lp);
		lp += Math.log((n - r) / (r + 1)) + odds;
	}
	return { lo, pmf };
}

/** Binomial probabilities P(R = r) for r = 0..n (zero far outside the window). */
export function binomialPmf(n: number, theta: number): Float64Array {
	const { lo, pmf } = binomialWindow(n, theta);
	const full = new Float64Array(n + 1);
	full.set(pmf, lo);
	return full;
}

/**
 * Interpolated exact binomial limits (as proportions, 0–1) at several probabilities, in one
 * pass over the distribution. `ps` must be in increasing order.
 */
export function binomialLimits(n: number, theta: number, ps: readonly number[]): number[] {
	if (n <= 0) throw new RangeError('a funnel limit needs a denominator of at least 1');
	const { lo, pmf } = binomialWindow(n, theta);
	const out: number[] = [];
	let cumulative = 0;
	let k = 0;
	for (let i = 0; i < pmf.length && k < ps.length; i++) {
		const r = lo + i;
		const previous = cumulative;
		cumulative += pmf[i]!;
		while (k < ps.length && cumulative >= ps[k]!) {
			const alpha = (cumulative - ps[k]!) / (cumulative - previous);
			out.push(Math.min(1, Math.max(0, (r - alpha) / n)));
			k++;
		}
	}
	while (out.length < ps.length) out.push(1);
	return out;
}

/** The interpolated exact binomial limit (as a proportion, 0–1) at probability p. */
export function binomialLimit(n: number, theta: number, p: number): number {
	return binomialLimits(n, theta, [p])[0]!;
}

export const FUNNEL_LEVELS = {
	'95': [0.025, 0.975],
	'99.8': [0.001, 0.999]
} as const;

export interface FunnelLimits {
	n: number;
	lower95: number;
	upper95: number;
	lower998: number;
	upper998: number;
}

/** Limits (as percentages, like the metric values) around `centre` (a percentage). */
export function funnelLimits(n: number, centrePercent: number): FunnelLimits {
	const [lower998, lower95, upper95, upper998] = binomialLimits(n, centrePercent / 100, [
		FUNNEL_LEVELS['99.8'][0],
		FUNNEL_LEVELS['95'][0],
		FUNNEL_LEVELS['95'][1],
		FUNNEL_LEVELS['99.8'][1]
	]).map((x) => 100 * x) as [number, number, number, number];
	return { n, lower95, upper95, lower998, upper998 };
}

/** Denominators at which to draw the funnel's curves: about `steps` points, log-spaced. */
export function funnelDenominators(maxN: number, steps = 60): number[] {
	const out = new Set<number>();
	const top = Math.max(2, Math.ceil(maxN * 1.05));
	for (let i = 0; i <= steps; i++)
		out.add(Math.max(1, Math.round(Math.exp((Math.log(top) * i) / steps))));
	return [...out].sort((a, b) => a - b);
}

export type FunnelPosition = 'above_998' | 'above_95' | 'within' | 'below_95' | 'below_998';

/** Where an authority's proportion lies against the limits for its own denominator. */
export function funnelPosition(
	valuePercent: number,
	n: number,
	centrePercent: number
): FunnelPosition {
	const l = funnelLimits(n, centrePercent);
	if (valuePercent > l.upper998) return 'above_998';
	if (valuePercent > l.upper95) return 'above_95';
	if (valuePercent < l.lower998) return 'below_998';
	if (valuePercent < l.lower95) return 'below_95';
	return 'within';
}

/** The funnel's four limit curves around `centrePercent`, for denominators up to `maxN`. */
export function funnelCurve(maxN: number, centrePercent: number, steps = 60): FunnelLimits[] {
	return funnelDenominators(maxN, steps).map((n) => funnelLimits(n, centrePercent));
}
