// Fetches summed numerators and denominators for a set of metrics, by one of three routes:
// - an area's published roll-up (England or a region, for those who do not hold it: see
//   store.ts), which is the only source of such figures;
// - each authority's rows in the pre-aggregated store, for whole months;
// - the case tables, for any other period (the viewer's own authorities only).
// The last two return the same rows for the same question (fetch-store.ts, fetch-cases.ts).
import type { MetricDefinition } from '$lib/metrics/types';
import { isMonthEnd, monthStart } from '$lib/stats/dates';
import type { AnalyticsSession, Params } from '../duckdb';
import type { CellRow, Counts, ValueRow } from './counts';
import { fromCases } from './fetch-cases';
import { fromStore } from './fetch-store';
import type { DataFacts } from './data-facts';

export type CountSource = 'store' | 'cases';

export interface FetchOptions {
	from: string;
	to: string;
	/** Authorities to fetch; null for all. Ignored when `area` is given. */
	las: string[] | null;
	/** An area of the published roll-up ('england' or a region code) to read instead. */
	area?: string;
	/**
	 * The metrics (ids) whose breakdowns to fetch as well — every breakdown each offers; the
	 * others get the whole population only. Fetching only what is asked keeps England's
	 * overview from reading every authority's breakdown rows.
	 */
	breakdowns: readonly string[];
	/** One bucket per month instead of one for the period. */
	monthly: boolean;
	/** Add the authorities together in the database (rows then carry la_code 'all'). */
	combine?: boolean;
	visitWorkingDays: number;
	source: 'auto' | CountSource;
}

export interface FetchedCounts extends Counts {
	sources: Map<string, CountSource>;
}

/** Whether the store can answer this metric for this period exactly. */
export function storeAnswers(def: MetricDefinition, facts: DataFacts, o: FetchOptions): boolean {
	if (!facts.store.metrics.has(def.id)) return false;
	if (def.id === 'visits_10wd' && facts.store.visitWorkingDays !== o.visitWorkingDays) return false;
	if (!isMonthEnd(o.to)) return false;
	if (def.timing === 'event') return o.from === monthStart(o.from);
	return facts.store.lastSnapshot !== null && o.to <= facts.store.lastSnapshot;
}

/** The counts of the metrics for the options, each metric by the route that answers it. */
export async function fetchCounts(
	session: AnalyticsSession,
	facts: DataFacts,
	defs: MetricDefinition[],
	o: FetchOptions
): Promise<FetchedCounts> {
	const sources = new Map<string, CountSource>();
	const fromStoreDefs: MetricDefinition[] = [];
	const fromCasesDefs: MetricDefinition[] = [];
	for (const d of defs) {
		const store =
			o.area !== undefined ||
			o.source === 'store' ||
			(o.source === 'auto' && storeAnswers(d, facts, o));
		if (store && !facts.store.metrics.has(d.id)) throw new Error(`the store does not hold ${d.id}`);
		(store ? fromStoreDefs : fromCasesDefs).push(d);
		sources.set(d.id, store ? 'store' : 'cases');
	}
	// One parameter per authority: an IN list of constants lets DuckDB skip other authorities'
	// row groups, which a list function evaluated per row would not.
	const laParams: Params = Object.fromEntries((o.las ?? []).map((la, i) => [`la${i}`, la]));
	const laFilter = o.las
		? ` AND la_code IN (${o.las.map((_, i) => `$la${i}`).join(', ') || 'NULL'})`
		: '';
	const params: Params = { from: o.from, to: o.to, ...laParams };
	const cells: CellRow[] = [];
	const values: ValueRow[] = [];

	if (fromStoreDefs.length)
		await fromStore(session, fromStoreDefs, o, { laParams, laFilter }, cells, values);
	for (const d of fromCasesDefs)
		await fromCases(session, d, o, { params, laFilter }, cells, values);
	return { cells, values, sources };
}
