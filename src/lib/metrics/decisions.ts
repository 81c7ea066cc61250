// Decision quality: are the statutory steps triggered when they should be, and do decisions
// hold (re-referrals, repeat plans, plans that end too soon or last too long)?
import { abuseFactorList, childBreakdowns, EXTRACTED, sourceGroup } from './sql';
import { percentOfEvents } from './types';
import type { MetricDefinition, SqlContext } from './types';

const referralBase = (ctx: SqlContext, num: string) => {
	const child = childBreakdowns(ctx, 'r', 'r.referral_date');
	return (from: string) => `SELECT r.la_code, r.referral_date AS anchor, ${num} AS num, 1 AS den,
			${sourceGroup('r.source')} AS source_group, ${child.columns}
		FROM ${from} r ${child.join}`;
};

const planEnded = (ctx: SqlContext, num: string) => {
	const child = childBreakdowns(ctx, 'p', 'p.end_date');
	return `SELECT p.la_code, p.end_date AS anchor, ${num} AS num, 1 AS den,
			p.latest_category AS category, ${child.columns}
		FROM cp_plans p ${child.join}
		WHERE p.end_date IS NOT NULL`;
};

export const decisions: MetricDefinition[] = [
	{
		id: 'rereferral_12m',
		theme: 'decisions',
		title: 'Re-referrals within 12 months',
		definition:
			'The share of referrals for a child who had another referral to the same authority in the 12 months before.',
		numerator: 'Referrals with an earlier referral for the child within the 12 months before',
		denominator: 'Referrals',
		anchor: 'Referral date',
		polarity: 'down',
		standard: "DfE's re-referral measure (Characteristics of children in need).",
		tables: ['referrals'],
		...percentOfEvents,
		breakdowns: ['source_group', 'age_band', 'ethnicity_group'],
		headline: true,
		// "Within 12 months before d": on or after d minus 12 calendar months, and before d.
		// `previous` is the child's latest referral date before d: the frame up to d without d's
		// own peers (same-day referrals), measured faster than a frame ending a day before d.
		sql: (ctx) =>
			referralBase(
				ctx,
				`CASE WHEN r.previous >= CAST(r.referral_date - INTERVAL 12 MONTH AS DATE) THEN 1 ELSE 0 END`
			)(`(SELECT *, max(referral_date) OVER (PARTITION BY la_code, child_id ORDER BY referral_date
				RANGE BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW EXCLUDE GROUP) AS previous FROM referrals)`)
	},
	{
		id: 'referral_nfa',
		theme: 'decisions',
		title: 'Referrals with no further action',
		definition: 'The share of referrals on which no further action was taken.',
		numerator: 'Referrals marked no further action',
		denominator: 'Referrals',
		anchor: 'Referral date',
		polarity: 'neutral',
		standard: 'Children in Need census: referrals with no further action.',
		tables: ['referrals'],
		...percentOfEvents,
		breakdowns: ['source_group', 'age_band', 'ethnicity_group'],
		sql: (ctx) => referralBase(ctx, 'CASE WHEN r.nfa THEN 1 ELSE 0 END')('referrals')
	},
	{
		id: 's47_to_icpc',
		theme: 'decisions',
		title: 'Section 47 enquiries leading to an initial conference',
		definition:
			'The share of section 47 enquiries that an initial child protection conference followed.',
		numerator: 'Enquiries named by an initial conference',
		denominator: 'Section 47 enquiries',
		anchor: 'Start date of the enquiry',
		polarity: 'neutral',
		standard: 'Children in Need census: section 47 enquiries and initial conferences.',
		tables: ['s47_enquiries', 'conferences'],
		...percentOfEvents,
		breakdowns: ['age_band', 'ethnicity_group'],
		sql: (ctx) => {
			const child = childBreakdowns(ctx, 's', 's.start_date');
			return `SELECT s.la_code, s.start_date AS anchor,
					CASE WHEN ic.s47_id IS NULL THEN 0 ELSE 1 END AS num, 1 AS den, ${child.columns}
				FROM s47_enquiries s
				LEFT JOIN (SELECT DISTINCT la_code, s47_id FROM conferences WHERE type = 'initial' AND s47_id IS NOT NULL) ic
					ON ic.la_code = s.la_code AND ic.s47_id = s.s47_id
				${child.join}`;
		}
	},
	{
		id: 'icpc_to_plan',
		theme: 'decisions',
		title: 'Initial conferences leading to a plan',
		definition:
			'The share of initial child protection conferences that decided on a child protection plan.',
		numerator: 'Initial conferences with outcome plan',
		denominator: 'Initial conferences',
		anchor: 'Date of the conference',
		polarity: 'neutral',
		standard: 'Children in Need census: initial conferences and plans.',
		tables: ['conferences'],
		...percentOfEvents,
		breakdowns: ['age_band', 'ethnicity_group'],
		sql: (ctx) => {
			const child = childBreakdowns(ctx, 'c', 'c.date');
			return `SELECT c.la_code, c.date AS anchor, CASE WHEN c.outcome = 'plan' THEN 1 ELSE 0 END AS num, 1 AS den,
					${child.columns}
				FROM conferences c ${child.join} WHERE c.type = 'initial'`;
		}
	},
	{
		id: 'repeat_plan',
		theme: 'decisions',
		title: 'Plans that are a second or later plan',
		definition:
			'The share of child protection plans started for a child who had been on a plan before.',
		numerator: 'Plans started with one or more previous plans',
		denominator: 'Plans started',
		anchor: 'Plan start date',
		polarity: 'down',
		standard: "DfE's repeat child protection plan measure.",
		tables: ['cp_plans'],
		...percentOfEvents,
		breakdowns: ['category', 'age_band', 'ethnicity_group'],
		headline: true,
		sql: (ctx) => {
			const child = childBreakdowns(ctx, 'p', 'p.start_date');
			return `SELECT p.la_code, p.start_date AS anchor, CASE WHEN p.previous_plans >= 1 THEN 1 ELSE 0 END AS num, 1 AS den,
					p.initial_category AS category, ${child.columns}
				FROM cp_plans p ${child.join}`;
		}
	},
	{
		id: 'plans_2y',
		theme: 'decisions',
		title: 'Plans lasting two years or more',
		definition:
			'The share of child protection plans ending in the period that had lasted two years or more.',
		numerator: 'Plans ended on or after their start date plus 2 calendar years',
		denominator: 'Plans ended',
		anchor: 'Plan end date',
		polarity: 'down',
		standard: "DfE's measure of plans lasting two years or more.",
		tables: ['cp_plans'],
		...percentOfEvents,
		breakdowns: ['category', 'age_band', 'ethnicity_group'],
		sql: (ctx) =>
			planEnded(
				ctx,
				'CASE WHEN p.end_date >= CAST(p.start_date + INTERVAL 2 YEAR AS DATE) THEN 1 ELSE 0 END'
			)
	},
	{
		id: 'plans_short',
		theme: 'decisions',
		title: 'Plans lasting under three months',
		definition:
			'The share of child protection plans ending in the period that had lasted less than three months.',
		numerator: 'Plans ended before their start date plus 3 calendar months',
		denominator: 'Plans ended',
		anchor: 'Plan end date',
		polarity: 'down',
		standard:
			'Child Safeguarding Practice Review Panel 2022: plans ended too soon, before change is secured.',
		tables: ['cp_plans'],
		...percentOfEvents,
		breakdowns: ['category', 'age_band', 'ethnicity_group'],
		sql: (ctx) =>
			planEnded(
				ctx,
				'CASE WHEN p.end_date < CAST(p.start_date + INTERVAL 3 MONTH AS DATE) THEN 1 ELSE 0 END'
			)
	},
	{
		id: 's47_without_strategy',
		theme: 'decisions',
		title: 'Section 47 enquiries without a strategy discussion',
		definition:
			'The share of section 47 enquiries not started by a strategy discussion that decided to start one.',
		numerator: 'Enquiries naming no strategy discussion, or one that did not initiate a section 47',
		denominator: 'Section 47 enquiries',
		anchor: 'Start date of the enquiry',
		polarity: 'down',
		standard:
			'Working Together to Safeguard Children 2023: a strategy discussion decides whether to start a section 47 enquiry.',
		tables: ['s47_enquiries', 'strategy_discussions'],
		...percentOfEvents,
		breakdowns: ['age_band', 'ethnicity_group'],
		headline: true,
		sql: (ctx) => {
			const child = childBreakdowns(ctx, 's', 's.start_date');
			return `SELECT s.la_code, s.start_date AS anchor,
					CASE WHEN sd.s47_initiated THEN 0 ELSE 1 END AS num, 1 AS den, ${child.columns}
				FROM s47_enquiries s
				LEFT JOIN strategy_discussions sd ON sd.la_code = s.la_code AND sd.strategy_id = s.strategy_id
				${child.join}`;
		}
	},
	{
		id: 'audits_good',
		theme: 'decisions',
		title: 'Case audits graded good or outstanding',
		definition: 'The share of case audits that graded practice good or outstanding.',
		numerator: 'Audits graded good or outstanding',
		denominator: 'Case audits',
		anchor: 'Audit date',
		polarity: 'up',
		standard: 'Local quality assurance framework.',
		tables: ['case_audits'],
		...percentOfEvents,
		breakdowns: [],
		sql: () => `SELECT la_code, audit_date AS anchor,
				CASE WHEN grade IN ('good', 'outstanding') THEN 1 ELSE 0 END AS num, 1 AS den
			FROM case_audits`
	},
	{
		id: 'audits_multi_agency',
		theme: 'decisions',
		title: 'Case audits carried out by several agencies',
		definition: 'The share of case audits carried out jointly by more than one agency.',
		numerator: 'Multi-agency case audits',
		denominator: 'Case audits',
		anchor: 'Audit date',
		polarity: 'up',
		standard:
			'Working Together to Safeguard Children 2023: safeguarding partners scrutinise multi-agency practice.',
		tables: ['case_audits'],
		...percentOfEvents,
		breakdowns: [],
		sql: () => `SELECT la_code, audit_date AS anchor, CASE WHEN multi_agency THEN 1 ELSE 0 END AS num, 1 AS den
			FROM case_audits`
	},
	{
		id: 'missed_strategy',
		theme: 'decisions',
		title: 'Possible missed strategy discussions',
		definition:
			'Of referrals where the assessment found abuse or exploitation and the child had been referred in the 12 months before, the share with no strategy discussion from that earlier referral up to 20 working days after this one. Referrals less than 20 working days before the data was extracted are left out.',
		numerator:
			'Such referrals with no strategy discussion for the child from the earliest referral in the 12 months before up to the 20th working day after this referral',
		denominator:
			'Referrals whose assessment recorded an abuse or exploitation factor, for a child referred in the 12 months before',
		anchor: 'Referral date',
		polarity: 'down',
		standard:
			'Child Safeguarding Practice Review Panel 2022: statutory processes not triggered when they should have been.',
		tables: ['referrals', 'assessments', 'strategy_discussions'],
		...percentOfEvents,
		breakdowns: ['age_band', 'ethnicity_group'],
		experimental: true,
		sql: (ctx) => {
			const child = childBreakdowns(ctx, 'j', 'j.referral_date');
			return `WITH flagged AS (
				SELECT DISTINCT la_code, referral_id FROM assessments
				WHERE len(list_intersect(factors, ${abuseFactorList})) > 0
			), repeat AS (
				SELECT r.la_code, r.child_id, r.referral_id, r.referral_date, min(r2.referral_date) AS earliest_prior
				FROM referrals r
				JOIN flagged f ON f.la_code = r.la_code AND f.referral_id = r.referral_id
				JOIN referrals r2 ON r2.la_code = r.la_code AND r2.child_id = r.child_id
					AND r2.referral_date < r.referral_date
					AND r2.referral_date >= CAST(r.referral_date - INTERVAL 12 MONTH AS DATE)
				GROUP BY r.la_code, r.child_id, r.referral_id, r.referral_date
			), judged AS (
				SELECT rp.*, cw.date AS window_end
				FROM repeat rp
				JOIN calendar c0 ON c0.date = rp.referral_date
				JOIN calendar cw ON cw.wd_index = c0.wd_index + 20 AND cw.working
				WHERE cw.date <= ${EXTRACTED}
			), met AS (
				SELECT DISTINCT j.la_code, j.referral_id
				FROM judged j JOIN strategy_discussions sd ON sd.la_code = j.la_code AND sd.child_id = j.child_id
					AND sd.date >= j.earliest_prior AND sd.date <= j.window_end
			)
			SELECT j.la_code, j.referral_date AS anchor, CASE WHEN m.referral_id IS NULL THEN 1 ELSE 0 END AS num, 1 AS den,
				${child.columns}
			FROM judged j
			LEFT JOIN met m ON m.la_code = j.la_code AND m.referral_id = j.referral_id
			${child.join}`;
		}
	}
];
