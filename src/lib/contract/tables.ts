// The extract format (contract "cp-oversight/1") as data: every table, column, type, code list
// and reference. The loader validates against it, the generator writes to it and
// docs/data-contract.md is checked against it, so there is one definition.
import * as codes from './codes';

export const CONTRACT_ID = 'cp-oversight/1';

/** Earliest date any event in a case table may have. */
export const EARLIEST_EVENT_DATE = '2000-01-01';

export type ColumnType =
	| { kind: 'id' }
	| { kind: 'la_code' }
	/** `event: false` exempts the date from the 2000-01-01 lower bound (e.g. a start in post). */
	| { kind: 'date'; event?: boolean; anyYear?: boolean }
	| { kind: 'month' }
	| { kind: 'boolean' }
	| { kind: 'integer'; min: number; max: number }
	| { kind: 'decimal'; min: number; max: number }
	| { kind: 'code'; codes: readonly string[] }
	| { kind: 'codes'; codes: readonly string[]; separator: ';' }
	| { kind: 'text'; maxLength: number };

export interface ColumnDef {
	name: string;
	type: ColumnType;
	/** True when an empty cell is allowed (meaning not known or not happened). */
	nullable: boolean;
	/** The table whose key this column names (same `la_code`). */
	references?: TableName;
	description: string;
}

export interface TableDef {
	name: TableName;
	kind: 'reference' | 'case';
	/** Local tables extend the CIN census with multi-agency and audit records. */
	local: boolean;
	required: boolean;
	/** Columns that together identify a row (within an LA for case tables). */
	key: string[];
	columns: ColumnDef[];
	description: string;
}

export type TableName =
	| 'local_authorities'
	| 'statistical_neighbours'
	| 'bank_holidays'
	| 'children'
	| 'referrals'
	| 'assessments'
	| 'strategy_discussions'
	| 'strategy_attendance'
	| 's47_enquiries'
	| 'conferences'
	| 'conference_attendance'
	| 'cp_plans'
	| 'cp_visits'
	| 'information_requests'
	| 'escalations'
	| 'case_audits'
	| 'practitioners'
	| 'allocations'
	| 'vacancies';

const id = { kind: 'id' } as const;
const laCode = { kind: 'la_code' } as const;
const date = { kind: 'date' } as const;
const month = { kind: 'month' } as const;
const bool = { kind: 'boolean' } as const;
const code = (list: readonly string[]) => ({ kind: 'code', codes: list }) as const;

function col(
	name: string,
	type: ColumnType,
	description: string,
	opts: { nullable?: boolean; references?: TableName } = {}
): ColumnDef {
	return { name, type, nullable: opts.nullable ?? false, references: opts.references, description };
}

const la = col(
	'la_code',
	laCode,
	'ONS GSS code of the local authority (a capital letter and 8 digits).'
);

export const tables: TableDef[] = [
	{
		name: 'local_authorities',
		kind: 'reference',
		local: false,
		required: false,
		key: ['la_code'],
		description: 'Local authorities with their region, child population and safeguarding partners.',
		columns: [
			la,
			col('name', { kind: 'text', maxLength: 100 }, 'Name of the authority.'),
			col('region_code', laCode, 'GSS code of the region.'),
			col('region_name', { kind: 'text', maxLength: 100 }, 'Name of the region.'),
			col(
				'child_population',
				{ kind: 'integer', min: 1, max: 5_000_000 },
				'Children aged 0 to 17, for rates per 10,000.'
			),
			col('police_force', { kind: 'text', maxLength: 100 }, 'Police force area.', {
				nullable: true
			}),
			col('icb', { kind: 'text', maxLength: 100 }, 'Integrated care board (health).', {
				nullable: true
			})
		]
	},
	{
		name: 'statistical_neighbours',
		kind: 'reference',
		local: false,
		required: false,
		key: ['la_code', 'neighbour_code'],
		description: 'Each authority’s 10 statistical neighbours, closest first.',
		columns: [
			la,
			col('neighbour_code', laCode, 'GSS code of the neighbour.'),
			col('rank', { kind: 'integer', min: 1, max: 10 }, '1 is the closest neighbour.')
		]
	},
	{
		name: 'bank_holidays',
		kind: 'reference',
		local: false,
		required: false,
		key: ['date'],
		description: 'Bank holidays in England and Wales; used for working-day arithmetic.',
		columns: [
			col('date', { kind: 'date', event: false, anyYear: true }, 'The bank holiday.'),
			col('name', { kind: 'text', maxLength: 100 }, 'Its name.')
		]
	},
	{
		name: 'children',
		kind: 'case',
		local: false,
		required: true,
		key: ['child_id'],
		description: 'One row per child in the extract.',
		columns: [
			col('child_id', id, 'Pseudonymous child identifier.'),
			la,
			col('sex', code(codes.sexes), 'M, F or U (unknown).'),
			col('birth_month', month, 'Month of birth (YYYY-MM); never a full date.', { nullable: true }),
			col('ethnicity', code(codes.ethnicityCodes), 'CIN census ethnicity code.', {
				nullable: true
			}),
			col('disability', bool, 'Whether the child has a disability.', { nullable: true })
		]
	},
	{
		name: 'referrals',
		kind: 'case',
		local: false,
		required: true,
		key: ['referral_id'],
		description: 'Referrals to children’s social care.',
		columns: [
			col('referral_id', id, 'Referral identifier.'),
			col('child_id', id, 'The child referred.', { references: 'children' }),
			la,
			col('referral_date', date, 'Date the referral was received.'),
			col('source', code(codes.referralSourceCodes), 'CIN census source of referral.'),
			col('primary_need', code(codes.primaryNeeds), 'Primary need code N0–N9.', { nullable: true }),
			col('nfa', bool, 'True when the referral itself led to no further action.'),
			col('close_date', date, 'Date the episode closed; empty while open.', { nullable: true }),
			col('close_reason', code(codes.closeReasons), 'Reason for closure RC1–RC9.', {
				nullable: true
			})
		]
	},
	{
		name: 'assessments',
		kind: 'case',
		local: false,
		required: false,
		key: ['assessment_id'],
		description: 'Social work assessments (the single assessment).',
		columns: [
			col('assessment_id', id, 'Assessment identifier.'),
			col('referral_id', id, 'The referral it follows.', { references: 'referrals' }),
			col('child_id', id, 'The child assessed.', { references: 'children' }),
			la,
			col('start_date', date, 'Date the assessment started.'),
			col('authorised_date', date, 'Date it was completed and authorised; empty while open.', {
				nullable: true
			}),
			col(
				'factors',
				{ kind: 'codes', codes: codes.assessmentFactors, separator: ';' },
				'Factors identified, CIN census codes separated by semicolons.',
				{ nullable: true }
			)
		]
	},
	{
		name: 'strategy_discussions',
		kind: 'case',
		local: true,
		required: false,
		key: ['strategy_id'],
		description: 'Strategy discussions (meetings or calls) between agencies.',
		columns: [
			col('strategy_id', id, 'Strategy discussion identifier.'),
			col('child_id', id, 'The child discussed.', { references: 'children' }),
			col('referral_id', id, 'The referral it relates to.', {
				references: 'referrals',
				nullable: true
			}),
			la,
			col('date', date, 'Date of the discussion.'),
			col('s47_initiated', bool, 'Whether it decided to start a section 47 enquiry.')
		]
	},
	{
		name: 'strategy_attendance',
		kind: 'case',
		local: true,
		required: false,
		key: ['strategy_id', 'agency'],
		description: 'Which agencies took part in each strategy discussion.',
		columns: [
			col('strategy_id', id, 'The discussion.', { references: 'strategy_discussions' }),
			la,
			col('agency', code(codes.agencies), 'The agency.'),
			col('attendance', code(codes.attendanceValues), 'How the agency took part.')
		]
	},
	{
		name: 's47_enquiries',
		kind: 'case',
		local: false,
		required: false,
		key: ['s47_id'],
		description: 'Section 47 child protection enquiries.',
		columns: [
			col('s47_id', id, 'Enquiry identifier.'),
			col('child_id', id, 'The child.', { references: 'children' }),
			col('referral_id', id, 'The referral it relates to.', {
				references: 'referrals',
				nullable: true
			}),
			col('strategy_id', id, 'The strategy discussion that started it.', {
				references: 'strategy_discussions',
				nullable: true
			}),
			la,
			col('start_date', date, 'Date of the strategy discussion that started it.'),
			col('end_date', date, 'Date the enquiry concluded; empty while open.', { nullable: true }),
			col('outcome', code(codes.s47Outcomes), 'icpc, cin, nfa or other; empty while open.', {
				nullable: true
			})
		]
	},
	{
		name: 'conferences',
		kind: 'case',
		local: false,
		required: false,
		key: ['conference_id'],
		description: 'Initial and review child protection conferences.',
		columns: [
			col('conference_id', id, 'Conference identifier.'),
			col('child_id', id, 'The child.', { references: 'children' }),
			la,
			col('type', code(codes.conferenceTypes), 'initial or review.'),
			col('s47_id', id, 'The enquiry it follows (initial conferences only).', {
				references: 's47_enquiries',
				nullable: true
			}),
			col('plan_id', id, 'The plan it reviews, or that an initial conference started.', {
				references: 'cp_plans',
				nullable: true
			}),
			col('date', date, 'Date of the conference.'),
			col(
				'outcome',
				code(codes.conferenceOutcomes),
				'plan or no_plan (initial); continue or end (review).'
			),
			col('transfer_in', bool, 'An initial conference for a child moving in on a plan.')
		]
	},
	{
		name: 'conference_attendance',
		kind: 'case',
		local: true,
		required: false,
		key: ['conference_id', 'agency'],
		description: 'Which agencies were invited to, attended and reported to each conference.',
		columns: [
			col('conference_id', id, 'The conference.', { references: 'conferences' }),
			la,
			col('agency', code(codes.agencies), 'The agency.'),
			col('attendance', code(codes.attendanceValues), 'How the agency took part.'),
			col('report', code(codes.reportValues), 'Whether its report arrived on time.')
		]
	},
	{
		name: 'cp_plans',
		kind: 'case',
		local: false,
		required: false,
		key: ['plan_id'],
		description: 'Child protection plans.',
		columns: [
			col('plan_id', id, 'Plan identifier.'),
			col('child_id', id, 'The child.', { references: 'children' }),
			la,
			col('start_date', date, 'Date the plan started.'),
			col('end_date', date, 'Date it ended; empty while open.', { nullable: true }),
			col('initial_category', code(codes.abuseCategoryCodes), 'Category of abuse at the start.'),
			col('latest_category', code(codes.abuseCategoryCodes), 'Latest category of abuse.'),
			col(
				'previous_plans',
				{ kind: 'integer', min: 0, max: 50 },
				'Number of earlier plans for this child, in any authority.'
			),
			col('end_reason', { kind: 'text', maxLength: 40 }, 'Why the plan ended (short code).', {
				nullable: true
			})
		]
	},
	{
		name: 'cp_visits',
		kind: 'case',
		local: false,
		required: false,
		key: ['visit_id'],
		description: 'Statutory visits to children on plans.',
		columns: [
			col('visit_id', id, 'Visit identifier.'),
			col('plan_id', id, 'The plan.', { references: 'cp_plans' }),
			col('child_id', id, 'The child.', { references: 'children' }),
			la,
			col('date', date, 'Date of the visit.'),
			col('seen_alone', bool, 'Whether the child was seen alone.')
		]
	},
	{
		name: 'information_requests',
		kind: 'case',
		local: true,
		required: false,
		key: ['request_id'],
		description: 'Requests for information between agencies about a child.',
		columns: [
			col('request_id', id, 'Request identifier.'),
			col('child_id', id, 'The child.', { references: 'children' }),
			la,
			col('requesting_agency', code(codes.agencies), 'Who asked.'),
			col('responding_agency', code(codes.agencies), 'Who was asked.'),
			col('requested_date', date, 'Date of the request.'),
			col('responded_date', date, 'Date of the answer; empty while unanswered.', {
				nullable: true
			})
		]
	},
	{
		name: 'escalations',
		kind: 'case',
		local: true,
		required: false,
		key: ['escalation_id'],
		description: 'Professional challenge raised by one agency with another (escalation policy).',
		columns: [
			col('escalation_id', id, 'Escalation identifier.'),
			col('child_id', id, 'The child, where the challenge concerns one.', {
				references: 'children',
				nullable: true
			}),
			la,
			col('raised_by', code(codes.agencies), 'The agency that raised it.'),
			col('raised_with', code(codes.agencies), 'The agency it was raised with.'),
			col('raised_date', date, 'Date it was raised.'),
			col('highest_stage', { kind: 'integer', min: 1, max: 4 }, 'Highest stage reached, 1–4.'),
			col('resolved_date', date, 'Date it was resolved; empty while open.', { nullable: true }),
			col('outcome', code(codes.escalationOutcomes), 'Outcome; empty while open.', {
				nullable: true
			})
		]
	},
	{
		name: 'case_audits',
		kind: 'case',
		local: true,
		required: false,
		key: ['audit_id'],
		description: 'Case audits and their grades.',
		columns: [
			col('audit_id', id, 'Audit identifier.'),
			col('child_id', id, 'The child whose case was audited.', { references: 'children' }),
			la,
			col('audit_date', date, 'Date of the audit.'),
			col('multi_agency', bool, 'Whether other agencies took part in the audit.'),
			col('grade', code(codes.auditGrades), 'The grade given.')
		]
	},
	{
		name: 'practitioners',
		kind: 'case',
		local: false,
		required: false,
		key: ['worker_id'],
		description: 'Practitioners of every agency involved, with their experience.',
		columns: [
			col('worker_id', id, 'Pseudonymous worker identifier.'),
			la,
			col('agency', code(codes.agencies), 'The worker’s agency.'),
			col(
				'role',
				{ kind: 'text', maxLength: 40 },
				'Workforce census role 1–6 for social care; a short description elsewhere.'
			),
			col('team', { kind: 'text', maxLength: 60 }, 'Team name or code.', { nullable: true }),
			col('qualified_month', month, 'Month of professional qualification (YYYY-MM).', {
				nullable: true
			}),
			col('start_date', { kind: 'date', event: false }, 'Date the worker started in post.'),
			col('end_date', date, 'Date the worker left; empty while in post.', { nullable: true }),
			col('fte', { kind: 'decimal', min: 0.01, max: 1.5 }, 'Full-time equivalent.'),
			col('agency_worker', bool, 'Whether the worker is supplied by an agency (locum).'),
			col(
				'cp_specialist',
				bool,
				'Holds the authority’s child protection specialist accreditation; empty when not known.',
				{ nullable: true }
			)
		]
	},
	{
		name: 'allocations',
		kind: 'case',
		local: false,
		required: false,
		key: ['child_id', 'worker_id', 'start_date'],
		description: 'Which worker holds each child’s case, and when.',
		columns: [
			col('child_id', id, 'The child.', { references: 'children' }),
			col('worker_id', id, 'The worker.', { references: 'practitioners' }),
			la,
			col('start_date', date, 'Date the allocation started.'),
			col('end_date', date, 'Date it ended; empty while current.', { nullable: true })
		]
	},
	{
		name: 'vacancies',
		kind: 'case',
		local: true,
		required: false,
		key: ['la_code', 'snapshot_date', 'agency'],
		description: 'Vacant posts (FTE) at snapshot dates.',
		columns: [
			la,
			col('snapshot_date', date, 'Date of the snapshot.'),
			col('agency', code(codes.agencies), 'The agency.'),
			col(
				'vacant_fte',
				{ kind: 'decimal', min: 0, max: 10_000 },
				'Vacant full-time equivalent posts.'
			)
		]
	}
];

export const tableByName = new Map(tables.map((t) => [t.name, t]));

export function table(name: TableName): TableDef {
	const t = tableByName.get(name);
	if (!t) throw new Error(`unknown table ${name}`);
	return t;
}

export const caseTables = tables.filter((t) => t.kind === 'case');
