// Turns a catalogue entry's per-record SQL into summed numerators and denominators by authority,
// bucket (a month, or the whole period) and breakdown key. The same text builds the
// pre-aggregated store at load time and answers from the case tables at query time, so the two
// cannot drift apart. Not for: deciding which of the two to use (see partials.ts).
import { breakdownIds } from '$lib/metrics/catalogue';
import type { BreakdownId, MetricDefinition, SqlContext } from '$lib/metrics/types';
import { NOT_KNOWN } from '$lib/metrics/sql';

export interface AggregateOptions {
	/** SQL for the bucket of a row, from its `anchor` (e.g. the month, or 'total'). */
	bucket: string;
	/** A condition on the per-record rows (`anchor`, `la_code`); parameters only. */
	where: string;
	/** Whether to add a grouping set per breakdown the metric offers. */
	breakdowns: boolean;
}

const q = (b: BreakdownId) => {
	if (!breakdownIds.includes(b)) throw new Error(`unknown breakdown ${b}`);
	return `"${b}"`;
};

export function aggregateSql(def: MetricDefinition, ctx: SqlContext, o: AggregateOptions): string {
	const bks = o.breakdowns ? def.breakdowns : [];
	const sets = ['(la_code, bucket)', ...bks.map((b) => `(la_code, bucket, ${q(b)})`)];
	const median = def.kind === 'median';
	const withValue = (set: string) => (median ? set.replace(')', ', value)') : set);
	const breakdown = bks.length
		? `CASE ${bks.map((b) => `WHEN grouping(${q(b)}) = 0 THEN '${b}'`).join(' ')} ELSE '' END`
		: `''`;
	const key = bks.length
		? `CASE ${bks.map((b) => `WHEN grouping(${q(b)}) = 0 THEN coalesce(CAST(${q(b)} AS VARCHAR), '${NOT_KNOWN}')`).join(' ')} ELSE '' END`
		: `''`;
	const measures = median
		? 'value, count(*) AS n'
		: def.fte
			? 'sum(num)::DOUBLE AS num, sum(den)::DOUBLE AS den, sum(num_n)::BIGINT AS num_n, sum(den_n)::BIGINT AS den_n'
			: 'sum(num)::DOUBLE AS num, sum(den)::DOUBLE AS den, sum(num)::BIGINT AS num_n, sum(den)::BIGINT AS den_n';
	return `SELECT la_code, bucket, ${breakdown} AS breakdown, ${key} AS key, ${measures}
		FROM (SELECT *, ${o.bucket} AS bucket FROM (${def.sql(ctx)}) ev WHERE ${o.where}) rows
		GROUP BY GROUPING SETS (${sets.map(withValue).join(', ')})`;
}
