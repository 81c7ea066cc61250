// Funnel-plot control limits for proportions (Spiegelhalter 2005, "Funnel plots for comparing
// institutional performance", Statistics in Medicine 24:1185–1202). Limits are exact binomial
// quantiles around the England proportion, interpolated so that they form a smooth funnel:
// for probability p, r_p is the smallest r with P(R ≤ r) ≥ p, and the limit is
// (r_p − α) / n with α = (P(R ≤ r_p) − p) / (P(R ≤ r_p) − P(R ≤ r_p − 1)).
// 95% limits use p = 0.025 / 0.975 and 99.8% limits p = 0.001 / 0.999.

/** ln Γ(x) by the Lanczos approximation (g = 7, n = 9), accurate to ~1e-15 for x > 0. */
function logGamma(x: number): number {
	const g = 7;
	const c = [
		0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313,
		-176.61502916214059, 12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6,
		1.5056327351493116e-7
	];
	if (x < 0.5) return Math.log(Math.PI / Math.sin(Math.PI * x)) - logGamma(1 - x);
	x -= 1;
	let a = c[0]!;
	const t = x + g + 0.5;
	for (let i = 1; i < g + 2; i++) a += c[i]! / (x + i);
	return 0.5 * Math.log(2 * Math.PI) + (x + 0.5) * Math.log(t) - t + Math.log(a);
}

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
	const lnN = logGamma(n + 1);
	const lp = Math.log(theta);
	const lq = Math.log1p(-theta);
	for (let r = 0; r <= n; r++) {
		pmf[r] = Math.exp(lnN - logGamma(r + 1) - logGamma(n - r + 1) + r * lp + (n - r) * lq);
	}
	return pmf;
}

/** The interpolated exact binomial limit (as a proportion, 0–1) at probability p. */
export function binomialLimit(n: number, theta: number, p: number): number {
	if (n <= 0) throw new RangeError('a funnel limit needs a denominator of at least 1');
	const pmf = binomialPmf(n, theta);
	let cumulative = 0;
	for (let r = 0; r <= n; r++) {
		const previous = cumulative;
		cumulative += pmf[r]!;
		if (cumulative >= p) {
			const alpha = (cumulative - p) / (cumulative - previous);
			return Math.min(1, Math.max(0, (r - alpha) / n));
		}
	}
	return 1;
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
	const theta = centrePercent / 100;
	const at = (p: number) => 100 * binomialLimit(n, theta, p);
	return {
		n,
		lower95: at(FUNNEL_LEVELS['95'][0]),
		upper95: at(FUNNEL_LEVELS['95'][1]),
		lower998: at(FUNNEL_LEVELS['99.8'][0]),
		upper998: at(FUNNEL_LEVELS['99.8'][1])
	};
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
