// The store's route: summed counts from the pre-aggregated store (each authority's rows, or an
// area's published roll-up), for whole months and month-end snapshots.
import type { MetricDefinition } from '$lib/metrics/types';
import { monthStart } from '$lib/stats/dates';
import type { AnalyticsSession, Params } from '../duckdb';
import { toCell, toValue, type CellRow, type ValueRow } from './counts';
import type { FetchOptions } from './fetch';

export async function fromStore(
	session: AnalyticsSession,
	defs: MetricDefinition[],
	o: FetchOptions,
	{ laParams, laFilter }: { laParams: Params; laFilter: string },
	cells: CellRow[],
	values: ValueRow[]
): Promise<void> {
	// Only the parameters the statement uses: DuckDB refuses unused ones.
	const event = defs.filter((d) => d.timing === 'event').map((d) => d.id);
	const snapshot = defs.filter((d) => d.timing === 'snapshot').map((d) => d.id);
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
	const split = defs.filter((d) => o.breakdowns.includes(d.id)).map((d) => d.id);
	const withSplit: Params = { ...p, ...Object.fromEntries(split.map((id, i) => [`b${i}`, id])) };
	const splitOnly = `metric IN (${list('b', split)})`;
	if (split.some((id) => defs.find((d) => d.id === id)!.kind !== 'median')) {
		for (const r of await session.query(
			`SELECT metric, ${la}, 'total' AS bucket, breakdown, key, ${sums}
			FROM ${cube} WHERE breakdown <> '' AND ${splitOnly} AND ${period} GROUP BY ALL`,
			withSplit
		))
			cells.push(toCell(r));
	}
	if (defs.some((d) => d.kind === 'median')) {
		const dist = (bucket: string, rows: string, breakdown: string) =>
			`SELECT metric, ${la}, ${bucket} AS bucket, breakdown, key, value, sum(n) AS n
			FROM ${distribution} WHERE ${breakdown} AND ${rows} GROUP BY ALL`;
		const whole = o.monthly
			? dist(`strftime(month, '%Y-%m')`, months, `breakdown = ''`)
			: dist(`'total'`, period, `breakdown = ''`);
		for (const r of await session.query(whole, p)) values.push(toValue(r));
		if (split.some((id) => defs.find((d) => d.id === id)!.kind === 'median')) {
			const parts = dist(`'total'`, period, `breakdown <> '' AND ${splitOnly}`);
			for (const r of await session.query(parts, withSplit)) values.push(toValue(r));
		}
	}
}
