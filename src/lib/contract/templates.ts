// Templates for the tables an authority fills from its own case and HR systems, since neither
// census carries them: each a CSV header with one example row, and what to put in it. The
// examples belong together and to the census returns they sit beside: they name census records
// the way the census import names them (the child's LAchildID, then the dates), so a performance
// team can see how a conference or plan from the census is referred to.
import { tableByName, type TableName } from './tables';

export interface Template {
	table: TableName;
	/** When an authority needs this table, and where it usually comes from. */
	source: string;
	example: Record<string, string>;
}

/** Where the templates are published, beside the guide that explains them. */
export const TEMPLATES_DIR = 'docs/templates';

const LA = 'E09000001';

export const templates: Template[] = [
	{
		table: 'strategy_discussions',
		source:
			'Every strategy discussion (meeting or call), from the case system’s strategy discussion form. A section 47 enquiry from the census is linked to the discussion held for the same child on its start day that decided to start one.',
		example: {
			strategy_id: 'SD-20210510-1',
			child_id: 'A1001',
			referral_id: 'A1001/2021-05-04',
			la_code: LA,
			date: '2021-05-10',
			s47_initiated: 'true'
		}
	},
	{
		table: 'strategy_attendance',
		source:
			'One row per agency per discussion, from the attendee list of the same form; agencies not invited are rows too (`not_invited`).',
		example: {
			strategy_id: 'SD-20210510-1',
			la_code: LA,
			agency: 'police',
			attendance: 'attended'
		}
	},
	{
		table: 'conference_attendance',
		source:
			'One row per agency per conference, from the conference minutes or the chair’s record. A conference from the census is named by the child’s LAchildID, ICPC (initial) or RCPC (review), and its date.',
		example: {
			conference_id: 'A1001/ICPC/2021-05-27',
			la_code: LA,
			agency: 'health',
			attendance: 'attended',
			report: 'on_time'
		}
	},
	{
		table: 'cp_visits',
		source:
			'Statutory visits to children on a plan, from the case system’s visit records. A plan from the census is named by the child’s LAchildID, CPP and its start date.',
		example: {
			visit_id: 'V-20210603-1',
			plan_id: 'A1001/CPP/2021-05-27',
			child_id: 'A1001',
			la_code: LA,
			date: '2021-06-03',
			seen_alone: 'true'
		}
	},
	{
		table: 'information_requests',
		source:
			'Requests for information between agencies about a child, from the front door’s or the partnership’s request log.',
		example: {
			request_id: 'IR-20210511-1',
			child_id: 'A1001',
			la_code: LA,
			requesting_agency: 'social_care',
			responding_agency: 'health',
			requested_date: '2021-05-11',
			responded_date: '2021-05-14'
		}
	},
	{
		table: 'escalations',
		source:
			'Professional challenge under the partnership’s escalation policy, from its escalation log.',
		example: {
			escalation_id: 'ESC-20210601-1',
			child_id: 'A1001',
			la_code: LA,
			raised_by: 'education',
			raised_with: 'social_care',
			raised_date: '2021-06-01',
			highest_stage: '1',
			resolved_date: '2021-06-08',
			outcome: 'upheld'
		}
	},
	{
		table: 'case_audits',
		source: 'Case audits and their grades, from the quality assurance team’s audit records.',
		example: {
			audit_id: 'AUD-20210901-1',
			child_id: 'A1001',
			la_code: LA,
			audit_date: '2021-09-01',
			multi_agency: 'true',
			grade: 'good'
		}
	},
	{
		table: 'allocations',
		source:
			'Which worker held each child’s case and when, from the case system’s allocation or involvement history. A worker from the workforce census is named by their Social Work England number.',
		example: {
			child_id: 'A1001',
			worker_id: 'SW1001',
			la_code: LA,
			start_date: '2021-05-04',
			end_date: ''
		}
	},
	{
		table: 'practitioners',
		source:
			'Instead of the workforce census, from HR, when the authority can also give each worker’s qualification month, team and child protection accreditation, which the census does not carry; and for workers of other agencies.',
		example: {
			worker_id: 'SW1001',
			la_code: LA,
			agency: 'social_care',
			role: '5',
			team: 'Child protection team 1',
			qualified_month: '2015-07',
			start_date: '2018-04-01',
			end_date: '',
			fte: '1',
			agency_worker: 'false',
			cp_specialist: 'true'
		}
	},
	{
		table: 'vacancies',
		source:
			'Instead of the workforce census’s vacancies, or for more snapshots than its one a year, from HR’s establishment records.',
		example: {
			la_code: LA,
			snapshot_date: '2022-09-30',
			agency: 'social_care',
			vacant_fte: '2.5'
		}
	}
];

/** A template as CSV: the header and the example row, in the contract's column order. */
export function templateCsv(t: Template): string {
	const columns = tableByName.get(t.table)!.columns.map((c) => c.name);
	const missing = columns.filter((c) => t.example[c] === undefined);
	if (missing.length) throw new Error(`the ${t.table} template lacks ${missing.join(', ')}`);
	return `${columns.join(',')}\n${columns.map((c) => t.example[c]).join(',')}\n`;
}
