// Multi-agency participation: are police, health and education in the room when decisions
// about a child are made, do they share information promptly, and do they challenge?
import { agencyList, childBreakdowns, EXTRACTED, sourceGroup as sourceGroupOf } from './sql';
import { percentOfEvents } from './types';
import type { MetricDefinition } from './types';

const WT2023 = 'Working Together to Safeguard Children 2023';

export const participation: MetricDefinition[] = [
	{
		id: 'strategy_core_attendance',
		theme: 'participation',
		title: 'Strategy discussions with social care, police and health',
		definition:
			'The share of strategy discussions attended by all three statutory partners: social care, police and health.',
		numerator: 'Strategy discussions at which social care, police and health all attended',
		denominator: 'Strategy discussions',
		anchor: 'Date of the discussion',
		polarity: 'up',
		standard: `${WT2023}: a strategy discussion involves social care, police and health as a minimum.`,
		tables: ['strategy_discussions', 'strategy_attendance'],
		...percentOfEvents,
		breakdowns: ['age_band', 'ethnicity_group'],
		headline: true,
		sql: (ctx) => {
			const child = childBreakdowns(ctx, 'sd', 'sd.date');
			return `WITH att AS (
				SELECT la_code, strategy_id,
					bool_or(agency = 'social_care' AND attendance = 'attended') AS social_care,
					bool_or(agency = 'police' AND attendance = 'attended') AS police,
					bool_or(agency = 'health' AND attendance = 'attended') AS health
				FROM strategy_attendance GROUP BY la_code, strategy_id)
			SELECT sd.la_code, sd.date AS anchor,
				CASE WHEN att.social_care AND att.police AND att.health THEN 1 ELSE 0 END AS num, 1 AS den,
				${child.columns}
			FROM strategy_discussions sd
			LEFT JOIN att ON att.la_code = sd.la_code AND att.strategy_id = sd.strategy_id
			${child.join}`;
		}
	},
	{
		id: 'strategy_agency_attendance',
		theme: 'participation',
		title: 'Strategy discussion attendance by agency',
		definition: 'For each agency, the share of all strategy discussions that it attended.',
		numerator: 'Strategy discussions the agency attended',
		denominator: 'Strategy discussions',
		anchor: 'Date of the discussion',
		polarity: 'up',
		standard: `${WT2023}: relevant agencies take part in strategy discussions.`,
		tables: ['strategy_discussions', 'strategy_attendance'],
		...percentOfEvents,
		breakdowns: ['agency'],
		perKey: { pooled: false },
		// Each discussion's attending agencies gathered into a list first (an agency appears once
		// per discussion: the key), so each discussion is joined once rather than once per agency.
		sql: () => `SELECT sd.la_code, sd.date AS anchor, a.agency,
				CASE WHEN list_contains(att.attended, a.agency) THEN 1 ELSE 0 END AS num, 1 AS den
			FROM strategy_discussions sd
			LEFT JOIN (
				SELECT la_code, strategy_id, list(agency) FILTER (WHERE attendance = 'attended') AS attended
				FROM strategy_attendance GROUP BY la_code, strategy_id
			) att ON att.la_code = sd.la_code AND att.strategy_id = sd.strategy_id
			CROSS JOIN (SELECT unnest(${agencyList}) AS agency) a`
	},
	{
		id: 'icpc_quorate',
		theme: 'participation',
		title: 'Initial conferences that were quorate',
		definition:
			'The share of initial child protection conferences attended by social care and at least two other agencies.',
		numerator: 'Initial conferences attended by social care and at least two other agencies',
		denominator: 'Initial conferences',
		anchor: 'Date of the conference',
		polarity: 'up',
		standard: `${WT2023}: a conference is quorate with social care and at least two other agencies.`,
		tables: ['conferences', 'conference_attendance'],
		...percentOfEvents,
		breakdowns: ['age_band', 'ethnicity_group'],
		headline: true,
		sql: (ctx) => {
			const child = childBreakdowns(ctx, 'c', 'c.date');
			// Attendance is gathered for initial conferences only (about a third of them), and the
			// child joined first, so DuckDB builds its hash table on the conferences, not children.
			return `WITH initial AS (SELECT * FROM conferences WHERE type = 'initial'), att AS (
				SELECT ca.la_code, ca.conference_id,
					bool_or(ca.agency = 'social_care' AND ca.attendance = 'attended') AS social_care,
					count(DISTINCT ca.agency) FILTER (WHERE ca.agency <> 'social_care' AND ca.attendance = 'attended') AS others
				FROM conference_attendance ca
				SEMI JOIN initial i ON i.la_code = ca.la_code AND i.conference_id = ca.conference_id
				GROUP BY ca.la_code, ca.conference_id)
			SELECT c.la_code, c.date AS anchor,
				CASE WHEN att.social_care AND att.others >= 2 THEN 1 ELSE 0 END AS num, 1 AS den,
				${child.columns}
			FROM initial c
			${child.join}
			LEFT JOIN att ON att.la_code = c.la_code AND att.conference_id = c.conference_id`;
		}
	},
	{
		id: 'conference_agency_attendance',
		theme: 'participation',
		title: 'Conference attendance by invited agencies',
		definition:
			'For each agency, the share of the conferences (initial and review) it was invited to that it attended; sending a report only is not attending.',
		numerator: 'Conferences the agency attended',
		denominator: 'Conferences the agency was invited to',
		anchor: 'Date of the conference',
		polarity: 'up',
		standard: `${WT2023}: agencies involved with the family attend conferences.`,
		tables: ['conferences', 'conference_attendance'],
		...percentOfEvents,
		breakdowns: ['agency'],
		perKey: { pooled: true },
		sql: () => `SELECT c.la_code, c.date AS anchor, ca.agency,
				CASE WHEN ca.attendance = 'attended' THEN 1 ELSE 0 END AS num, 1 AS den
			FROM conference_attendance ca
			JOIN conferences c ON c.la_code = ca.la_code AND c.conference_id = ca.conference_id
			WHERE ca.attendance <> 'not_invited'`
	},
	{
		id: 'conference_reports_on_time',
		theme: 'participation',
		title: 'Agency reports to conference on time',
		definition:
			'The share of reports requested from agencies for a conference that arrived on time.',
		numerator: 'Reports received on time',
		denominator: 'Reports requested (on time, late or not received)',
		anchor: 'Date of the conference',
		polarity: 'up',
		standard: `${WT2023}: agencies provide written reports to conference in advance.`,
		tables: ['conferences', 'conference_attendance'],
		...percentOfEvents,
		breakdowns: ['agency'],
		sql: () => `SELECT c.la_code, c.date AS anchor, ca.agency,
				CASE WHEN ca.report = 'on_time' THEN 1 ELSE 0 END AS num, 1 AS den
			FROM conference_attendance ca
			JOIN conferences c ON c.la_code = ca.la_code AND c.conference_id = ca.conference_id
			WHERE ca.report IN ('on_time', 'late', 'none')`
	},
	{
		id: 'referral_source_share',
		theme: 'participation',
		title: 'Where referrals come from',
		definition: 'The share of referrals made by each group of referrers.',
		numerator: 'Referrals from the group',
		denominator: 'All referrals',
		anchor: 'Referral date',
		polarity: 'neutral',
		standard: 'Children in Need census: source of referral.',
		tables: ['referrals'],
		kind: 'share',
		scale: 100,
		unit: '%',
		timing: 'event',
		breakdowns: ['source_group'],
		perKey: { pooled: false },
		sql: () => {
			return `SELECT r.la_code, r.referral_date AS anchor, 1 AS num, 1 AS den,
				${sourceGroupOf('r.source')} AS source_group
			FROM referrals r`;
		}
	},
	{
		id: 'info_response_median_days',
		theme: 'participation',
		title: 'Time to answer information requests',
		definition:
			'The median number of working days between an agency being asked for information and answering.',
		numerator: 'Working days from request to answer',
		denominator: 'Answered requests',
		anchor: 'Date of the request',
		polarity: 'down',
		standard: `${WT2023}: agencies share information promptly to keep children safe.`,
		tables: ['information_requests'],
		kind: 'median',
		scale: 1,
		unit: 'working days',
		timing: 'event',
		breakdowns: ['agency'],
		sql: () => `SELECT ir.la_code, ir.requested_date AS anchor, ir.responding_agency AS agency,
				cb.wd_index - ca.wd_index AS value
			FROM information_requests ir
			JOIN calendar ca ON ca.date = ir.requested_date
			JOIN calendar cb ON cb.date = ir.responded_date
			WHERE ir.responded_date IS NOT NULL`
	},
	{
		id: 'escalation_rate',
		theme: 'participation',
		title: 'Professional challenge raised',
		definition:
			'Escalations (formal challenges between agencies) raised for every 100 section 47 enquiries started.',
		numerator: 'Escalations raised (by date raised)',
		denominator: 'Section 47 enquiries started (by start date)',
		anchor: 'Date raised; start date of the enquiry',
		polarity: 'neutral',
		standard:
			'Local safeguarding partnership escalation (resolution of professional disagreement) procedures.',
		tables: ['escalations', 's47_enquiries'],
		kind: 'rate',
		scale: 100,
		unit: 'per 100 enquiries',
		timing: 'event',
		breakdowns: [],
		sql: () => `SELECT la_code, raised_date AS anchor, 1 AS num, 0 AS den FROM escalations
			UNION ALL
			SELECT la_code, start_date AS anchor, 0 AS num, 1 AS den FROM s47_enquiries`
	},
	{
		id: 'escalation_resolved_20wd',
		theme: 'participation',
		title: 'Escalations resolved within 20 working days',
		definition:
			'The share of escalations resolved within 20 working days of being raised. Escalations raised too recently to have reached 20 working days, and still open, are left out.',
		numerator: 'Escalations resolved within 20 working days',
		denominator: 'Escalations raised',
		anchor: 'Date raised',
		polarity: 'up',
		standard: 'Local safeguarding partnership escalation procedures.',
		tables: ['escalations'],
		...percentOfEvents,
		breakdowns: ['agency'],
		sql: () => `SELECT e.la_code, e.raised_date AS anchor, e.raised_by AS agency,
				CASE WHEN cr.wd_index - ca.wd_index <= 20 THEN 1 ELSE 0 END AS num, 1 AS den
			FROM escalations e
			JOIN calendar ca ON ca.date = e.raised_date
			JOIN calendar c20 ON c20.wd_index = ca.wd_index + 20 AND c20.working
			LEFT JOIN calendar cr ON cr.date = e.resolved_date
			WHERE cr.wd_index - ca.wd_index <= 20 OR c20.date <= ${EXTRACTED}`
	}
];
