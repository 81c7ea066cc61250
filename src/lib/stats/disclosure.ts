// Disclosure control, following the Department for Education's conventions for children's
// social care statistics: counts of 1 to 5, and any figure built on them, are shown as `c`;
// a second cell is suppressed wherever one suppressed cell could be worked out from a published
// total; England and regional counts are rounded to the nearest 10 (figures such as percentages
// are calculated from the unrounded counts, as DfE does). Zero is not suppressed.
//
// The GSS symbols: `c` confidential (suppressed), `:` not available (no data),
// `z` not applicable (nothing to measure, e.g. a zero denominator).

export type GssSymbol = 'c' | ':' | 'z';

export const GSS_SYMBOLS: Record<GssSymbol, string> = {
	c: 'suppressed to protect confidentiality (a count of 1 to 5, or a figure that would reveal one)',
	':': 'not available: the records this measure needs were not supplied',
	z: 'not applicable: nothing to measure in this period'
};

/** The largest count that is suppressed. */
export const SMALL_COUNT_MAX = 5;

export function isSmallCount(count: number): boolean {
	return count >= 1 && count <= SMALL_COUNT_MAX;
}

/** Rounds a count to the nearest 10, halves away from zero (15 → 20, 14 → 10). */
export function roundToTen(count: number): number {
	return Math.sign(count) * Math.round(Math.abs(count) / 10 + Number.EPSILON) * 10;
}

export interface PartitionCell {
	/** The record counts behind the cell (e.g. numerator and denominator). */
	counts: number[];
	suppressed: boolean;
}

/**
 * Cells to suppress in addition to the primary ones, so that no suppressed cell of a partition
 * (cells that add up to a published total) can be recovered by subtraction. When exactly one
 * cell is suppressed, the smallest non-zero published cell is suppressed too; with two or more
 * suppressed, only their sum can be worked out. When the total itself is suppressed nothing is
 * needed. Returns the indices of the extra cells.
 */
export function secondarySuppression(cells: PartitionCell[], totalPublished: boolean): number[] {
	if (!totalPublished) return [];
	const suppressed = cells.filter((c) => c.suppressed).length;
	if (suppressed !== 1) return [];
	const size = (c: PartitionCell) => Math.max(...c.counts);
	const candidates = cells
		.map((c, i) => ({ c, i }))
		.filter(({ c }) => !c.suppressed && size(c) > 0)
		.sort((a, b) => size(a.c) - size(b.c) || a.i - b.i);
	// With no non-zero cell left, the total equals the suppressed cell and is itself small.
	return candidates.length ? [candidates[0]!.i] : [];
}
