// Timeliness: assessments, initial and review conferences, and visits to children on plans,
// against the statutory timescales counted in working days or calendar months.
import { childBreakdowns, childrenOnPlan, sourceGroup } from './sql';
import { percentOfEvents, percentOnTheDay } from './types';
import type { MetricDefinition } from './types';

export const timeliness: MetricDefinition[] = [
	{
		id: 'assessment_45wd',
		theme: 'timeliness',
		title: 'Assessments completed within 45 working days',
		definition:
			'The share of assessments authorised within 45 working days of the referral that led to them.',
		numerator: 'Assessments authorised within 45 working days of the referral date',
		denominator: 'Assessments authorised',
		anchor: 'Date the assessment was authorised',
		polarity: 'up',
		standard:
			"Working Together to Safeguard Children 2023: assessments within 45 working days of referral; DfE's measure.",
		tables: ['referrals', 'assessments'],
		...percentOfEvents,
		breakdowns: ['source_group', 'age_band', 'ethnicity_group'],
		headline: true,
		sql: (ctx) => {
			const child = childBreakdowns(ctx, 'a', 'a.authorised_date');
			return `SELECT a.la_code, a.authorised_date AS anchor,
					CASE WHEN cb.wd_index - ca.wd_index <= 45 THEN 1 ELSE 0 END AS num, 1 AS den,
					${sourceGroup('r.source')} AS source_group, ${child.columns}
				FROM assessments a
				JOIN referrals r ON r.la_code = a.la_code AND r.referral_id = a.referral_id
				JOIN calendar ca ON ca.date = r.referral_date
				JOIN calendar cb ON cb.date = a.authorised_date
				${child.join}
				WHERE a.authorised_date IS NOT NULL`;
		}
	},
	{
		id: 'icpc_15wd',
		theme: 'timeliness',
		title: 'Initial conferences within 15 working days',
		definition:
			'The share of initial child protection conferences held within 15 working days of the strategy discussion that started the section 47 enquiry. Conferences for children moving in from another authority are left out.',
		numerator: 'Initial conferences held within 15 working days of the enquiry start',
		denominator: 'Initial conferences, not transfers in, that name an enquiry',
		anchor: 'Date of the conference',
		polarity: 'up',
		standard:
			"Working Together to Safeguard Children 2023: initial conference within 15 working days of the strategy discussion; DfE's measure.",
		tables: ['conferences', 's47_enquiries'],
		...percentOfEvents,
		breakdowns: ['age_band', 'ethnicity_group'],
		headline: true,
		sql: (ctx) => {
			const child = childBreakdowns(ctx, 'c', 'c.date');
			return `SELECT c.la_code, c.date AS anchor,
					CASE WHEN cc.wd_index - cs.wd_index <= 15 THEN 1 ELSE 0 END AS num, 1 AS den, ${child.columns}
				FROM conferences c
				JOIN s47_enquiries s ON s.la_code = c.la_code AND s.s47_id = c.s47_id
				JOIN calendar cs ON cs.date = s.start_date
				JOIN calendar cc ON cc.date = c.date
				${child.join}
				WHERE c.type = 'initial' AND NOT coalesce(c.transfer_in, false)`;
		}
	},
	{
		id: 'review_on_time',
		theme: 'timeliness',
		title: 'Review conferences on time',
		definition:
			'The share of review conferences held by their due date: 3 months after the initial conference for the first review, 6 months after the previous review after that.',
		numerator: 'Review conferences held on or before their due date',
		denominator: 'Review conferences with an earlier conference for the plan in the data',
		anchor: 'Date of the review',
		polarity: 'up',
		standard:
			'Working Together to Safeguard Children 2023: first review within 3 months of the initial conference, then at intervals of no more than 6 months.',
		tables: ['conferences'],
		...percentOfEvents,
		breakdowns: ['age_band', 'ethnicity_group'],
		sql: (ctx) => {
			const child = childBreakdowns(ctx, 'pc', 'pc.date');
			return `WITH pc AS (
					SELECT la_code, child_id, plan_id, type, date,
						lag(date) OVER w AS previous_date, lag(type) OVER w AS previous_type
					FROM conferences WHERE plan_id IS NOT NULL
					WINDOW w AS (PARTITION BY la_code, plan_id
						ORDER BY date, CASE type WHEN 'initial' THEN 0 ELSE 1 END, conference_id)
				)
				SELECT pc.la_code, pc.date AS anchor,
					CASE WHEN pc.date <= CAST(pc.previous_date + CASE WHEN pc.previous_type = 'initial'
						THEN INTERVAL 3 MONTH ELSE INTERVAL 6 MONTH END AS DATE) THEN 1 ELSE 0 END AS num,
					1 AS den, ${child.columns}
				FROM pc ${child.join}
				WHERE pc.type = 'review' AND pc.previous_date IS NOT NULL`;
		}
	},
	{
		id: 'visits_10wd',
		theme: 'timeliness',
		title: 'Children on a plan visited within 10 working days',
		definition:
			'The share of children on a plan (for at least 10 working days) whose latest visit was within the last 10 working days.',
		numerator: 'Children whose latest visit on or before the day lies within 10 working days of it',
		denominator: 'Children on a plan on the day, the plan at least 10 working days old',
		anchor: 'The last day of the period (a snapshot)',
		polarity: 'up',
		standard: 'Local visiting standard (10 working days unless configured otherwise).',
		tables: ['cp_plans', 'cp_visits'],
		...percentOnTheDay,
		breakdowns: ['category', 'age_band', 'ethnicity_group'],
		// The latest visit is within n working days of the day exactly when some visit on or
		// before the day is (working-day numbers never go down), so only visits in each day's
		// window are read: the calendar days from the earliest day within n working days to the
		// day itself, joined to visits on their date.
		sql: (ctx) => {
			const n = ctx.visitWorkingDays;
			return `WITH onplan AS ${childrenOnPlan(ctx)},
				windows AS (
					SELECT s.snap, (SELECT min(c.date) FROM calendar c WHERE c.wd_index >= cs.wd_index - ${n}) AS since
					FROM ${ctx.snapshots} s JOIN calendar cs ON cs.date = s.snap
				),
				window_days AS (
					SELECT w.snap, c.date FROM windows w JOIN calendar c ON c.date >= w.since AND c.date <= w.snap
				),
				visited AS (
					SELECT DISTINCT d.snap, v.la_code, v.plan_id
					FROM cp_visits v JOIN window_days d ON d.date = v.date
				)
				SELECT o.la_code, o.snap AS anchor,
					CASE WHEN vd.plan_id IS NULL THEN 0 ELSE 1 END AS num, 1 AS den,
					o.category, o.age_band, o.ethnicity_group
				FROM onplan o
				JOIN calendar cs ON cs.date = o.start_date
				JOIN calendar cat ON cat.date = o.snap
				LEFT JOIN visited vd ON vd.snap = o.snap AND vd.la_code = o.la_code AND vd.plan_id = o.plan_id
				WHERE cat.wd_index - cs.wd_index >= ${n}`;
		}
	}
];
