// From summed counts to the figure a viewer is given, under one of three regimes:
// - `held`: the viewer holds the records — exact;
// - `single`: one authority the viewer does not hold — exact counts, but any count of 1 to 5
//   (and any figure built on one) is suppressed (`c`);
// - `aggregate`: a region or England — the counts are the published roll-up's protected sums
//   (see store.ts), rounded to 10, and the value is computed from the rounded counts so the
//   rounding cannot be undone; a protected sum of 1 to 5 is suppressed.
// Pure functions: a page, an export and the command all get their figures through these.
import type { MeasureUnit, MetricDefinition } from '$lib/metrics/types';
import type { Figure, KeyFigure } from '$lib/metrics/result';
import { isSmallCount, roundToTen } from '$lib/stats/disclosure';
import type { Cell } from './counts';

export type Regime = 'held' | 'single' | 'aggregate';

export const NO_DATA: Figure = { value: null, numerator: null, denominator: null, symbol: ':' };
export const SUPPRESSED: Figure = { value: null, numerator: null, denominator: null, symbol: 'c' };

/** The median of pooled values given as (value, count) pairs; halfway between the middle two when the count is even. */
export function medianOf(histogram: Map<number, number>): { median: number | null; n: number } {
	const entries = [...histogram].filter(([, n]) => n > 0).sort((a, b) => a[0] - b[0]);
	const n = entries.reduce((s, [, c]) => s + c, 0);
	if (n === 0) return { median: null, n };
	const nth = (k: number) => {
		let seen = 0;
		for (const [v, c] of entries) {
			seen += c;
			if (seen >= k) return v;
		}
		throw new Error('unreachable');
	};
	const median = n % 2 ? nth((n + 1) / 2) : (nth(n / 2) + nth(n / 2 + 1)) / 2;
	return { median, n };
}

const round2 = (x: number) => Math.round(x * 100) / 100;

/** A numerator or denominator as shown: record counts rounded in an aggregate, FTE to 2 places. */
function shown(unit: MeasureUnit, x: number, regime: Regime): number {
	if (unit === 'count') return regime === 'aggregate' ? roundToTen(x) : x;
	return round2(x);
}

/** A proportion, rate, ratio, count or share from its cell. `shareOf` is a share's population. */
export function figureOf(
	def: MetricDefinition,
	cell: Cell,
	regime: Regime,
	shareOf?: Cell
): Figure {
	const controlled = regime !== 'held';
	if (def.kind === 'count') {
		if (controlled && isSmallCount(cell.numN)) return SUPPRESSED;
		const v = shown('count', cell.num, regime);
		return { value: v, numerator: v, denominator: null, symbol: null };
	}
	if (def.kind === 'share') {
		const total = shareOf ?? cell;
		if (controlled && (isSmallCount(cell.numN) || isSmallCount(total.numN))) return SUPPRESSED;
		const numerator = shown('count', cell.num, regime);
		const denominator = shown('count', total.num, regime);
		if (denominator === 0) return { value: null, numerator, denominator, symbol: 'z' };
		return { value: (100 * numerator) / denominator, numerator, denominator, symbol: null };
	}
	if (controlled && (isSmallCount(cell.numN) || isSmallCount(cell.denN))) return SUPPRESSED;
	const units = def.units ?? { numerator: 'count', denominator: 'count' };
	const numerator = shown(units.numerator, cell.num, regime);
	const denominator = shown(units.denominator, cell.den, regime);
	if (cell.den === 0 || denominator === 0)
		return { value: null, numerator, denominator, symbol: 'z' };
	const scale = def.kind === 'ratio' ? 1 : def.scale;
	// From the counts as shown: in an aggregate the value then carries nothing the rounded
	// counts do not (exact counts cannot be worked back from it).
	const [n, d] = regime === 'aggregate' ? [numerator, denominator] : [cell.num, cell.den];
	return { value: (scale * n) / d, numerator, denominator, symbol: null };
}

/** A median figure from its pooled distribution (an aggregate's leaves out small authority-months). */
export function medianFigure(histogram: Map<number, number>, regime: Regime): Figure {
	const { median, n } = medianOf(histogram);
	if (regime !== 'held' && isSmallCount(n)) return SUPPRESSED;
	const denominator = regime === 'aggregate' ? roundToTen(n) : n;
	if (median === null) return { value: null, numerator: null, denominator, symbol: 'z' };
	return { value: median, numerator: null, denominator, symbol: null };
}

/** The figure shown for the whole population of a per-key measure. */
export function perKeyTotal(def: MetricDefinition, total: Figure): Figure {
	if (!def.perKey || def.perKey.pooled) return total;
	// A share's population is worth showing; pooling per-agency rates is not a published measure.
	if (def.kind === 'share' && total.symbol !== 'c')
		return { value: null, numerator: null, denominator: total.denominator, symbol: 'z' };
	return {
		value: null,
		numerator: null,
		denominator: null,
		symbol: total.symbol === 'c' ? 'c' : 'z'
	};
}

/**
 * Whether a split (the counts of the metric that holds it, see `splitOf`) has a part of 1 to 5.
 * Children on a plan are split into those without an allocated worker (that metric's
 * numerator) and those with one (the denominator of the metrics naming it in `complementOf`);
 * the whole is published with both, so either part could be worked out as the whole minus the
 * other. Under single-authority control every figure resting on a small split is suppressed.
 */
export function splitIsSmall(split: Cell): boolean {
	return isSmallCount(split.numN) || isSmallCount(split.denN - split.numN);
}

/** Whether a breakdown's keys add up to the metric's total (so one key could be worked out). */
export function isPartition(def: MetricDefinition): boolean {
	return !def.perKey || def.perKey.pooled || def.kind === 'share';
}

/**
 * A breakdown of one authority the viewer does not hold is shown whole or not at all: if any
 * key (or the total it adds up to) is suppressed, every key is, so no key can be worked out by
 * subtracting the others from the total.
 */
export function wholeOrNone(keys: KeyFigure[], total: Figure): KeyFigure[] {
	if (total.symbol !== 'c' && keys.every((k) => k.symbol !== 'c')) return keys;
	return keys.map((k) => ({ key: k.key, ...SUPPRESSED }));
}
