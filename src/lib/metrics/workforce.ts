// Workforce expertise: are the children most at risk held by experienced, specialist
// practitioners, with stable allocation and manageable caseloads?
import {
	allocationSpells,
	caseloads,
	childrenOnPlan,
	covers,
	planStaff,
	socialCareInPost,
	twelveMonthsEnding
} from './sql';
import { percentOnTheDay } from './types';
import type { MetricDefinition, SqlContext } from './types';

/** Children on a plan at each snapshot day with their allocated worker (if any). */
function planWithWorker(ctx: SqlContext, num: string, onlyAllocated: boolean): string {
	return `SELECT o.la_code, o.snap AS anchor, ${num} AS num, 1 AS den,
			o.category, coalesce(o.team, 'No allocated worker') AS team, o.age_band, o.ethnicity_group
		FROM ${planStaff(ctx)} o
		${onlyAllocated ? 'WHERE o.worker_id IS NOT NULL' : ''}`;
}

const workforceCensus = "DfE children's social work workforce census.";

/** Qualification months, which the workforce census does not carry. */
const qualified = { table: 'practitioners', column: 'qualified_month' } as const;

export const workforce: MetricDefinition[] = [
	{
		id: 'cp_experienced_worker',
		theme: 'workforce',
		title: 'Children on a plan held by an experienced worker',
		definition:
			'The share of allocated children on a plan whose worker qualified three or more years before the day.',
		numerator: 'Children whose allocated worker qualified 3 or more years before the day',
		denominator: 'Children on a plan on the day with an allocated worker',
		anchor: 'The last day of the period (a snapshot)',
		polarity: 'up',
		standard:
			'Child Safeguarding Practice Review Panel 2022: the riskiest cases need experienced, specialist practitioners.',
		tables: ['cp_plans', 'allocations', 'practitioners'],
		knownColumns: [qualified],
		...percentOnTheDay,
		breakdowns: ['team', 'category', 'age_band', 'ethnicity_group'],
		headline: true,
		complementOf: 'cp_unallocated',
		sql: (ctx) =>
			planWithWorker(
				ctx,
				`CASE WHEN o.qualified_month <= CAST(o.snap - INTERVAL 3 YEAR AS DATE) THEN 1 ELSE 0 END`,
				true
			)
	},
	{
		id: 'cp_specialist_worker',
		theme: 'workforce',
		title: 'Children on a plan held by an accredited specialist',
		definition:
			"The share of allocated children on a plan whose worker holds the authority's specialist child protection accreditation.",
		numerator: 'Children whose allocated worker is an accredited child protection specialist',
		denominator: 'Children on a plan on the day with an allocated worker',
		anchor: 'The last day of the period (a snapshot)',
		polarity: 'up',
		standard:
			'Child Safeguarding Practice Review Panel 2022: multi-agency child protection units with specialist practitioners.',
		tables: ['cp_plans', 'allocations', 'practitioners'],
		knownColumns: [{ table: 'practitioners', column: 'cp_specialist' }],
		...percentOnTheDay,
		breakdowns: ['team', 'category', 'age_band', 'ethnicity_group'],
		complementOf: 'cp_unallocated',
		sql: (ctx) => planWithWorker(ctx, 'CASE WHEN o.cp_specialist THEN 1 ELSE 0 END', true)
	},
	{
		id: 'cp_unallocated',
		theme: 'workforce',
		title: 'Children on a plan with no allocated worker',
		definition: 'The share of children on a plan who had no worker allocated on the day.',
		numerator: 'Children on a plan with no allocation covering the day',
		denominator: 'Children on a plan on the day',
		anchor: 'The last day of the period (a snapshot)',
		polarity: 'down',
		standard:
			'Working Together to Safeguard Children 2023: every child on a plan has a lead social worker.',
		tables: ['cp_plans', 'allocations', 'practitioners'],
		...percentOnTheDay,
		breakdowns: ['category', 'age_band', 'ethnicity_group'],
		headline: true,
		sql: (ctx) => planWithWorker(ctx, 'CASE WHEN o.worker_id IS NULL THEN 1 ELSE 0 END', false)
	},
	{
		id: 'worker_changes_3plus',
		theme: 'workforce',
		title: 'Children on a plan with three or more workers in a year',
		definition:
			'The share of children on a plan who had three or more different workers allocated at some time in the 12 months up to the day.',
		numerator:
			'Children with 3 or more distinct workers allocated in the 12 months ending on the day',
		denominator: 'Children on a plan on the day',
		anchor: 'The last day of the period (a snapshot)',
		polarity: 'down',
		standard: 'Stability of the relationship between child and worker (Ofsted ILACS).',
		tables: ['cp_plans', 'allocations'],
		...percentOnTheDay,
		breakdowns: ['category', 'age_band', 'ethnicity_group'],
		// Counted inside each child's list of allocations (see allocationSpells).
		sql: (ctx) => `SELECT o.la_code, o.snap AS anchor,
				CASE WHEN len(list_distinct(list_transform(
					list_filter(h.spells, x -> x.start_date <= o.snap
						AND (x.end_date IS NULL OR x.end_date > ${twelveMonthsEnding('o.snap')})),
					x -> x.worker_id))) >= 3 THEN 1 ELSE 0 END AS num, 1 AS den,
				o.category, o.age_band, o.ethnicity_group
			FROM ${childrenOnPlan(ctx)} o
			LEFT JOIN ${allocationSpells(ctx)} h ON h.la_code = o.la_code AND h.child_id = o.child_id`
	},
	{
		id: 'caseload_avg',
		theme: 'workforce',
		title: 'Average caseload of social workers holding cases',
		definition:
			'Allocated children per full-time equivalent, over the social care workers holding at least one allocation on the day.',
		numerator: 'Allocations covering the day held by social care workers',
		denominator: 'Full-time equivalent of those workers',
		anchor: 'The last day of the period (a snapshot)',
		polarity: 'down',
		standard: workforceCensus,
		tables: ['allocations', 'practitioners'],
		kind: 'ratio',
		scale: 1,
		unit: 'children per FTE',
		timing: 'snapshot',
		breakdowns: ['team'],
		fte: true,
		units: { numerator: 'count', denominator: 'fte' },
		sql: (ctx) => `WITH held AS ${caseloads(ctx)}
			SELECT h.la_code, h.snap AS anchor, h.cases AS num, p.fte AS den, h.cases AS num_n, 1 AS den_n, p.team
			FROM held h JOIN practitioners p ON p.la_code = h.la_code AND p.worker_id = h.worker_id
			WHERE p.agency = 'social_care'`
	},
	{
		id: 'turnover_rate',
		theme: 'workforce',
		title: 'Social worker turnover',
		definition:
			'Full-time equivalent of permanent social care staff who left in the 12 months up to the day, as a share of those in post on the day.',
		numerator:
			'FTE of non-agency social care practitioners leaving in the 12 months ending on the day',
		denominator: 'FTE of non-agency social care practitioners in post on the day',
		anchor: 'The last day of the period (a snapshot)',
		polarity: 'down',
		standard: workforceCensus,
		tables: ['practitioners'],
		...percentOnTheDay,
		breakdowns: ['team'],
		fte: true,
		units: { numerator: 'fte', denominator: 'fte' },
		sql: (ctx) => `SELECT p.la_code, s.snap AS anchor,
				CASE WHEN p.end_date >= ${twelveMonthsEnding('s.snap')} AND p.end_date <= s.snap THEN p.fte ELSE 0 END AS num,
				CASE WHEN ${covers('p', 's.snap')} THEN p.fte ELSE 0 END AS den,
				CASE WHEN p.end_date >= ${twelveMonthsEnding('s.snap')} AND p.end_date <= s.snap THEN 1 ELSE 0 END AS num_n,
				CASE WHEN ${covers('p', 's.snap')} THEN 1 ELSE 0 END AS den_n,
				p.team
			FROM ${ctx.snapshots} s JOIN practitioners p
				ON p.agency = 'social_care' AND NOT coalesce(p.agency_worker, false) AND p.start_date <= s.snap
				AND (p.end_date IS NULL OR p.end_date >= ${twelveMonthsEnding('s.snap')})`
	},
	{
		id: 'agency_rate',
		theme: 'workforce',
		title: 'Agency social workers',
		definition:
			'Agency workers as a share of all social care full-time equivalent in post on the day.',
		numerator: 'FTE of agency social care practitioners in post',
		denominator: 'FTE of all social care practitioners in post',
		anchor: 'The last day of the period (a snapshot)',
		polarity: 'down',
		standard: workforceCensus,
		tables: ['practitioners'],
		...percentOnTheDay,
		breakdowns: ['team'],
		fte: true,
		units: { numerator: 'fte', denominator: 'fte' },
		sql: (ctx) => `SELECT la_code, snap AS anchor,
				CASE WHEN agency_worker THEN fte ELSE 0 END AS num, fte AS den,
				CASE WHEN agency_worker THEN 1 ELSE 0 END AS num_n, 1 AS den_n, team
			FROM ${socialCareInPost(ctx)}`
	},
	{
		id: 'vacancy_rate',
		theme: 'workforce',
		title: 'Social worker vacancies',
		definition:
			'Vacant social care posts (FTE, at the latest count on or before the day) as a share of vacant plus filled posts.',
		numerator: 'Social care vacant FTE at the latest snapshot on or before the day',
		denominator: 'That vacant FTE plus social care FTE in post on the day',
		anchor: 'The last day of the period (a snapshot)',
		polarity: 'down',
		standard: workforceCensus,
		tables: ['practitioners', 'vacancies'],
		...percentOnTheDay,
		breakdowns: [],
		fte: true,
		units: { numerator: 'fte', denominator: 'fte' },
		// An authority with no vacancy count yet is left out rather than read as fully staffed.
		sql: (ctx) => `WITH v AS (
				SELECT snap, la_code, vacant_fte FROM (
					SELECT s.snap, vc.la_code, vc.vacant_fte,
						row_number() OVER (PARTITION BY s.snap, vc.la_code ORDER BY vc.snapshot_date DESC) AS k
					FROM ${ctx.snapshots} s JOIN vacancies vc ON vc.agency = 'social_care' AND vc.snapshot_date <= s.snap
				) WHERE k = 1
			)
			SELECT la_code, snap AS anchor, vacant_fte AS num, vacant_fte AS den, 0 AS num_n, 0 AS den_n FROM v
			UNION ALL
			SELECT p.la_code, p.snap AS anchor, 0 AS num, p.fte AS den, 0 AS num_n, 1 AS den_n
			FROM ${socialCareInPost(ctx)} p JOIN v ON v.snap = p.snap AND v.la_code = p.la_code`
	},
	{
		id: 'early_career_share',
		theme: 'workforce',
		title: 'Case-holding social workers in their first two years',
		definition:
			'The share of social care workers holding cases on the day who qualified less than two years before.',
		numerator: 'Case-holding social care workers qualified under 2 years before the day',
		denominator: 'Social care workers in post holding at least one allocation on the day',
		anchor: 'The last day of the period (a snapshot)',
		polarity: 'neutral',
		standard:
			'Child Safeguarding Practice Review Panel 2022: expertise of practitioners holding child protection cases.',
		tables: ['allocations', 'practitioners'],
		knownColumns: [qualified],
		...percentOnTheDay,
		breakdowns: ['team'],
		sql: (ctx) => `SELECT p.la_code, p.snap AS anchor,
				CASE WHEN p.qualified_month > CAST(p.snap - INTERVAL 2 YEAR AS DATE) THEN 1 ELSE 0 END AS num, 1 AS den, p.team
			FROM ${socialCareInPost(ctx)} p
			JOIN ${caseloads(ctx)} h ON h.snap = p.snap AND h.la_code = p.la_code AND h.worker_id = p.worker_id`
	}
];
