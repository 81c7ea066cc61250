// SPC with what leaders know about the process: targets that apply from a month on, and change
// points — dated events on an area's timeline. A change point is drawn on every chart of its
// area; where it is marked for recalculation, the process limits start again from its month,
// as Making Data Count does after a deliberate change, so the chart shows whether the process
// moved. Each phase is an XmR chart of its own (stats/spc): its own mean, limits and signals, and
// no run crosses from one phase into the next. The verdicts are those of the last phase, the
// process as it now stands; assurance compares the target in force in the last month with the
// last phase's limits.
import { monthInWords, sentenceStart } from './dates';
import { assurance, MIN_POINTS, xmr, type SpcOptions, type SpcResult } from './spc';

/** A target from a month on; a null value means no target from that month. */
export interface TargetStep {
	/** YYYY-MM */
	from: string;
	value: number | null;
}

export interface ChangePoint {
	/** YYYY-MM: the first month of the process after the change. */
	month: string;
	label: string;
	/** Whether this measure's limits start again from this month. */
	recalculate: boolean;
}

/** One stretch of the series with limits of its own. */
export interface SpcPhase {
	/** First and last month of the phase (YYYY-MM). */
	from: string;
	to: string;
	/** Points with a value. */
	n: number;
	mean: number | null;
	lowerLimit: number | null;
	upperLimit: number | null;
}

export interface PhasedSpc extends SpcResult {
	phases: SpcPhase[];
	/** The change points that fall within the series, in month order. */
	changes: ChangePoint[];
	/** The target in force each month (null: none), in the series' order. */
	targets: { x: string; value: number | null }[];
	/** The target in force in the last month, whether or not a verdict can be given on it. */
	target: number | null;
}

/** The target in force in `month`: the latest step from that month or before. */
export function targetIn(month: string, steps: TargetStep[]): number | null {
	let found: TargetStep | null = null;
	for (const s of steps) if (s.from <= month && (!found || s.from >= found.from)) found = s;
	return found?.value ?? null;
}

/** Splits the series where a recalculating change point starts a new phase. */
function phaseStarts(months: string[], changes: ChangePoint[]): number[] {
	const starts = new Set<number>([0]);
	for (const c of changes) {
		if (!c.recalculate) continue;
		const i = months.findIndex((m) => m >= c.month);
		if (i > 0) starts.add(i);
	}
	return [...starts].sort((a, b) => a - b);
}

export function phasedXmr(
	series: { x: string; value: number | null }[],
	options: SpcOptions & { targets?: TargetStep[]; changes?: ChangePoint[] }
): PhasedSpc {
	const months = series.map((p) => p.x);
	const first = months[0];
	const last = months[months.length - 1];
	const changes = (options.changes ?? [])
		.filter((c) => first !== undefined && c.month >= first && c.month <= last!)
		.sort((a, b) => (a.month < b.month ? -1 : a.month > b.month ? 1 : 0));
	const steps = options.targets ?? [];
	const starts = phaseStarts(months, changes);
	const results = starts.map((start, k) =>
		xmr(series.slice(start, starts[k + 1] ?? series.length), {
			polarity: options.polarity,
			screenOutliers: options.screenOutliers
		})
	);
	const phases: SpcPhase[] = results.map((r, k) => ({
		from: months[starts[k]!]!,
		to: months[(starts[k + 1] ?? series.length) - 1]!,
		n: r.n,
		mean: r.mean,
		lowerLimit: r.lowerLimit,
		upperLimit: r.upperLimit
	}));
	const now = results[results.length - 1]!;
	const target = last === undefined ? null : targetIn(last, steps);
	const judged =
		target !== null && now.n >= MIN_POINTS && now.lowerLimit !== null && now.upperLimit !== null
			? assurance(now.lowerLimit, now.upperLimit, target, options.polarity)
			: null;
	return {
		...now,
		points: results.flatMap((r) => r.points),
		assurance: judged,
		phases,
		changes,
		targets: months.map((x) => ({ x, value: targetIn(x, steps) })),
		target
	};
}

/**
 * The phases in words, for the page and the chart's description: each phase's mean and limits
 * and the change it starts from. Null when the limits were never recalculated.
 */
export function phasesInWords(
	spc: Pick<PhasedSpc, 'phases' | 'changes'>,
	format: (v: number) => string
): string | null {
	if (spc.phases.length < 2) return null;
	const parts = spc.phases.map((p, k) => {
		// The phase starts at the first month with data on or after its change point.
		const change = spc.changes.filter((c) => c.recalculate && c.month <= p.from).pop();
		const when =
			k === 0
				? `up to ${monthInWords(p.to)}`
				: `from ${monthInWords(p.from)} (${change?.label ?? 'a change'})`;
		if (p.mean === null) return `${when}: no values`;
		const limits =
			p.lowerLimit === null || p.upperLimit === null
				? 'too few values for limits'
				: `limits ${format(p.lowerLimit)} to ${format(p.upperLimit)}`;
		return `${when}: mean ${format(p.mean)}, ${limits}, ${p.n} ${p.n === 1 ? 'month' : 'months'}`;
	});
	return `Process limits recalculated. ${sentenceStart(parts.join('; '))}.`;
}
