// Disclosure control's arithmetic, following the Department for Education's conventions for
// children's social care statistics where they hold against an insider (docs/disclosure.md says
// why each rule exists): counts of 1 to 5 are suppressed, England and regional counts are
// rounded to the nearest 10, order statistics need enough published values, and an authority
// shown without its name carries only a coarse value and a size band shared with many others.
// Pure functions; the analytics engine decides which rule applies to which figure.

/** The largest count that is suppressed. */
export const SMALL_COUNT_MAX = 5;

/**
 * A count of 1 to 5. Protected sums (see the published roll-up) can hold fractions, so anything
 * above 0 and below 6 counts as small.
 */
export function isSmallCount(count: number): boolean {
	return count > 0 && count < SMALL_COUNT_MAX + 1;
}

/** Rounds a count to the nearest 10, halves away from zero (15 → 20, 14 → 10). */
export function roundToTen(count: number): number {
	return Math.sign(count) * Math.round(Math.abs(count) / 10 + Number.EPSILON) * 10;
}

/**
 * Published values needed before a median of statistical neighbours is given: with fewer, the
 * "median" is one or two identifiable neighbours' own figures.
 */
export const MIN_VALUES_FOR_MEDIAN = 5;

/**
 * Published values needed before a quartile band or rank is given: fewer than ten leaves
 * quarters of one or two authorities, whose cut points are those authorities' own figures.
 */
export const MIN_VALUES_FOR_RANK = 10;

/** Authorities needed in a size band before its points can be shown without their names. */
export const MIN_PER_SIZE_BAND = 10;

/** Rounds to `digits` significant figures (1234 → 1200 for 2). */
export function significant(x: number, digits: number): number {
	if (x === 0 || !Number.isFinite(x)) return x;
	const p = digits - 1 - Math.floor(Math.log10(Math.abs(x)));
	const f = 10 ** p;
	return Math.round(x * f) / f;
}

/**
 * The value shown for an authority that is not named: whole percentages, or two significant
 * figures for anything else. A full-precision value would give away its numerator and
 * denominator (a fraction such as 12/29 has only one form), and with them its size.
 */
export function coarsenValue(value: number, unit: string): number {
	return unit === '%' ? Math.round(value) : significant(value, 2);
}

/** A range of denominators holding enough authorities that a point in it stays anonymous. */
export interface SizeBand {
	/** Smallest denominator in the band, and the largest (null: no upper end). */
	from: number;
	to: number | null;
	/** Where the band's points are drawn on a funnel's x axis. */
	x: number;
}

/**
 * Size bands over a set of denominators, each holding at least `minimum` of them: cut between
 * consecutive groups at a round number (two significant figures), so a band's edges say nothing
 * exact about the authorities in it. Fewer than `minimum` denominators make no band at all.
 */
export function sizeBands(denominators: number[], minimum = MIN_PER_SIZE_BAND): SizeBand[] {
	const sorted = denominators.filter((d) => d > 0).sort((a, b) => a - b);
	if (sorted.length < minimum) return [];
	const cuts: number[] = [];
	let start = 0;
	// Cut after each run of `minimum`, provided enough remain for the last band.
	while (sorted.length - start >= 2 * minimum) {
		const below = sorted[start + minimum - 1]!;
		const above = sorted[start + minimum]!;
		const cut = roundCut(below, above);
		if (cut === null) {
			start++;
			continue;
		}
		cuts.push(cut);
		start = sorted.findIndex((d) => d >= cut);
	}
	const edges = [roundDown(sorted[0]!), ...cuts];
	return edges.map((from, i) => {
		const to = i + 1 < edges.length ? edges[i + 1]! - 1 : null;
		const members = sorted.filter((d) => d >= from && (to === null || d <= to));
		// Drawn at the band's middle member, to two significant figures: near its points,
		// without pinning any one of them.
		const middle = members[Math.floor((members.length - 1) / 2)]!;
		return { from, to, x: significant(middle, 2) };
	});
}

/** A round number in (below, above], the fewest significant figures that fit; null if none. */
function roundCut(below: number, above: number): number | null {
	if (above <= below) return null;
	for (let digits = 1; digits <= 3; digits++) {
		const step = 10 ** Math.max(0, Math.floor(Math.log10(above)) - digits + 1);
		const cut = Math.ceil((below + 1) / step) * step;
		if (cut <= above) return cut;
	}
	return above;
}

/** The first band starts at a round number at or below its smallest denominator. */
function roundDown(x: number): number {
	const step = 10 ** Math.max(0, Math.floor(Math.log10(x)));
	return Math.max(1, Math.floor(x / step) * step);
}
