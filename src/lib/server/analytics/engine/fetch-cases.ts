// The case tables' route: summed counts straight from the case tables, for any period (the
// viewer's own authorities only), by the same SQL the store was built with.
import type { MetricDefinition, SqlContext } from '$lib/metrics/types';
import type { AnalyticsSession, Params } from '../duckdb';
import { aggregateSql } from '../store/aggregate-sql';
import { toCell, toValue, type CellRow, type ValueRow } from './counts';
import type { FetchOptions } from './fetch';

export async function fromCases(
	session: AnalyticsSession,
	d: MetricDefinition,
	o: FetchOptions,
	{ params, laFilter }: { params: Params; laFilter: string },
	cells: CellRow[],
	values: ValueRow[]
): Promise<void> {
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
