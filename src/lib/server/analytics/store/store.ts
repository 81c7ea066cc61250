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

/** What the roll-ups are made from, by region (rollupPartsSql, rollupSmallsSql). */
const ROLLUP_PARTS = ['metric_rollup_parts', 'metric_rollup_smalls'] as const;

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
	// With w_k the chance of exactly k, and r_k = w_k / w_(k-1), the mean of k over 1 to 5 is
	// (1 + r2 (2 + r3 (3 + r4 (4 + 5 r5)))) / (1 + r2 (1 + r3 (1 + r4 (1 + r5)))); w_1 cancels.
	// Binomial: r_k = (n - k + 1) / k · p / (1 - p), zero beyond n. Poisson: r_k = n·p / k.
	const mean = (r: (k: number) => string) =>
		`(1 + ${r(2)} * (2 + ${r(3)} * (3 + ${r(4)} * (4 + 5 * ${r(5)})))) /
			(1 + ${r(2)} * (1 + ${r(3)} * (1 + ${r(4)} * (1 + ${r(5)}))))`;
	const binomial = (k: number) => `((${n} - ${k - 1}) / ${k} * (${p}) / (1 - ${p}))`;
	const poisson = (k: number) => `(${n} * (${p}) / ${k})`;
	return `CASE WHEN ${n} * ${p} <= 0 THEN 1
		WHEN ${p} < 1 THEN ${mean(binomial)}
		ELSE ${mean(poisson)} END`;
}

/** Rounds of the estimate of England's rate (each refines the small numerators' share of it). */
const RATE_ROUNDS = 3;

const GROUP = 'metric, month, breakdown, key';
const small = (n: string) => `(${n} BETWEEN 1 AND ${SMALL_COUNT_MAX})`;

/**
 * What the published roll-ups are made from, summed by region (`regions` gives each authority's
 * region as la_code, region), so that a change to some authorities sums only their regions
 * again. The parts: each region's exact counts and their denominators, over the authority-months
 * whose denominators are not small; how many those are; how many have a small denominator.
 */
export function rollupPartsSql(cube: string, regions: string): string {
	const exact = `NOT ${small('den_n')} AND NOT ${small('num_n')}`;
	return `SELECT r.region, ${GROUP},
			coalesce(sum(num) FILTER (${exact}), 0) AS num,
			coalesce(sum(num_n) FILTER (${exact}), 0) AS num_n,
			coalesce(sum(den) FILTER (NOT ${small('den_n')}), 0) AS den,
			coalesce(sum(den_n) FILTER (NOT ${small('den_n')}), 0) AS den_n,
			count(*) FILTER (NOT ${small('den_n')}) AS counted,
			count(*) FILTER (${small('den_n')}) AS small_dens
		FROM ${cube} JOIN ${regions} r USING (la_code) GROUP BY ALL`;
}

/**
 * The small numerators (over denominators not small) of each region, by the records behind
 * their denominator: the trials whose chance estimates them (head counts, where it sums FTE).
 */
export function rollupSmallsSql(cube: string, regions: string): string {
	return `SELECT r.region, ${GROUP}, den_n, count(*) AS cells
		FROM ${cube} JOIN ${regions} r USING (la_code)
		WHERE ${small('num_n')} AND NOT ${small('den_n')} GROUP BY ALL`;
}

/**
 * The published roll-up of each region and of England (area 'england'): the sum over its
 * authorities and months of each authority's month (by breakdown key), where no count of 1 to 5
 * enters with its own value, so that no published total depends on the exact value of any
 * authority's small count:
 * - a small denominator (head count) counts as PROTECTED_COUNT, with a numerator of
 *   PROTECTED_COUNT times England's rate that month;
 * - a small numerator over a larger denominator counts as the mean of a count of 1 to 5 for its
 *   denominator at England's rate (smallCountMeanSql), or PROTECTED_COUNT for a plain count;
 * - zero stays zero, and other counts are exact.
 * England's rate is taken over the authorities whose denominators are not small, with their
 * small numerators estimated in turn, so it too is free of every small count. Counts stay
 * unrounded here; the engine rounds what it publishes.
 *
 * Made from the regions' parts (rollupPartsSql, rollupSmallsSql): the rates and estimates are
 * worked on those few rows, and England is the sum of its regions.
 */
export function publishedRollupSql(parts: string, smalls: string): string {
	const g = (alias: string) =>
		GROUP.split(', ')
			.map((c) => `${alias}.${c}`)
			.join(', ');
	// England's small numerators in all, by group: rate_0 counts each as 2, and each round
	// re-estimates them from the last rate. No rate where no denominator is counted.
	const smallCells = `(SELECT ${GROUP}, sum(cells) AS cells FROM england_smalls GROUP BY ALL)`;
	const rounds: string[] = [
		`rate_0 AS MATERIALIZED (SELECT ${GROUP}, (e.num + 2 * coalesce(s.cells, 0)) / nullif(e.den, 0) AS rate
			FROM england e LEFT JOIN ${smallCells} s USING (${GROUP}) WHERE e.counted > 0)`
	];
	for (let i = 1; i <= RATE_ROUNDS; i++)
		rounds.push(`rate_${i} AS MATERIALIZED (SELECT ${GROUP}, (e.num + coalesce(s.estimated, 0)) / nullif(e.den, 0) AS rate
			FROM england e LEFT JOIN (
				SELECT ${g('s')}, sum(s.cells * (${smallCountMeanSql('s.den_n', 'coalesce(r.rate, 0)')})) AS estimated
				FROM england_smalls s LEFT JOIN rate_${i - 1} r USING (${GROUP}) GROUP BY ALL) s
			USING (${GROUP}) WHERE e.counted > 0)`);
	// In a month with no authority's denominator above 5, England's rate over every month.
	return `WITH england AS MATERIALIZED (SELECT ${GROUP}, sum(num) AS num, sum(den) AS den,
				sum(counted) AS counted
			FROM ${parts} GROUP BY ALL),
		england_smalls AS MATERIALIZED (SELECT ${GROUP}, den_n, sum(cells) AS cells
			FROM ${smalls} GROUP BY ALL),
		${rounds.join(', ')},
		rate_all AS (SELECT e.metric, e.breakdown, e.key,
				sum(e.num + 2 * coalesce(s.cells, 0)) / nullif(sum(e.den), 0) AS rate
			FROM england e LEFT JOIN ${smallCells} s USING (${GROUP}) WHERE e.counted > 0 GROUP BY ALL),
		rates AS MATERIALIZED (SELECT ${g('e')}, coalesce(r.rate, a.rate, 0) AS rate
			FROM england e
			LEFT JOIN rate_${RATE_ROUNDS} r USING (${GROUP})
			LEFT JOIN rate_all a USING (metric, breakdown, key)),
		estimates AS (SELECT s.region, ${g('s')},
				sum(s.cells * CASE WHEN s.den_n = 0 THEN ${PROTECTED_COUNT}
					ELSE ${smallCountMeanSql('s.den_n', 'r.rate')} END) AS estimated
			FROM ${smalls} s JOIN rates r USING (${GROUP}) GROUP BY ALL),
		published AS (SELECT p.region AS area, ${g('p')},
				p.small_dens * ${PROTECTED_COUNT} * r.rate + coalesce(e.estimated, 0) AS estimated,
				p.num, p.num_n, p.den + p.small_dens * ${PROTECTED_COUNT} AS den,
				p.den_n + p.small_dens * ${PROTECTED_COUNT} AS den_n
			FROM ${parts} p JOIN rates r USING (${GROUP})
			LEFT JOIN estimates e USING (region, ${GROUP})),
		areas AS (SELECT * FROM published
			UNION ALL SELECT 'england', ${GROUP}, sum(estimated), sum(num), sum(num_n), sum(den), sum(den_n)
			FROM published GROUP BY ALL)
		SELECT area, ${GROUP}, (num + estimated)::DOUBLE AS num, den::DOUBLE AS den,
			(num_n + estimated)::DOUBLE AS num_n, den_n::DOUBLE AS den_n
		FROM areas ORDER BY area, ${GROUP}`;
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
 * Snapshot days: each month's last day from the data's first month (`from`, or else the day it
 * is complete from, or its first referral) to the extraction date.
 */
const snapshotDaysSql = (from: string | null) => `CREATE TEMP TABLE snapshot_days AS
	SELECT CAST(last_day(m) AS DATE) AS snap
	FROM generate_series(
		CAST(date_trunc('month', coalesce(${from ? `DATE ${literal(from)}` : 'NULL'},
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

export interface StoreOptions {
	/** The first month of snapshots, if not the data's own first month (see snapshotDaysSql). */
	snapshotsFrom?: string | null;
	/**
	 * Leave out the roll-ups: for one authority's figures, made apart and then merged into the
	 * database in service (mergeStore), whose roll-ups are made over everyone.
	 */
	withoutRollups?: boolean;
	/** Hears how long each metric and each shared step took (for the benchmark). */
	onStep?: (step: string, seconds: number) => void;
}

/** Builds the store in the database being loaded (called by the loader before sealing). */
export async function buildMetricStore(
	c: DuckDBConnection,
	options: StoreOptions = {}
): Promise<void> {
	const done = stepTimer(options.onStep);
	await c.run(snapshotDaysSql(options.snapshotsFrom ?? null));
	await c.run(`CREATE TABLE metric_cube (${CUBE_COLUMNS})`);
	await c.run(`CREATE TABLE metric_distribution (${DISTRIBUTION_COLUMNS})`);
	const { built, visitWorkingDays } = await stageMetrics(c, await mainTables(c), done);
	await setAsideUnknown(c, built);
	// Sorted by authority, so that one authority's rows sit together and zone maps skip the
	// rest (an authority's rows take about one row group, so ordering within it gains nothing and
	// cost a fifth of this step); the totals (no breakdown) again by metric and month for
	// questions about everyone.
	await c.run('INSERT INTO metric_cube SELECT * FROM staged_cube ORDER BY la_code');
	await c.run(
		`CREATE TABLE metric_totals AS SELECT metric, la_code, month, num, den, num_n, den_n
		FROM staged_cube WHERE breakdown = '' ORDER BY metric, month, la_code`
	);
	await c.run(
		'INSERT INTO metric_distribution SELECT * FROM staged_distribution ORDER BY la_code, metric, month'
	);
	done('sorted tables');
	if (!options.withoutRollups) {
		await writeRollups(c, 'staged_cube', 'staged_distribution');
		done('roll-ups');
	}
	// Which metrics the store answers, and for which snapshot days and visiting standard.
	await c.run(`CREATE TABLE metric_store (metric VARCHAR NOT NULL, last_snapshot DATE,
		visit_working_days INTEGER NOT NULL)`);
	for (const id of built)
		await c.run(
			`INSERT INTO metric_store SELECT $id, (SELECT max(snap) FROM snapshot_days), $visit`,
			{ id, visit: visitWorkingDays }
		);
	await dropStaging(c);
}

/**
 * Puts some authorities' (`las`) figures, made apart in the attached database `from` (by
 * buildMetricStore without roll-ups, on their data alone), in place of theirs in this database,
 * leaving every other authority's rows as they were; then makes the roll-ups again, which sum
 * over all.
 */
export async function mergeStore(
	c: DuckDBConnection,
	las: string[],
	from: string,
	onStep?: (step: string, seconds: number) => void
): Promise<void> {
	const done = stepTimer(onStep);
	const list = sqlList(las);
	const source = (t: string) => `${q(from)}.main.${q(t)}`;
	await c.run(
		`CREATE TABLE IF NOT EXISTS main.${UNKNOWN_TABLE} (metric VARCHAR NOT NULL, la_code VARCHAR NOT NULL)`
	);
	for (const t of ['metric_cube', 'metric_totals', 'metric_distribution', UNKNOWN_TABLE])
		await c.run(`DELETE FROM main.${t} WHERE la_code IN (${list})`);
	done('deleted');
	for (const t of ['metric_cube', 'metric_totals', 'metric_distribution', UNKNOWN_TABLE])
		await c.run(`INSERT INTO main.${t} SELECT * FROM ${source(t)} WHERE la_code IN (${list})`);
	// The metrics answered: theirs added; the last snapshot the latest of anyone's.
	await c.run(`UPDATE main.metric_store m SET last_snapshot = greatest(m.last_snapshot, s.last_snapshot)
		FROM ${source('metric_store')} s WHERE m.metric = s.metric`);
	await c.run(`INSERT INTO main.metric_store SELECT * FROM ${source('metric_store')}
		WHERE metric NOT IN (SELECT metric FROM main.metric_store)`);
	done('inserted');
	await writeRollups(c, 'main.metric_cube', 'main.metric_distribution', las);
	done('roll-ups');
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
 * authority's month with its small counts protected (see publishedRollupSql). Given the
 * authorities changed (`changed`), only their regions' parts are summed again, if the database
 * has the parts; else all are.
 */
async function writeRollups(
	c: DuckDBConnection,
	cube: string,
	distribution: string,
	changed?: string[]
): Promise<void> {
	const [parts, smalls] = ROLLUP_PARTS;
	const regions = '(SELECT la_code, region_code AS region FROM main.local_authorities)';
	const present = new Set(await mainTables(c));
	if (changed && ROLLUP_PARTS.every((t) => present.has(t))) {
		const theirs = `(SELECT region_code FROM main.local_authorities WHERE la_code IN (${sqlList(changed)}))`;
		const inTheirs = `(SELECT la_code, region_code AS region FROM main.local_authorities
			WHERE region_code IN ${theirs})`;
		for (const t of ROLLUP_PARTS) await c.run(`DELETE FROM main.${t} WHERE region IN ${theirs}`);
		await c.run(`INSERT INTO main.${parts} ${rollupPartsSql(cube, inTheirs)}`);
		await c.run(`INSERT INTO main.${smalls} ${rollupSmallsSql(cube, inTheirs)}`);
	} else {
		for (const t of ROLLUP_PARTS) await c.run(`DROP TABLE IF EXISTS main.${t}`);
		await c.run(`CREATE TABLE main.${parts} AS ${rollupPartsSql(cube, regions)}`);
		await c.run(`CREATE TABLE main.${smalls} AS ${rollupSmallsSql(cube, regions)}`);
	}
	for (const t of ROLLUP_TABLES) await c.run(`DROP TABLE IF EXISTS main.${t}`);
	await c.run(
		`CREATE TABLE main.metric_rollup AS ${publishedRollupSql(`main.${parts}`, `main.${smalls}`)}`
	);
	const areas = `(SELECT la_code, 'england' AS area FROM main.local_authorities
		UNION ALL SELECT la_code, region_code FROM main.local_authorities)`;
	await c.run(
		`CREATE TABLE main.metric_distribution_rollup AS ${publishedDistributionSql(distribution, areas)}`
	);
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
async function setAsideUnknown(c: DuckDBConnection, built: string[]): Promise<void> {
	await c.run(`CREATE TABLE ${UNKNOWN_TABLE} (metric VARCHAR NOT NULL, la_code VARCHAR NOT NULL)`);
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
