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
import { aggregateSql } from './aggregate-sql';

export const STORE_TABLES = [
	'metric_cube',
	'metric_totals',
	'metric_distribution',
	'metric_store'
] as const;

/**
 * England and each region already added up (area 'england' or the region code), so a question
 * about everyone reads a few thousand rows instead of every authority's breakdown rows. A
 * database without them is still answered from the store, by adding authorities up.
 */
export const ROLLUP_TABLES = ['metric_rollup', 'metric_distribution_rollup'] as const;

/** Snapshot days: each month's last day from the first referral's month to the extraction date. */
const SNAPSHOT_DAYS = `CREATE TEMP TABLE snapshot_days AS
	SELECT CAST(last_day(m) AS DATE) AS snap
	FROM generate_series(
		CAST(date_trunc('month', (SELECT min(referral_date) FROM referrals)) AS TIMESTAMP),
		CAST(${EXTRACTED} AS TIMESTAMP), INTERVAL 1 MONTH) g(m)
	WHERE last_day(m) <= ${EXTRACTED}`;

export function availableMetrics(tables: Iterable<string>): MetricDefinition[] {
	const present = new Set(tables);
	return catalogue.filter((m) => m.tables.every((t) => present.has(t)));
}

/**
 * Builds the store in the database being loaded (called by the loader before sealing).
 * `onStep` hears how long each metric and each shared step took (for the benchmark).
 */
export async function buildMetricStore(
	c: DuckDBConnection,
	onStep?: (step: string, seconds: number) => void
): Promise<void> {
	let started = performance.now();
	const done = (step: string) => {
		const now = performance.now();
		onStep?.(step, (now - started) / 1000);
		started = now;
	};
	const tables = (
		await c.runAndReadAll(
			`SELECT table_name FROM duckdb_tables() WHERE schema_name = 'main' AND NOT temporary`
		)
	)
		.getRows()
		.map((r) => String(r[0]));
	await c.run(SNAPSHOT_DAYS);
	await c.run(`CREATE TABLE metric_cube (metric VARCHAR NOT NULL, la_code VARCHAR NOT NULL,
		month DATE NOT NULL, breakdown VARCHAR NOT NULL, key VARCHAR NOT NULL,
		num DOUBLE NOT NULL, den DOUBLE NOT NULL, num_n BIGINT NOT NULL, den_n BIGINT NOT NULL)`);
	await c.run(`CREATE TABLE metric_distribution (metric VARCHAR NOT NULL, la_code VARCHAR NOT NULL,
		month DATE NOT NULL, breakdown VARCHAR NOT NULL, key VARCHAR NOT NULL,
		value INTEGER NOT NULL, n BIGINT NOT NULL)`);
	const ctx = await shareRelations(c, new Set(tables), {
		snapshots: 'snapshot_days',
		visitWorkingDays: DEFAULT_VISIT_WORKING_DAYS
	});
	done('shared relations');
	await c.run('CREATE TEMP TABLE staged_cube AS SELECT * FROM metric_cube LIMIT 0');
	await c.run('CREATE TEMP TABLE staged_distribution AS SELECT * FROM metric_distribution LIMIT 0');
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
	// England and regional roll-ups (authorities in the data only, as the engine counts them).
	const areas = `(SELECT la_code, 'england' AS area FROM local_authorities
		UNION ALL SELECT la_code, region_code FROM local_authorities)`;
	await c.run(
		`CREATE TABLE metric_rollup AS SELECT a.area, s.metric, s.month, s.breakdown, s.key,
			sum(s.num) AS num, sum(s.den) AS den, sum(s.num_n) AS num_n, sum(s.den_n) AS den_n
		FROM staged_cube s JOIN ${areas} a USING (la_code)
		GROUP BY ALL ORDER BY a.area, s.metric, s.month, s.breakdown, s.key`
	);
	await c.run(
		`CREATE TABLE metric_distribution_rollup AS SELECT a.area, s.metric, s.month, s.breakdown,
			s.key, s.value, sum(s.n) AS n
		FROM staged_distribution s JOIN ${areas} a USING (la_code)
		GROUP BY ALL ORDER BY a.area, s.metric, s.month`
	);
	done('roll-ups');
	// Which metrics the store answers, and for which snapshot days and visiting standard.
	await c.run(`CREATE TABLE metric_store (metric VARCHAR NOT NULL, last_snapshot DATE,
		visit_working_days INTEGER NOT NULL)`);
	for (const id of built) {
		await c.run(
			`INSERT INTO metric_store SELECT $id, (SELECT max(snap) FROM snapshot_days), $visit`,
			{ id, visit: ctx.visitWorkingDays }
		);
	}
	await c.run('DROP TABLE staged_cube');
	await c.run('DROP TABLE staged_distribution');
	for (const table of Object.values(ctx.shared ?? {})) await c.run(`DROP TABLE ${table}`);
	await c.run('DROP TABLE snapshot_days');
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
