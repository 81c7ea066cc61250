// From summed counts to the figures people see: the value by the metric's kind, then
// disclosure control (suppression and rounding) where the viewer does not hold the records.
// Pure functions; the engine calls them for every figure, so a page, an export and the
// command apply exactly the same rules.
import type { MeasureUnit, MetricDefinition } from '$lib/metrics/types';
import { isSmallCount, roundToTen, type GssSymbol } from '$lib/stats/disclosure';

export interface Cell {
	num: number;
	den: number;
	/** Head counts behind num and den (equal to them unless the metric sums FTE). */
	numN: number;
	denN: number;
}

export interface Figure {
	value: number | null;
	numerator: number | null;
	denominator: number | null;
	/** Null when there is a value; otherwise why there is none. */
	symbol: GssSymbol | null;
}

export const EMPTY_CELL: Cell = { num: 0, den: 0, numN: 0, denN: 0 };

// Sums of FTE are kept to 6 decimal places, so that adding the same values in another order
// (store or case tables, one authority or many) gives exactly the same figure.
export const tidy = (x: number) => Math.round(x * 1e6) / 1e6;

export function addCells(a: Cell, b: Cell): Cell {
	return {
		num: tidy(a.num + b.num),
		den: tidy(a.den + b.den),
		numN: a.numN + b.numN,
		denN: a.denN + b.denN
	};
}

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

export interface DisclosureOptions {
	/** Suppress small counts (the viewer does not hold these records). */
	controlled: boolean;
	/** Round counts to the nearest 10 (regional and England aggregates under control). */
	rounded: boolean;
}

const round2 = (x: number) => Math.round(x * 100) / 100;

/** A numerator or denominator as shown: counts of records rounded under `rounded`, FTE to 2 places. */
function shown(unit: MeasureUnit, x: number, rounded: boolean): number {
	if (unit === 'count') return rounded ? roundToTen(x) : x;
	return round2(x);
}

/** A proportion, rate, ratio or count from its cell. `shareOf` is the population for shares. */
export function figureOf(
	def: MetricDefinition,
	cell: Cell,
	o: DisclosureOptions,
	shareOf?: Cell
): Figure {
	if (def.kind === 'count') {
		if (o.controlled && isSmallCount(cell.numN)) return SUPPRESSED;
		const v = shown('count', cell.num, o.rounded);
		return { value: v, numerator: v, denominator: null, symbol: null };
	}
	if (def.kind === 'share') {
		const total = shareOf ?? cell;
		if (o.controlled && (isSmallCount(cell.numN) || isSmallCount(total.numN))) return SUPPRESSED;
		const numerator = shown('count', cell.num, o.rounded);
		const denominator = shown('count', total.num, o.rounded);
		if (total.num === 0) return { value: null, numerator, denominator, symbol: 'z' };
		return { value: (100 * cell.num) / total.num, numerator, denominator, symbol: null };
	}
	if (o.controlled && (isSmallCount(cell.numN) || isSmallCount(cell.denN))) return SUPPRESSED;
	const units = def.units ?? { numerator: 'count', denominator: 'count' };
	const numerator = shown(units.numerator, cell.num, o.rounded);
	const denominator = shown(units.denominator, cell.den, o.rounded);
	if (cell.den === 0) return { value: null, numerator, denominator, symbol: 'z' };
	const scale = def.kind === 'ratio' ? 1 : def.scale;
	return { value: (scale * cell.num) / cell.den, numerator, denominator, symbol: null };
}

/** A median figure from its pooled distribution. */
export function medianFigure(histogram: Map<number, number>, o: DisclosureOptions): Figure {
	const { median, n } = medianOf(histogram);
	if (o.controlled && isSmallCount(n)) return SUPPRESSED;
	const denominator = o.rounded ? roundToTen(n) : n;
	if (median === null) return { value: null, numerator: null, denominator, symbol: 'z' };
	return { value: median, numerator: null, denominator, symbol: null };
}
