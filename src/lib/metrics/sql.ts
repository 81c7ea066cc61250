// SQL fragments shared by the catalogue: the chart groups of the contract's code lists, age
// bands, the data's extraction date, and "children on a plan at a date" with their allocated
// worker. Pure text; values from users never reach these strings (they come from the code).
import type { SharedRelation, SqlContext } from './types';
import {
	abuseOrExploitationFactors,
	agencies,
	ethnicities,
	referralSources
} from '$lib/contract/codes';

const literal = (s: string) => `'${s.replace(/'/g, "''")}'`;

function caseMap(expr: string, map: Record<string, string>, otherwise: string): string {
	const arms = Object.entries(map)
		.map(([code, group]) => `WHEN ${literal(code)} THEN ${literal(group)}`)
		.join(' ');
	return `CASE ${expr} ${arms} ELSE ${literal(otherwise)} END`;
}

export const NOT_KNOWN = 'Not known';

export const ethnicityGroup = (expr: string) => caseMap(expr, ethnicities, NOT_KNOWN);
export const sourceGroup = (expr: string) => caseMap(expr, referralSources, 'unknown');

/** Age band at `at` from a birth month (stored as its first day). */
export function ageBand(birthMonth: string, at: string): string {
	const age = `(year(${at}) - year(${birthMonth}) - CASE WHEN month(${at}) < month(${birthMonth}) THEN 1 ELSE 0 END)`;
	return `CASE WHEN ${birthMonth} IS NULL THEN ${literal(NOT_KNOWN)}
		WHEN ${age} < 1 THEN 'Under 1' WHEN ${age} <= 4 THEN '1 to 4' WHEN ${age} <= 9 THEN '5 to 9'
		WHEN ${age} <= 15 THEN '10 to 15' ELSE '16 and over' END`;
}

/**
 * Child-based breakdown columns for a row with `la_code`, `child_id` in `alias` at `at`.
 * With the store's `childKeys` relation the child is found by a 64-bit hash of the two ids
 * (one integer compared instead of two strings: about half the join's time). That is exact:
 * the store shares it only when no two children's hashes are equal, and the loader has made
 * sure every child a case table names is in `children`. (The key is one expression, never a
 * second condition: DuckDB would then pair every row with every child instead of hashing.)
 */
export function childBreakdowns(
	ctx: SqlContext,
	alias: string,
	at: string
): { join: string; columns: string } {
	const keys = ctx.shared?.childKeys;
	return {
		join: keys
			? `LEFT JOIN ${keys} ch ON ch.k = CASE WHEN ${alias}.child_id IS NULL THEN NULL ELSE hash(${alias}.la_code, ${alias}.child_id) END`
			: `LEFT JOIN children ch ON ch.la_code = ${alias}.la_code AND ch.child_id = ${alias}.child_id`,
		columns: `${ageBand('ch.birth_month', at)} AS age_band, ${ethnicityGroup('ch.ethnicity')} AS ethnicity_group`
	};
}

/** The children keyed by a hash of their authority and id (see childBreakdowns). */
export const CHILD_KEYS = `(SELECT hash(la_code, child_id) AS k, birth_month, ethnicity FROM children)`;

export const agencyList = `[${agencies.map(literal).join(', ')}]`;
export const abuseFactorList = `[${abuseOrExploitationFactors.map(literal).join(', ')}]`;

/** The extract's `extracted` date: nothing after it can be known. */
export const EXTRACTED = `(SELECT CAST(value AS DATE) FROM meta WHERE key = 'extracted')`;

/** "Covers" (METRICS conventions): started on or before `at` and not ended by then. */
export const covers = (alias: string, at: string, start = 'start_date', end = 'end_date') =>
	`${alias}.${start} <= ${at} AND (${alias}.${end} IS NULL OR ${alias}.${end} > ${at})`;

/** A shared relation when the store builder has made it, otherwise the fragment itself. */
function shared(ctx: SqlContext, name: SharedRelation, sql: () => string): string {
	const table = ctx.shared?.[name];
	return table ? `(SELECT * FROM ${table})` : sql();
}

/** A date later than any in the data: an open-ended spell's end, for overlap tests. */
const OPEN_END = "DATE '9999-12-31'";

/**
 * Children on a plan at each snapshot day: one row per (snap, la_code, child_id), the plan that
 * started last when two overlap, with the child's age band on the day and ethnicity group.
 * Columns: snap, la_code, child_id, plan_id, start_date, category, age_band, ethnicity_group.
 *
 * Overlapping plans for one child are rare, so only the children who have them are ranked;
 * everyone else's one covering plan is taken as it is (ranking every row was most of the cost).
 */
export function childrenOnPlan(ctx: SqlContext): string {
	return shared(
		ctx,
		'onPlan',
		() => `(WITH plans AS (
			SELECT p.la_code, p.child_id, p.plan_id, p.start_date, p.end_date,
				p.latest_category AS category, ch.birth_month, ch.ethnicity,
				EXISTS (SELECT 1 FROM cp_plans b WHERE b.la_code = p.la_code AND b.child_id = p.child_id
					AND b.plan_id <> p.plan_id
					AND b.start_date < coalesce(p.end_date, ${OPEN_END})
					AND p.start_date < coalesce(b.end_date, ${OPEN_END})) AS overlapped
			FROM cp_plans p LEFT JOIN children ch ON ch.la_code = p.la_code AND ch.child_id = p.child_id
		), covering AS (
			SELECT s.snap, p.la_code, p.child_id, p.plan_id, p.start_date, p.category,
				${ageBand('p.birth_month', 's.snap')} AS age_band,
				${ethnicityGroup('p.ethnicity')} AS ethnicity_group, p.overlapped
			FROM ${ctx.snapshots} s JOIN plans p ON ${covers('p', 's.snap')}
		)
		SELECT * EXCLUDE (overlapped) FROM covering WHERE NOT overlapped
		UNION ALL
		SELECT * EXCLUDE (overlapped, k) FROM (
			SELECT *, row_number() OVER (PARTITION BY snap, la_code, child_id
				ORDER BY start_date DESC, plan_id DESC) AS k
			FROM covering WHERE overlapped
		) WHERE k = 1)`
	);
}

/**
 * Every allocation of each child who has ever been on a plan, as one list per child of
 * {start_date, worker_id, end_date}: a child has a handful, so the questions about a day
 * (who held the case, how many held it in a year) are answered inside the list rather than
 * by joining every day to every allocation and grouping millions of rows back together.
 * Columns: la_code, child_id, spells.
 */
export function allocationSpells(ctx: SqlContext): string {
	return shared(
		ctx,
		'spells',
		() => `(SELECT a.la_code, a.child_id,
			list({'start_date': a.start_date, 'worker_id': a.worker_id, 'end_date': a.end_date}) AS spells
		FROM allocations a SEMI JOIN cp_plans p ON p.la_code = a.la_code AND p.child_id = a.child_id
		GROUP BY a.la_code, a.child_id)`
	);
}

/**
 * Every child on a plan (childrenOnPlan) with the worker allocated on its snapshot day, if any:
 * where several allocations cover the day, the one that started last (then the greater worker
 * id: the spells compare as {start_date, worker_id, …}, and a child's worker and start are a
 * key), with that worker's team, qualification month and specialist accreditation.
 * Columns: those of childrenOnPlan, then worker_id, team, qualified_month, cp_specialist
 * (all empty for a child with no allocated worker).
 */
export function planStaff(ctx: SqlContext): string {
	return shared(
		ctx,
		'planStaff',
		() => `(SELECT w.*, p.team, p.qualified_month, p.cp_specialist FROM (
			SELECT o.*,
				list_max(list_filter(h.spells, x -> ${covers('x', 'o.snap')})).worker_id AS worker_id
			FROM ${childrenOnPlan(ctx)} o
			LEFT JOIN ${allocationSpells(ctx)} h ON h.la_code = o.la_code AND h.child_id = o.child_id
		) w
		LEFT JOIN practitioners p ON p.la_code = w.la_code AND p.worker_id = w.worker_id)`
	);
}

/**
 * Each worker holding at least one allocation on each snapshot day, with how many.
 * Columns: snap, la_code, worker_id, cases.
 */
export function caseloads(ctx: SqlContext): string {
	return shared(
		ctx,
		'caseloads',
		// Both bounds as plain comparisons, so DuckDB joins the days to the allocations by range
		// (IEJoin) instead of pairing every day with every allocation that started before it.
		() => `(SELECT s.snap, a.la_code, a.worker_id, count(*) AS cases
		FROM ${ctx.snapshots} s JOIN allocations a
			ON a.start_date <= s.snap AND coalesce(a.end_date, ${OPEN_END}) > s.snap
		GROUP BY s.snap, a.la_code, a.worker_id)`
	);
}

/** Social care practitioners in post at each snapshot day. */
export function socialCareInPost(ctx: { snapshots: string }, extra = ''): string {
	return `(SELECT s.snap, p.* FROM ${ctx.snapshots} s JOIN practitioners p
		ON p.agency = 'social_care' AND ${covers('p', 's.snap')} ${extra})`;
}

/** Start of "the 12 months ending `at`": the day after `at` minus 12 calendar months. */
export const twelveMonthsEnding = (at: string) => `(CAST(${at} - INTERVAL 12 MONTH AS DATE) + 1)`;
