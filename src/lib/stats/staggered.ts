// The effect of a change adopted at different times by different units (authorities going live
// with a multi-agency child protection team month by month), by the method of Callaway and
// Sant'Anna (2021, "Difference-in-differences with multiple time periods"), with authorities not
// yet live as the comparison.
//
// Why this method: with staggered adoption, the usual two-way fixed-effects regression compares
// late adopters with early adopters after the early ones changed, so an effect that grows over
// time can even reverse its sign. Here each cohort (the units going live in the same period) is
// compared only with units that had not gone live by then, on the change since the period
// before its own go-live; the comparisons are then averaged by months since go-live.
//
// The base each change is measured from is by default the period before go-live, as in the
// paper; `baseWindow` widens it to the mean of up to that many periods before go-live. With
// monthly figures a single month's noise would shift every later comparison of its cohort
// alike; the mean of a year's months holds a twelfth of its variance, and needs parallel trends
// over that year rather than one month. The event study's periods before go-live are then
// measured from the same mean, so they show the shape of the trend before go-live around zero.
//
// Assumptions, in words: without the change, a cohort's outcome would have moved as the not-yet
// adopters' did (parallel trends); units do not change course in anticipation of going live;
// and going live in one authority does not move another. The months before go-live
// (negative event times) are placebo checks of the first two: they should be near zero.
//
// The 95% interval comes from a cluster bootstrap: units are resampled with replacement, with
// their whole series and adoption date, and everything is computed again; the spread of those
// estimates is the standard error, and the interval is the estimate ± Student's t times it,
// with one fewer degree of freedom than the smaller group has units (with few authorities going
// live, it is their number, not everyone's, that limits what the data can say). The event study's intervals are the replicates'
// 2.5th and 97.5th percentiles. The resampling is seeded, so the same data always gives the
// same interval.

export interface PanelUnit {
	code: string;
	/** Index of the first period the change was in place; null if never, within the data. */
	adopted: number | null;
	/** One value per period (null where not known). */
	values: (number | null)[];
}

export interface EventTimeEstimate {
	/** Periods since adoption: 0 is the first period live, −1 the one before (the base). */
	e: number;
	estimate: number;
	lower: number | null;
	upper: number | null;
	/** Adopting units that contribute at this event time. */
	units: number;
}

export interface StaggeredEstimate {
	/** Average effect over event times 0..horizon (those with any cohort). */
	estimate: number;
	lower: number;
	upper: number;
	eventTimes: EventTimeEstimate[];
	/** Adopting units with a base period in the data (cohorts that count). */
	adopted: string[];
	/**
	 * Units not adopting within the data: the comparison throughout (adopters are a comparison
	 * too, until they go live).
	 */
	notAdopting: string[];
	replicates: number;
}

export interface StaggeredOptions {
	/** Last event time averaged into the estimate (periods after go-live). */
	horizon: number;
	/** Earliest event time shown (a negative number: the placebo periods). */
	lead: number;
	/** Periods before go-live whose mean is the base (1: the period before go-live alone). */
	baseWindow?: number;
	/** Bootstrap replicates. */
	replicates?: number;
	seed?: number;
}

interface Cell {
	/** Sum of cohort weights and weighted ATT(g, g+e) at each event time. */
	weight: number;
	sum: number;
}

/** The event-time estimates for one sample of units (indices into `units`, repeats allowed). */
function eventTimes(
	units: PanelUnit[],
	sample: number[],
	o: StaggeredOptions
): Map<number, Cell & { units: number }> {
	const periods = units[0]?.values.length ?? 0;
	const cohorts = new Map<number, number[]>();
	for (const i of sample) {
		const g = units[i]!.adopted;
		if (g === null || g < 1 || g >= periods) continue;
		const members = cohorts.get(g);
		if (members) members.push(i);
		else cohorts.set(g, [i]);
	}
	const out = new Map<number, Cell & { units: number }>();
	const window = o.baseWindow ?? 1;
	for (const [g, members] of cohorts) {
		const base = { from: Math.max(0, g - window), to: g - 1 };
		for (let e = o.lead; e <= o.horizon; e++) {
			const t = g + e;
			// A one-period base is zero against itself: that event time is not estimated.
			if (t < 0 || t >= periods || (window === 1 && t === base.to)) continue;
			const treated = meanChange(units, members, t, base, () => true);
			// Other units not yet live at t nor in the base: adopting later than both, or never.
			const later = Math.max(t, base.to);
			const control = meanChange(
				units,
				sample,
				t,
				base,
				(gj) => gj !== g && (gj === null || gj > later)
			);
			if (treated === null || control === null) continue;
			const cell = out.get(e) ?? { weight: 0, sum: 0, units: 0 };
			cell.weight += treated.n;
			cell.sum += treated.n * (treated.mean - control.mean);
			cell.units += treated.n;
			out.set(e, cell);
		}
	}
	return out;
}

/**
 * Mean of Y_t − (mean of Y over the base periods) over the members whose adoption `takes` and
 * that have a value at t and at least one in the base.
 */
function meanChange(
	units: PanelUnit[],
	members: number[],
	t: number,
	base: { from: number; to: number },
	takes: (adopted: number | null) => boolean
): { mean: number; n: number } | null {
	let sum = 0;
	let n = 0;
	for (const i of members) {
		if (!takes(units[i]!.adopted)) continue;
		const values = units[i]!.values;
		const a = values[t];
		if (a === null || a === undefined) continue;
		let b = 0;
		let k = 0;
		for (let j = base.from; j <= base.to; j++) {
			const v = values[j];
			if (v === null || v === undefined) continue;
			b += v;
			k++;
		}
		if (k === 0) continue;
		sum += a - b / k;
		n++;
	}
	return n ? { mean: sum / n, n } : null;
}

/** The average over event times 0..horizon of the event-time estimates; null if none. */
function overall(cells: Map<number, Cell>, horizon: number): number | null {
	let sum = 0;
	let n = 0;
	for (let e = 0; e <= horizon; e++) {
		const c = cells.get(e);
		if (!c || c.weight === 0) continue;
		sum += c.sum / c.weight;
		n++;
	}
	return n ? sum / n : null;
}

/** A small seeded generator (mulberry32): the bootstrap's resampling is reproducible. */
function mulberry32(seed: number): () => number {
	let a = seed >>> 0;
	return () => {
		a = (a + 0x6d2b79f5) | 0;
		let t = Math.imul(a ^ (a >>> 15), 1 | a);
		t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

/**
 * Half the 95% interval: the bootstrap's standard error times Student's t with one fewer degree
 * of freedom than `clusters` (few clusters: a plain 1.96 or the percentiles are too narrow).
 */
function halfWidth(draws: number[], clusters: number): number {
	const mean = draws.reduce((a, b) => a + b, 0) / draws.length;
	const variance = draws.reduce((a, b) => a + (b - mean) ** 2, 0) / (draws.length - 1);
	return studentT975(clusters - 1) * Math.sqrt(variance);
}

/**
 * The 97.5th percentile of Student's t with `df` degrees of freedom, by the Cornish–Fisher
 * expansion (Abramowitz and Stegun 26.7.5); within 0.001 of the exact value from 5 degrees up.
 */
export function studentT975(df: number): number {
	const z = 1.959963984540054;
	const [z3, z5, z7] = [z ** 3, z ** 5, z ** 7];
	return (
		z +
		(z3 + z) / (4 * df) +
		(5 * z5 + 16 * z3 + 3 * z) / (96 * df ** 2) +
		(3 * z7 + 19 * z5 + 17 * z3 - 15 * z) / (384 * df ** 3)
	);
}

function percentile(sorted: number[], p: number): number {
	const at = p * (sorted.length - 1);
	const lo = Math.floor(at);
	const hi = Math.ceil(at);
	return sorted[lo]! + (sorted[hi]! - sorted[lo]!) * (at - lo);
}

/**
 * The staggered-adoption estimate with its 95% interval and its event study; null when no
 * cohort has both a period before go-live and a comparison unit.
 */
export function staggeredEffect(units: PanelUnit[], o: StaggeredOptions): StaggeredEstimate | null {
	const all = units.map((_, i) => i);
	const cells = eventTimes(units, all, o);
	const estimate = overall(cells, o.horizon);
	if (estimate === null) return null;

	const replicates = o.replicates ?? 499;
	const random = mulberry32(o.seed ?? 20_220_501);
	const draws: number[] = [];
	const byE = new Map<number, number[]>();
	for (let r = 0; r < replicates; r++) {
		const sample = all.map(() => Math.floor(random() * units.length));
		const c = eventTimes(units, sample, o);
		const est = overall(c, o.horizon);
		if (est !== null) draws.push(est);
		for (const [e, cell] of c) {
			if (cell.weight) byE.set(e, [...(byE.get(e) ?? []), cell.sum / cell.weight]);
		}
	}
	draws.sort((a, b) => a - b);
	const eventTimeEstimates = [...cells.entries()]
		.filter(([, c]) => c.weight > 0)
		.sort(([a], [b]) => a - b)
		.map(([e, c]) => {
			const d = (byE.get(e) ?? []).sort((a, b) => a - b);
			// An interval needs most replicates to have the event time at all.
			const enough = d.length >= replicates * 0.9;
			return {
				e,
				estimate: c.sum / c.weight,
				lower: enough ? percentile(d, 0.025) : null,
				upper: enough ? percentile(d, 0.975) : null,
				units: c.units
			};
		});
	const periods = units[0]?.values.length ?? 0;
	const adopted = units.filter((u) => u.adopted !== null && u.adopted >= 1 && u.adopted < periods);
	const notAdopting = units.filter((u) => u.adopted === null || u.adopted >= periods);
	// At least two, so that Student's t has a degree of freedom.
	const clusters = Math.max(2, Math.min(adopted.length, notAdopting.length));
	return {
		estimate,
		lower: estimate - halfWidth(draws, clusters),
		upper: estimate + halfWidth(draws, clusters),
		eventTimes:
			(o.baseWindow ?? 1) === 1
				? [
						...eventTimeEstimates.filter((x) => x.e < -1),
						// The base period: zero by construction, shown so the chart has its reference point.
						{ e: -1, estimate: 0, lower: 0, upper: 0, units: adopted.length },
						...eventTimeEstimates.filter((x) => x.e >= 0)
					].sort((a, b) => a.e - b.e)
				: eventTimeEstimates,
		adopted: adopted.map((u) => u.code),
		notAdopting: notAdopting.map((u) => u.code),
		replicates: draws.length
	};
}
