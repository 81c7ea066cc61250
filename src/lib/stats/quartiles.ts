// Quartile bands and ranks among authorities, by polarity: band A is always the best quarter
// (highest values when higher is better, lowest when lower is better), D the worst. Measures
// with no better direction get no band and no rank.
import type { Polarity } from './polarity';

export type Band = 'A' | 'B' | 'C' | 'D';

/** The q-quantile of sorted values by linear interpolation (Hyndman and Fan type 7, as R and Excel's QUARTILE.INC). */
export function quantile(sorted: number[], q: number): number {
	if (sorted.length === 0) throw new RangeError('no values');
	const h = (sorted.length - 1) * q;
	const lo = Math.floor(h);
	const hi = Math.ceil(h);
	return sorted[lo]! + (h - lo) * (sorted[hi]! - sorted[lo]!);
}

export function median(values: number[]): number | null {
	if (values.length === 0) return null;
	return quantile(
		[...values].sort((a, b) => a - b),
		0.5
	);
}

/** Band for `value` among `values`; a value on a cut point takes the better band. */
export function quartileBand(values: number[], value: number, polarity: Polarity): Band | null {
	if (polarity === 'neutral' || values.length < 4) return null;
	const sorted = [...values].sort((a, b) => a - b);
	const [q1, q2, q3] = [0.25, 0.5, 0.75].map((q) => quantile(sorted, q)) as [
		number,
		number,
		number
	];
	if (polarity === 'up') return value >= q3 ? 'A' : value >= q2 ? 'B' : value >= q1 ? 'C' : 'D';
	return value <= q1 ? 'A' : value <= q2 ? 'B' : value <= q3 ? 'C' : 'D';
}

/** Position from the best (1), ties sharing the better position ("1, 2, 2, 4"). */
export function rank(values: number[], value: number, polarity: Polarity): number | null {
	if (polarity === 'neutral') return null;
	const better = values.filter((v) => (polarity === 'up' ? v > value : v < value)).length;
	return better + 1;
}

/**
 * Band and rank for many values against one pool: sorts once and answers each in logarithmic
 * time (every authority of a metric at once). Same answers as `quartileBand` and `rank`.
 */
export function ranker(values: number[], polarity: Polarity) {
	const sorted = [...values].sort((a, b) => a - b);
	const cuts =
		polarity === 'neutral' || sorted.length < 4
			? null
			: ([0.25, 0.5, 0.75].map((q) => quantile(sorted, q)) as [number, number, number]);
	/** How many pooled values are below (strictly) or at most `value`. */
	const count = (value: number, strict: boolean) => {
		let lo = 0;
		let hi = sorted.length;
		while (lo < hi) {
			const mid = (lo + hi) >> 1;
			if (strict ? sorted[mid]! < value : sorted[mid]! <= value) lo = mid + 1;
			else hi = mid;
		}
		return lo;
	};
	return {
		band(value: number): Band | null {
			if (!cuts) return null;
			const [q1, q2, q3] = cuts;
			if (polarity === 'up') return value >= q3 ? 'A' : value >= q2 ? 'B' : value >= q1 ? 'C' : 'D';
			return value <= q1 ? 'A' : value <= q2 ? 'B' : value <= q3 ? 'C' : 'D';
		},
		rank(value: number): number | null {
			if (polarity === 'neutral') return null;
			const better = polarity === 'up' ? sorted.length - count(value, false) : count(value, true);
			return better + 1;
		}
	};
}
