// Is the reform changing a measure? Authorities whose multi-agency child protection team went
// live are compared with those not yet live, month by month from the metric store, by the
// staggered-adoption method of stats/staggered.ts. Request-free, so the `evaluate` command and
// the pages share it.
import type { MetricDefinition } from '$lib/metrics/types';
import { isSmallCount } from '$lib/stats/disclosure';
import { staggeredEffect, type EventTimeEstimate, type PanelUnit } from '$lib/stats/staggered';
import { smallCountMeanSql } from '../analytics/store/store';

/** The measure the evaluation opens on: the review's first concern, agencies in the room. */
export const OPENING_MEASURE = 'strategy_core_attendance';

/** Months after go-live averaged into the estimate (the first year live). */
export const HORIZON = 11;
/** Months before go-live shown as placebo checks. */
export const LEAD = -12;
export const REPLICATES = 499;
/** Months before go-live whose mean each change is measured from. */
export const BASE_MONTHS = 12;

export const METHOD =
	"Difference in differences for staggered adoption (Callaway and Sant'Anna, 2021): each group of authorities going live in the same month is compared with authorities not yet live, on the change from their mean over the 12 months before its go-live; the average over the first 12 months live. 95% interval: cluster bootstrap over authorities (499 resamples) with Student's t.";

export type Query = (
	sql: string,
	params: Record<string, string>
) => Promise<Record<string, unknown>[]>;

/** Why the measure cannot be evaluated this way, or null if it can. */
export function notEvaluable(def: MetricDefinition): string | null {
	if (def.kind === 'median')
		return 'It is a median of working days pooled over records; an authority’s monthly median of a handful of records is too coarse to compare changes in, and medians do not average.';
	if (def.kind === 'share' || def.perKey)
		return 'It is a distribution across agencies or sources, with no single value to compare; choose one of the measures with one value per authority.';
	if (def.kind === 'count')
		return 'It is a count, which grows with an authority’s size; compare a rate instead.';
	return null;
}

/** One authority-month: the measure's value, or null where it has no denominator. */
export interface MonthValue {
	la: string;
	month: string;
	value: number | null;
}

type MonthRow = Record<string, unknown>;

/** Every authority-month's counts of the measure, with what a small numerator counts as. */
async function monthlyRows(query: Query, def: MetricDefinition): Promise<MonthRow[]> {
	const den = def.fte ? 'coalesce(den_n, den)' : 'den';
	const num = def.fte ? 'coalesce(num_n, num)' : 'num';
	return query(
		`WITH t AS (SELECT la_code, month, sum(num) AS num, sum(den) AS den,
				sum(${num}) AS num_count, sum(${den}) AS den_count
			FROM metric_totals WHERE metric = $metric GROUP BY la_code, month),
		england AS (SELECT month, sum(num) / nullif(sum(den), 0) AS p FROM t GROUP BY month)
		SELECT t.la_code AS la, strftime(t.month, '%Y-%m') AS month, t.num, t.den,
			t.num_count, t.den_count, ${smallCountMeanSql('t.den', 'england.p')} AS small_num
		FROM t JOIN england USING (month) ORDER BY la, month`,
		{ metric: def.id }
	);
}

/**
 * The rows as values. `protect`: as the published figures are, so that nothing is learned
 * beyond them: a month whose denominator is small (1 to 5) is left out, and a small numerator
 * (1 to 5) counts as its expected value given the denominator and England's rate that month —
 * as the published roll-ups count it.
 */
function valuesOf(rows: MonthRow[], def: MetricDefinition, protect: boolean): MonthValue[] {
	return rows.map((r) => {
		const d = Number(r.den);
		let n = Number(r.num);
		if (protect) {
			if (isSmallCount(Number(r.den_count)))
				return { la: String(r.la), month: String(r.month), value: null };
			if (isSmallCount(Number(r.num_count))) n = Number(r.small_num);
		}
		return {
			la: String(r.la),
			month: String(r.month),
			value: d > 0 ? (def.kind === 'ratio' ? n / d : (def.scale * n) / d) : null
		};
	});
}

/** Every authority's monthly value of the measure from the store, protected or as it is. */
export async function monthlyValues(
	query: Query,
	def: MetricDefinition,
	o: { protect: boolean }
): Promise<MonthValue[]> {
	return valuesOf(await monthlyRows(query, def), def, o.protect);
}

/** Both at once, from one reading of the store: as published, and as those who hold them see them. */
export async function monthlyValuesBoth(
	query: Query,
	def: MetricDefinition
): Promise<{ published: MonthValue[]; own: MonthValue[] }> {
	const rows = await monthlyRows(query, def);
	return { published: valuesOf(rows, def, true), own: valuesOf(rows, def, false) };
}

export interface Evaluation {
	metric: string;
	/** In the measure's own units (percentage points for a percentage). */
	estimate: number;
	lower: number;
	upper: number;
	method: string;
	adopted: string[];
	comparison: string[];
	/** Authorities live before the data's second month: no month before to compare with. */
	liveThroughout: string[];
	eventTimes: EventTimeEstimate[];
	months: { from: string; to: string };
}

/** The month (YYYY-MM) a date falls in. */
const monthOf = (date: string) => date.slice(0, 7);

/**
 * The evaluation of the measure given each authority's go-live (first day live); null when no
 * authority went live with a month before it in the data and others not yet live to compare.
 * The month of go-live counts as the first month live.
 */
export function evaluate(
	def: MetricDefinition,
	values: MonthValue[],
	authorities: string[],
	goLive: Record<string, string>
): Evaluation | null {
	const months = [...new Set(values.map((v) => v.month))].sort();
	if (months.length < 2) return null;
	const index = new Map(months.map((m, i) => [m, i]));
	const byLa = new Map<string, (number | null)[]>(
		authorities.map((la) => [la, months.map(() => null)])
	);
	for (const v of values) {
		const row = byLa.get(v.la);
		if (row) row[index.get(v.month)!] = v.value;
	}
	const units: PanelUnit[] = authorities.map((code) => {
		const date = goLive[code];
		let adopted: number | null = null;
		if (date) {
			const m = monthOf(date);
			adopted = m < months[0]! ? 0 : m > months.at(-1)! ? null : index.get(m)!;
		}
		return { code, adopted, values: byLa.get(code)! };
	});
	const result = staggeredEffect(units, {
		horizon: HORIZON,
		lead: LEAD,
		baseWindow: BASE_MONTHS,
		replicates: REPLICATES
	});
	if (!result) return null;
	return {
		metric: def.id,
		estimate: result.estimate,
		lower: result.lower,
		upper: result.upper,
		method: METHOD,
		adopted: result.adopted,
		comparison: result.notAdopting,
		liveThroughout: units.filter((u) => u.adopted === 0).map((u) => u.code),
		eventTimes: result.eventTimes,
		months: { from: months[0]!, to: months.at(-1)! }
	};
}

/** Where an authority's go-live comes from: the implementation register, or the simulation. */
export type GoLiveSource = 'register' | 'simulated';

/**
 * Each authority's first day with a live multi-agency child protection team: the register's
 * present entry where it has one (an entry that is not "live" means not live), otherwise, for
 * synthetic data, the simulated rollout the data was generated with.
 */
export function goLivesFrom(
	register: Map<string, { macpt?: { stage: string; date: string } }>,
	simulated: Record<string, string>
): { goLive: Record<string, string>; source: Record<string, GoLiveSource> } {
	const goLive: Record<string, string> = {};
	const source: Record<string, GoLiveSource> = {};
	for (const [la, date] of Object.entries(simulated)) {
		if (register.get(la)?.macpt) continue;
		goLive[la] = date;
		source[la] = 'simulated';
	}
	for (const [la, entries] of register) {
		if (entries.macpt?.stage !== 'live') continue;
		goLive[la] = entries.macpt.date;
		source[la] = 'register';
	}
	return { goLive, source };
}
