// Fetches summed numerators and denominators for a set of metrics, by one of three routes:
// - an area's published roll-up (England or a region, for those who do not hold it: see
//   store.ts), which is the only source of such figures;
// - each authority's rows in the pre-aggregated store, for whole months;
// - the case tables, for any other period (the viewer's own authorities only).
// The last two return the same rows for the same question.
import type { MetricDefinition, SqlContext } from '$lib/metrics/types';
import { isMonthEnd, monthStart } from '$lib/stats/dates';
import type { AnalyticsSession, Params } from '../duckdb';
import { aggregateSql } from './aggregate-sql';
import { tidy, type CellRow, type Counts, type ValueRow } from './counts';
import type { Reference } from './reference';

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
export function storeAnswers(def: MetricDefinition, ref: Reference, o: FetchOptions): boolean {
	if (!ref.store.metrics.has(def.id)) return false;
	if (def.id === 'visits_10wd' && ref.store.visitWorkingDays !== o.visitWorkingDays) return false;
	if (!isMonthEnd(o.to)) return false;
	if (def.timing === 'event') return o.from === monthStart(o.from);
	return ref.store.lastSnapshot !== null && o.to <= ref.store.lastSnapshot;
}

/** Where a fetched row belongs: metric, authority (or area), bucket, breakdown and key. */
function placeOf(r: Record<string, unknown>) {
	return {
		metric: String(r.metric),
		la: String(r.la_code),
		bucket: String(r.bucket),
		breakdown: String(r.breakdown),
		key: String(r.key)
	};
}

function toCell(r: Record<string, unknown>): CellRow {
	return {
		...placeOf(r),
		num: tidy(Number(r.num)),
		den: tidy(Number(r.den)),
		numN: Number(r.num_n),
		denN: Number(r.den_n)
	};
}

function toValue(r: Record<string, unknown>): ValueRow {
	return {
		...placeOf(r),
		value: Number(r.value),
		n: Number(r.n)
	};
}

export async function fetchCounts(
	session: AnalyticsSession,
	ref: Reference,
	defs: MetricDefinition[],
	o: FetchOptions
): Promise<FetchedCounts> {
	const sources = new Map<string, CountSource>();
	const fromStore: MetricDefinition[] = [];
	const fromCases: MetricDefinition[] = [];
	for (const d of defs) {
		const store =
			o.area !== undefined ||
			o.source === 'store' ||
			(o.source === 'auto' && storeAnswers(d, ref, o));
		if (store && !ref.store.metrics.has(d.id)) throw new Error(`the store does not hold ${d.id}`);
		(store ? fromStore : fromCases).push(d);
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

	if (fromStore.length) {
		// Only the parameters the statement uses: DuckDB refuses unused ones.
		const event = fromStore.filter((d) => d.timing === 'event').map((d) => d.id);
		const snapshot = fromStore.filter((d) => d.timing === 'snapshot').map((d) => d.id);
		const list = (prefix: string, ids: string[]) =>
			ids.length ? ids.map((_, i) => `$${prefix}${i}`).join(', ') : 'NULL';
		const area = o.area;
		const p: Params = {
			...(area ? { area } : laParams),
			...Object.fromEntries(event.map((id, i) => [`e${i}`, id])),
			...Object.fromEntries(snapshot.map((id, i) => [`s${i}`, id])),
			fromMonth: monthStart(o.from),
			toMonth: monthStart(o.to)
		};
		const la = o.combine || area ? `'all' AS la_code` : 'la_code';
		const where = area ? ` AND area = $area` : laFilter;
		const cube = area ? 'metric_rollup' : 'metric_cube';
		const totalsTable = area ? `metric_rollup WHERE breakdown = '' AND` : 'metric_totals WHERE';
		const distribution = area ? 'metric_distribution_rollup' : 'metric_distribution';
		const sums = 'sum(num) AS num, sum(den) AS den, sum(num_n) AS num_n, sum(den_n) AS den_n';
		// The period: every month for events; the snapshot on `to` for snapshots.
		const period = `((metric IN (${list('e', event)}) AND month BETWEEN $fromMonth AND $toMonth)
			OR (metric IN (${list('s', snapshot)}) AND month = $toMonth))${where}`;
		// Month by month: each month's events, or the snapshot on each month's last day.
		const months = `((metric IN (${list('e', event)}) OR metric IN (${list('s', snapshot)}))
			AND month BETWEEN $fromMonth AND $toMonth)${where}`;
		const totals = o.monthly
			? `SELECT metric, ${la}, strftime(month, '%Y-%m') AS bucket, '' AS breakdown, '' AS key, ${sums}
				FROM ${totalsTable} ${months} GROUP BY ALL`
			: `SELECT metric, ${la}, 'total' AS bucket, '' AS breakdown, '' AS key, ${sums}
				FROM ${totalsTable} ${period} GROUP BY ALL`;
		for (const r of await session.query(totals, p)) cells.push(toCell(r));
		const split = fromStore.filter((d) => o.breakdowns.includes(d.id)).map((d) => d.id);
		const withSplit: Params = { ...p, ...Object.fromEntries(split.map((id, i) => [`b${i}`, id])) };
		const splitOnly = `metric IN (${list('b', split)})`;
		if (split.some((id) => fromStore.find((d) => d.id === id)!.kind !== 'median')) {
			for (const r of await session.query(
				`SELECT metric, ${la}, 'total' AS bucket, breakdown, key, ${sums}
				FROM ${cube} WHERE breakdown <> '' AND ${splitOnly} AND ${period} GROUP BY ALL`,
				withSplit
			))
				cells.push(toCell(r));
		}
		if (fromStore.some((d) => d.kind === 'median')) {
			const dist = (bucket: string, rows: string, breakdown: string) =>
				`SELECT metric, ${la}, ${bucket} AS bucket, breakdown, key, value, sum(n) AS n
				FROM ${distribution} WHERE ${breakdown} AND ${rows} GROUP BY ALL`;
			const whole = o.monthly
				? dist(`strftime(month, '%Y-%m')`, months, `breakdown = ''`)
				: dist(`'total'`, period, `breakdown = ''`);
			for (const r of await session.query(whole, p)) values.push(toValue(r));
			if (split.some((id) => fromStore.find((d) => d.id === id)!.kind === 'median')) {
				const parts = dist(`'total'`, period, `breakdown <> '' AND ${splitOnly}`);
				for (const r of await session.query(parts, withSplit)) values.push(toValue(r));
			}
		}
	}

	for (const d of fromCases) {
		const onTo = `(SELECT CAST($to AS DATE) AS snap)`;
		const monthEnds = `(SELECT DISTINCT snap FROM (
				SELECT CAST(last_day(m) AS DATE) AS snap
				FROM generate_series(CAST(date_trunc('month', CAST($from AS DATE)) AS TIMESTAMP), CAST($to AS TIMESTAMP), INTERVAL 1 MONTH) g(m)
				UNION ALL SELECT CAST($to AS DATE)) WHERE snap BETWEEN CAST($from AS DATE) AND CAST($to AS DATE))`;
		const where = `anchor BETWEEN CAST($from AS DATE) AND CAST($to AS DATE)${laFilter}`;
		const measures =
			d.kind === 'median'
				? 'value, sum(n) AS n'
				: 'sum(num) AS num, sum(den) AS den, sum(num_n) AS num_n, sum(den_n) AS den_n';
		const run = async (sql: string, keep: (r: Record<string, unknown>) => boolean) => {
			const rows = await session.query(
				o.combine
					? `SELECT '${d.id}' AS metric, 'all' AS la_code, bucket, breakdown, key, ${measures}
						FROM (${sql}) GROUP BY ALL`
					: `SELECT '${d.id}' AS metric, * FROM (${sql})`,
				params
			);
			for (const r of rows.filter(keep)) {
				if (d.kind === 'median') values.push(toValue(r));
				else cells.push(toCell(r));
			}
		};
		const ctx = (snapshots: string): SqlContext => ({
			visitWorkingDays: o.visitWorkingDays,
			snapshots
		});
		if (o.monthly) {
			// Totals month by month, then the breakdowns over the period (the snapshot on `to`).
			await run(
				aggregateSql(d, ctx(monthEnds), {
					bucket: `strftime(anchor, '%Y-%m')`,
					where,
					breakdowns: false
				}),
				() => true
			);
			if (o.breakdowns.includes(d.id) && d.breakdowns.length)
				await run(
					aggregateSql(d, ctx(onTo), { bucket: `'total'`, where, breakdowns: true }),
					(r) => r.breakdown !== ''
				);
		} else {
			await run(
				aggregateSql(d, ctx(onTo), {
					bucket: `'total'`,
					where,
					breakdowns: o.breakdowns.includes(d.id)
				}),
				() => true
			);
		}
	}
	return { cells, values, sources };
}
