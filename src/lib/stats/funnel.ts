// Funnel-plot control limits for proportions (Spiegelhalter 2005, "Funnel plots for comparing
// institutional performance", Statistics in Medicine 24:1185–1202). Limits are exact binomial
// quantiles around the England proportion, interpolated so that they form a smooth funnel:
// for probability p, r_p is the smallest r with P(R ≤ r) ≥ p, and the limit is
// (r_p − α) / n with α = (P(R ≤ r_p) − p) / (P(R ≤ r_p) − P(R ≤ r_p − 1)).
// 95% limits use p = 0.025 / 0.975 and 99.8% limits p = 0.001 / 0.999.

/** Binomial probabilities P(R = r) for r = 0..n. */
export function binomialPmf(n: number, theta: number): Float64Array {
	const pmf = new Float64Array(n + 1);
	if (theta <= 0) {
		pmf[0] = 1;
		return pmf;
	}
	if (theta >= 1) {
		pmf[n] = 1;
		return pmf;
	}
	// Log-space recurrence from P(R = 0) = (1 − θ)^n: ln P(r + 1) = ln P(r) + ln((n − r) / (r + 1))
	// + ln(θ / (1 − θ)). One logarithm per term instead of three log-gamma calls.
	const odds = Math.log(theta) - Math.log1p(-theta);
	let lp = n * Math.log1p(-theta);
	for (let r = 0; r <= n; r++) {
		pmf[r] = Math.exp(lp);
		lp += Math.log((n - r) / (r + 1)) + odds;
	}
	return pmf;
}

/**
 * Interpolated exact binomial limits (as proportions, 0–1) at several probabilities, in one
 * pass over the distribution. `ps` must be in increasing order.
 */
export function binomialLimits(n: number, theta: number, ps: readonly number[]): number[] {
	if (n <= 0) throw new RangeError('a funnel limit needs a denominator of at least 1');
	const pmf = binomialPmf(n, theta);
	const out: number[] = [];
	let cumulative = 0;
	let k = 0;
	for (let r = 0; r <= n && k < ps.length; r++) {
		const previous = cumulative;
		cumulative += pmf[r]!;
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
