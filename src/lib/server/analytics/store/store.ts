// The pre-aggregated store: every metric's numerators and denominators (and, for medians, the
// distribution of values) by authority, month and breakdown key, built once when data is
// loaded. Event metrics are summed by the month of their anchor date; snapshot metrics are
// taken on the last day of each month up to the extraction date. The engine reads it whenever
// a question is about whole months and goes to the case tables otherwise.
import type { DuckDBConnection } from '@duckdb/node-api';
import { catalogue, DEFAULT_VISIT_WORKING_DAYS } from '$lib/metrics/catalogue';
import type { MetricDefinition, SharedRelation, SqlContext } from '$lib/metrics/types';
import {
	CHILD_KEYS,
	EXTRACTED,
	allocationSpells,
	caseloads,
	childrenOnPlan,
	planStaff
} from '$lib/metrics/sql';
import { SMALL_COUNT_MAX } from '$lib/stats/disclosure';
import { tables as contractTables } from '$lib/contract';
import { literal, q } from '../load/sql';
import { aggregateSql } from './aggregate-sql';

/** Text values as an SQL list. */
const sqlList = (values: string[]) => values.map(literal).join(', ');

export const STORE_TABLES = [
	'metric_cube',
	'metric_totals',
	'metric_distribution',
	'metric_store'
] as const;

/** Metrics an authority's data cannot give, for columns its sources did not know. */
export const UNKNOWN_TABLE = 'metric_unknown';

/**
 * England and each region (area 'england' or the region code), as published to those who do not
 * hold every authority in them: the only source of such figures. A database built without them
 * offers no regional or England figures.
 */
export const ROLLUP_TABLES = ['metric_rollup', 'metric_distribution_rollup'] as const;

/** What an authority-month's small denominator (1 to 5) counts as in a published total. */
export const PROTECTED_COUNT = 3;

/**
 * The mean of a count of `n` records each counted with chance `p`, given that the count lies
 * between 1 and 5 (binomial; Poisson with mean n·p where there is no chance below 1, as for a
 * rate per 100): what a small numerator is taken to be. For rare events it is close to 1, for
 * common ones close to 5 — far nearer the truth than any one constant (a fixed 3 nearly doubled
 * England's count of plans lasting two years, whose monthly counts are mostly 1 or 2).
 */
export function smallCountMeanSql(n: string, p: string): string {
	const ks = [1, 2, 3, 4, 5];
	const fact = (k: number) => ks.slice(0, k).reduce((a, b) => a * b, 1);
	// Binomial weights up to a common factor: C(n, k) (p / (1 - p))^k.
	const choose = (k: number) =>
		`(${Array.from({ length: k }, (_, i) => `(${n} - ${i})`).join(' * ')}) / ${fact(k)}`;
	const bw = (k: number) => `${choose(k)} * pow(${p} / (1 - ${p}), ${k})`;
	// Poisson weights up to a common factor: λ^k / k!.
	const pw = (k: number) => `pow(${n} * ${p}, ${k}) / ${fact(k)}`;
	const mean = (w: (k: number) => string) =>
		`(${ks.map((k) => `${k} * ${w(k)}`).join(' + ')}) / (${ks.map(w).join(' + ')})`;
	return `CASE WHEN ${n} * ${p} <= 0 THEN 1
		WHEN ${p} < 1 THEN ${mean(bw)}
		ELSE ${mean(pw)} END`;
}

/** Rounds of the estimate of England's rate (each refines the small numerators' share of it). */
const RATE_ROUNDS = 3;

/**
 * The published roll-up of an area: the sum over its authorities and months of each authority's
 * month (by breakdown key), where no count of 1 to 5 enters with its own value, so that no
 * published total depends on the exact value of any authority's small count:
 * - a small denominator (head count) counts as PROTECTED_COUNT, with a numerator of
 *   PROTECTED_COUNT times England's rate that month;
 * - a small numerator over a larger denominator counts as the mean of a count of 1 to 5 for its
 *   denominator at England's rate (smallCountMeanSql), or PROTECTED_COUNT for a plain count;
 * - zero stays zero, and other counts are exact.
 * England's rate is taken over the authorities whose denominators are not small, with their
 * small numerators estimated in turn, so it too is free of every small count. Counts stay
 * unrounded here; the engine rounds what it publishes.
 */
export function publishedRollupSql(cube: string, areas: string): string {
	const small = (n: string) => `(${n} BETWEEN 1 AND ${SMALL_COUNT_MAX})`;
	const group = 'metric, month, breakdown, key';
	// rate_0 counts each small numerator as 2; each round re-estimates them from the last rate.
	const rounds: string[] = [
		`rate_0 AS (SELECT ${group}, sum(CASE WHEN small_num THEN 2 ELSE num END) / nullif(sum(den), 0) AS rate
			FROM cells WHERE NOT small_den GROUP BY ALL)`
	];
	for (let i = 1; i <= RATE_ROUNDS; i++)
		rounds.push(`rate_${i} AS (SELECT c.metric, c.month, c.breakdown, c.key,
			sum(CASE WHEN small_num THEN ${smallCountMeanSql('c.den_n', 'coalesce(r.rate, 0)')} ELSE num END)
				/ nullif(sum(c.den), 0) AS rate
			FROM cells c LEFT JOIN rate_${i - 1} r USING (${group}) WHERE NOT small_den GROUP BY ALL)`);
	// Records behind the denominator are the trials (head counts, where it sums FTE).
	// In a month with no authority's denominator above 5, England's rate over every month.
	const rate = 'coalesce(r.rate, a.rate, 0)';
	const smallNum = `CASE WHEN c.den_n = 0 THEN ${PROTECTED_COUNT}
		ELSE ${smallCountMeanSql('c.den_n', rate)} END`;
	return `WITH cells AS (
			SELECT *, ${small('num_n')} AS small_num, ${small('den_n')} AS small_den FROM ${cube}),
		${rounds.join(', ')},
		rate_all AS (SELECT metric, breakdown, key,
				sum(CASE WHEN small_num THEN 2 ELSE num END) / nullif(sum(den), 0) AS rate
			FROM cells WHERE NOT small_den GROUP BY ALL),
		protected AS (
			SELECT c.metric, c.la_code, c.month, c.breakdown, c.key,
				CASE WHEN small_den THEN ${PROTECTED_COUNT} * ${rate}
					WHEN small_num THEN ${smallNum} ELSE num END AS num,
				CASE WHEN small_den THEN ${PROTECTED_COUNT} ELSE den END AS den,
				CASE WHEN small_den THEN ${PROTECTED_COUNT} * ${rate}
					WHEN small_num THEN ${smallNum} ELSE num_n END AS num_n,
				CASE WHEN small_den THEN ${PROTECTED_COUNT} ELSE den_n END AS den_n
			FROM cells c LEFT JOIN rate_${RATE_ROUNDS} r USING (${group})
				LEFT JOIN rate_all a USING (metric, breakdown, key))
		SELECT a.area, p.metric, p.month, p.breakdown, p.key,
			sum(p.num)::DOUBLE AS num, sum(p.den)::DOUBLE AS den,
			sum(p.num_n)::DOUBLE AS num_n, sum(p.den_n)::DOUBLE AS den_n
		FROM protected p JOIN ${areas} a USING (la_code)
		GROUP BY ALL ORDER BY a.area, p.metric, p.month, p.breakdown, p.key`;
}

/**
 * The published distributions of an area, for medians: values pooled over its authorities'
 * months, leaving out every authority-month with 1 to 5 records (so no published median or
 * count depends on them).
 */
export function publishedDistributionSql(distribution: string, areas: string): string {
	return `WITH units AS (
			SELECT metric, la_code, month, breakdown, key, sum(n) AS records
			FROM ${distribution} GROUP BY ALL)
		SELECT a.area, s.metric, s.month, s.breakdown, s.key, s.value, sum(s.n) AS n
		FROM ${distribution} s
		JOIN units u USING (metric, la_code, month, breakdown, key)
		JOIN ${areas} a USING (la_code)
		WHERE u.records > ${SMALL_COUNT_MAX}
		GROUP BY ALL ORDER BY a.area, s.metric, s.month`;
}

/**
 * Snapshot days: each month's last day from the data's first month (the day it is complete
 * from, or its first referral) to the extraction date.
 */
const SNAPSHOT_DAYS = `CREATE TEMP TABLE snapshot_days AS
	SELECT CAST(last_day(m) AS DATE) AS snap
	FROM generate_series(
		CAST(date_trunc('month', coalesce(
			(SELECT TRY_CAST(value AS DATE) FROM meta WHERE key = 'period_from'),
			(SELECT min(referral_date) FROM referrals))) AS TIMESTAMP),
		CAST(${EXTRACTED} AS TIMESTAMP), INTERVAL 1 MONTH) g(m)
	WHERE last_day(m) <= ${EXTRACTED}`;

export function availableMetrics(tables: Iterable<string>): MetricDefinition[] {
	const present = new Set(tables);
	return catalogue.filter((m) => m.tables.every((t) => present.has(t)));
}

const CUBE_COLUMNS = `metric VARCHAR NOT NULL, la_code VARCHAR NOT NULL,
		month DATE NOT NULL, breakdown VARCHAR NOT NULL, key VARCHAR NOT NULL,
		num DOUBLE NOT NULL, den DOUBLE NOT NULL, num_n BIGINT NOT NULL, den_n BIGINT NOT NULL`;
const DISTRIBUTION_COLUMNS = `metric VARCHAR NOT NULL, la_code VARCHAR NOT NULL,
		month DATE NOT NULL, breakdown VARCHAR NOT NULL, key VARCHAR NOT NULL,
		value INTEGER NOT NULL, n BIGINT NOT NULL`;

/** Times each step for `onStep`. */
function stepTimer(onStep?: (step: string, seconds: number) => void): (step: string) => void {
	let started = performance.now();
	return (step) => {
		const now = performance.now();
		onStep?.(step, (now - started) / 1000);
		started = now;
	};
}

async function mainTables(c: DuckDBConnection): Promise<string[]> {
	return (
		await c.runAndReadAll(
			`SELECT table_name FROM duckdb_tables() WHERE database_name = current_database() AND schema_name = 'main' AND NOT temporary`
		)
	)
		.getRows()
		.map((r) => String(r[0]));
}

/**
 * Builds the store in the database being loaded (called by the loader before sealing).
 * `onStep` hears how long each metric and each shared step took (for the benchmark).
 */
export async function buildMetricStore(
	c: DuckDBConnection,
	onStep?: (step: string, seconds: number) => void
): Promise<void> {
	const done = stepTimer(onStep);
	await c.run(SNAPSHOT_DAYS);
	await c.run(`CREATE TABLE metric_cube (${CUBE_COLUMNS})`);
	await c.run(`CREATE TABLE metric_distribution (${DISTRIBUTION_COLUMNS})`);
	const { built, visitWorkingDays } = await stageMetrics(c, await mainTables(c), done);
	await setAsideUnknown(c, built);
	// Sorted by authority, so that one authority's rows sit together and zone maps skip the
	// rest; the totals (no breakdown) again by metric and month for questions about everyone.
	await c.run(
		'INSERT INTO metric_cube SELECT * FROM staged_cube ORDER BY la_code, metric, month, breakdown, key'
	);
	await c.run(
		`CREATE TABLE metric_totals AS SELECT metric, la_code, month, num, den, num_n, den_n
		FROM staged_cube WHERE breakdown = '' ORDER BY metric, month, la_code`
	);
	await c.run(
		'INSERT INTO metric_distribution SELECT * FROM staged_distribution ORDER BY la_code, metric, month'
	);
	done('sorted tables');
	await writeRollups(c, 'staged_cube', 'staged_distribution');
	done('roll-ups');
	// Which metrics the store answers, and for which snapshot days and visiting standard.
	await c.run(`CREATE TABLE metric_store (metric VARCHAR NOT NULL, last_snapshot DATE,
		visit_working_days INTEGER NOT NULL)`);
	await recordMetrics(c, built, visitWorkingDays);
	await dropStaging(c);
}

/**
 * Rebuilds the store's figures of some authorities (`las`), whose case rows have just been
 * replaced, as at their own extraction date, leaving every other authority's rows as they
 * were; then the roll-ups, which sum over all. The metrics' SQL reads the case tables by name:
 * temporary views of the same names, holding only these authorities' rows (and a meta view
 * giving their extraction date), stand in for them while the figures are made.
 */
export async function rebuildStoreFor(
	c: DuckDBConnection,
	las: string[],
	extracted: string,
	onStep?: (step: string, seconds: number) => void
): Promise<void> {
	const done = stepTimer(onStep);
	const [[catalog]] = (await c.runAndReadAll('SELECT current_database()')).getRows() as [[string]];
	const own = (t: string) => `${q(catalog)}.main.${q(t)}`;
	const list = sqlList(las);
	const tables = await mainTables(c);
	const caseTables = new Set(contractTables.filter((t) => t.kind === 'case').map((t) => t.name));
	for (const t of tables.filter((name) => caseTables.has(name as never)))
		await c.run(`CREATE TEMP VIEW ${q(t)} AS SELECT * FROM ${own(t)} WHERE la_code IN (${list})`);
	await c.run(`CREATE TEMP VIEW meta AS SELECT key,
		CASE WHEN key = 'extracted' THEN '${extracted}' ELSE value END AS value FROM ${own('meta')}`);
	// Snapshot days from the data's first month, as a full build makes them.
	await c.run(SNAPSHOT_DAYS);
	const { built, visitWorkingDays } = await stageMetrics(c, tables, done);
	await setAsideUnknown(c, built, las);
	for (const t of tables.filter((name) => caseTables.has(name as never)))
		await c.run(`DROP VIEW temp.main.${q(t)}`);
	await c.run('DROP VIEW temp.main.meta');
	for (const t of ['metric_cube', 'metric_totals', 'metric_distribution'])
		await c.run(`DELETE FROM main.${t} WHERE la_code IN (${list})`);
	done('deleted');
	await c.run(
		'INSERT INTO metric_cube SELECT * FROM staged_cube ORDER BY la_code, metric, month, breakdown, key'
	);
	await c.run(`INSERT INTO metric_totals SELECT metric, la_code, month, num, den, num_n, den_n
		FROM staged_cube WHERE breakdown = '' ORDER BY metric, month, la_code`);
	await c.run(
		'INSERT INTO metric_distribution SELECT * FROM staged_distribution ORDER BY la_code, metric, month'
	);
	done('inserted');
	for (const t of ROLLUP_TABLES) await c.run(`DROP TABLE main.${t}`);
	await writeRollups(c, 'metric_cube', 'metric_distribution');
	done('roll-ups');
	await recordMetrics(c, built, visitWorkingDays, true);
	await dropStaging(c);
}

/**
 * Stages every available metric's figures by authority, month and breakdown key in the
 * temporary tables `staged_cube` and `staged_distribution`; returns the metrics staged.
 */
async function stageMetrics(
	c: DuckDBConnection,
	tables: string[],
	done: (step: string) => void
): Promise<{ built: string[]; visitWorkingDays: number }> {
	const ctx = await shareRelations(c, new Set(tables), {
		snapshots: 'snapshot_days',
		visitWorkingDays: DEFAULT_VISIT_WORKING_DAYS
	});
	done('shared relations');
	await c.run(`CREATE TEMP TABLE staged_cube (${CUBE_COLUMNS})`);
	await c.run(`CREATE TEMP TABLE staged_distribution (${DISTRIBUTION_COLUMNS})`);
	const built: string[] = [];
	for (const def of availableMetrics(tables)) {
		const sql = aggregateSql(def, ctx, {
			bucket: "CAST(date_trunc('month', anchor) AS DATE)",
			where: 'anchor IS NOT NULL',
			breakdowns: true
		});
		if (def.kind === 'median') {
			await c.run(
				`INSERT INTO staged_distribution SELECT '${def.id}', la_code, bucket, breakdown, key, value, n FROM (${sql}) WHERE value IS NOT NULL`
			);
		} else {
			await c.run(
				`INSERT INTO staged_cube SELECT '${def.id}', la_code, bucket, breakdown, key, num, den, num_n, den_n FROM (${sql})`
			);
		}
		built.push(def.id);
		done(def.id);
	}
	for (const table of Object.values(ctx.shared ?? {})) await c.run(`DROP TABLE ${table}`);
	return { built, visitWorkingDays: ctx.visitWorkingDays };
}

/**
 * England and regional roll-ups: the published figures for areas no one holds, made from each
 * authority's month with its small counts protected (see publishedRollupSql).
 */
async function writeRollups(c: DuckDBConnection, cube: string, distribution: string) {
	const areas = `(SELECT la_code, 'england' AS area FROM local_authorities
		UNION ALL SELECT la_code, region_code FROM local_authorities)`;
	await c.run(`CREATE TABLE metric_rollup AS ${publishedRollupSql(cube, areas)}`);
	await c.run(
		`CREATE TABLE metric_distribution_rollup AS ${publishedDistributionSql(distribution, areas)}`
	);
}

/**
 * Which metrics the store answers, for which snapshot days and visiting standard; `adding`
 * keeps those already listed (a rebuild for some authorities), the last snapshot the latest.
 */
async function recordMetrics(
	c: DuckDBConnection,
	built: string[],
	visit: number,
	adding = false
): Promise<void> {
	for (const id of built) {
		if (adding) {
			await c.run(
				`UPDATE metric_store SET last_snapshot = greatest(last_snapshot, (SELECT max(snap) FROM snapshot_days)) WHERE metric = $id`,
				{ id }
			);
			const [[n]] = (
				await c.runAndReadAll('SELECT count(*) FROM metric_store WHERE metric = $id', { id })
			).getRows() as [[bigint]];
			if (Number(n) > 0) continue;
		}
		await c.run(
			`INSERT INTO metric_store SELECT $id, (SELECT max(snap) FROM snapshot_days), $visit`,
			{ id, visit }
		);
	}
}

async function dropStaging(c: DuckDBConnection): Promise<void> {
	await c.run('DROP TABLE staged_cube');
	await c.run('DROP TABLE staged_distribution');
	await c.run('DROP TABLE snapshot_days');
}

/**
 * Records, for each metric reading columns its sources may not know (`knownColumns`), the
 * authorities that left one empty in every row (`metric_unknown`), and takes their figures
 * out of the store and so out of every roll-up: the engine shows `:` for them, and no total
 * counts their rows as a no.
 */
async function setAsideUnknown(
	c: DuckDBConnection,
	built: string[],
	/** The authorities being rebuilt, whose earlier record goes (all, in a full build). */
	las?: string[]
): Promise<void> {
	await c.run(
		`CREATE TABLE IF NOT EXISTS ${UNKNOWN_TABLE} (metric VARCHAR NOT NULL, la_code VARCHAR NOT NULL)`
	);
	if (las) await c.run(`DELETE FROM main.${UNKNOWN_TABLE} WHERE la_code IN (${sqlList(las)})`);
	for (const def of catalogue) {
		if (!built.includes(def.id) || !def.knownColumns) continue;
		for (const { table, column } of def.knownColumns)
			await c.run(
				`INSERT INTO ${UNKNOWN_TABLE} SELECT DISTINCT '${def.id}', a.la_code FROM staged_cube a
				WHERE a.metric = '${def.id}' AND NOT EXISTS (
					SELECT 1 FROM ${table} t WHERE t.la_code = a.la_code AND t.${column} IS NOT NULL)`
			);
	}
	for (const staged of ['staged_cube', 'staged_distribution'])
		await c.run(`DELETE FROM ${staged} s USING ${UNKNOWN_TABLE} u
			WHERE s.metric = u.metric AND s.la_code = u.la_code`);
}

/**
 * Children keyed by a hash (for the child breakdowns), children on a plan at each month end,
 * their allocations and allocated workers, and every worker's caseload are read by several
 * metrics each; made once here as temporary tables, they are joined rather than recomputed
 * (most of the store's time and memory went on recomputing them).
 */
async function shareRelations(
	c: DuckDBConnection,
	present: Set<string>,
	base: SqlContext
): Promise<SqlContext> {
	const shared: NonNullable<SqlContext['shared']> = {};
	const make = async (name: SharedRelation, table: string, sql: string) => {
		await c.run(`CREATE TEMP TABLE ${table} AS SELECT * FROM ${sql}`);
		shared[name] = table;
	};
	if (present.has('children')) {
		await make('childKeys', 'store_child_keys', CHILD_KEYS);
		// Used only if no two children share a hash (never seen, but then the ids are compared).
		const [counts] = (
			await c.runAndReadAll('SELECT count(DISTINCT k) = count(*) FROM store_child_keys')
		).getRows();
		if (counts?.[0] !== true) {
			await c.run('DROP TABLE store_child_keys');
			delete shared.childKeys;
		}
	}
	if (present.has('cp_plans')) {
		await make('onPlan', 'store_on_plan', childrenOnPlan(base));
		if (present.has('allocations')) {
			await make('spells', 'store_spells', allocationSpells(base));
			await make('planStaff', 'store_plan_staff', planStaff({ ...base, shared }));
		}
	}
	if (present.has('allocations')) await make('caseloads', 'store_caseloads', caseloads(base));
	return { ...base, shared };
}
