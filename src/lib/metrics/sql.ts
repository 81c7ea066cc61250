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

/** Child-based breakdown columns for a row with `la_code`, `child_id` in `alias` at `at`. */
export function childBreakdowns(alias: string, at: string): { join: string; columns: string } {
	return {
		join: `LEFT JOIN children ch ON ch.la_code = ${alias}.la_code AND ch.child_id = ${alias}.child_id`,
		columns: `${ageBand('ch.birth_month', at)} AS age_band, ${ethnicityGroup('ch.ethnicity')} AS ethnicity_group`
	};
}

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

/**
 * Children on a plan at each snapshot day: one row per (snap, la_code, child_id), the plan that
 * started last when two overlap, with the child's birth month and ethnicity for breakdowns.
 * Columns: snap, la_code, child_id, plan_id, start_date, category, birth_month, ethnicity.
 */
export function childrenOnPlan(ctx: SqlContext): string {
	return shared(
		ctx,
		'onPlan',
		() => `(SELECT o.*, ch.birth_month, ch.ethnicity FROM (
		SELECT snap, la_code, child_id, plan_id, start_date, category FROM (
			SELECT s.snap, p.la_code, p.child_id, p.plan_id, p.start_date, p.latest_category AS category,
				row_number() OVER (PARTITION BY s.snap, p.la_code, p.child_id ORDER BY p.start_date DESC, p.plan_id DESC) AS k
			FROM ${ctx.snapshots} s JOIN cp_plans p ON ${covers('p', 's.snap')}
		) WHERE k = 1) o
		LEFT JOIN children ch ON ch.la_code = o.la_code AND ch.child_id = o.child_id)`
	);
}

/**
 * The worker allocated to each child on a plan (childrenOnPlan) on its snapshot day: where
 * several allocations cover the day, the one that started last. Joining on the child first
 * keeps this cheap: only those children's allocations are read.
 * Columns: snap, la_code, child_id, worker_id.
 */
export function planWorkers(ctx: SqlContext): string {
	return shared(
		ctx,
		'planWorkers',
		() => `(SELECT snap, la_code, child_id, worker_id FROM (
		SELECT o.snap, a.la_code, a.child_id, a.worker_id,
			row_number() OVER (PARTITION BY o.snap, a.la_code, a.child_id ORDER BY a.start_date DESC, a.worker_id DESC) AS k
		FROM ${childrenOnPlan(ctx)} o JOIN allocations a ON a.la_code = o.la_code AND a.child_id = o.child_id
			AND ${covers('a', 'o.snap')}
	) WHERE k = 1)`
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
		() => `(SELECT s.snap, a.la_code, a.worker_id, count(*) AS cases
		FROM ${ctx.snapshots} s JOIN allocations a ON ${covers('a', 's.snap')}
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
