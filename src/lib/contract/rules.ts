// Rules between columns and tables that the loader enforces beyond each column's own type.
import type { TableName } from './tables';

/** Within one row: `later` must be on or after `earlier` when both are present. */
export interface RowOrderRule {
	table: TableName;
	earlier: string;
	later: string;
}

/** Across a reference: the row's `column` must be on or after (`>=`) or on or before (`<=`)
 *  the `otherColumn` of the row its `via` column names in `otherTable`. */
export interface CrossOrderRule {
	table: TableName;
	column: string;
	relation: '>=' | '<=';
	via: string;
	otherTable: TableName;
	otherColumn: string;
	description: string;
}

/**
 * No two rows of one child at once: ordered by `start`, a row may not start before the one
 * before it ended (an empty `end` is open). A row ending on the day the next starts is allowed.
 */
export interface NoOverlapRule {
	table: TableName;
	start: string;
	end: string;
	description: string;
}

/** When `when` holds, `column` must be empty, present, or one of `oneOf`. */
export interface ConditionalRule {
	table: TableName;
	when: { column: string; equals: string };
	column: string;
	must: 'be_empty' | 'be_present' | { oneOf: readonly string[] };
}

export const rowOrderRules: RowOrderRule[] = [
	{ table: 'referrals', earlier: 'referral_date', later: 'close_date' },
	{ table: 'assessments', earlier: 'start_date', later: 'authorised_date' },
	{ table: 's47_enquiries', earlier: 'start_date', later: 'end_date' },
	{ table: 'cp_plans', earlier: 'start_date', later: 'end_date' },
	{ table: 'information_requests', earlier: 'requested_date', later: 'responded_date' },
	{ table: 'escalations', earlier: 'raised_date', later: 'resolved_date' },
	{ table: 'practitioners', earlier: 'start_date', later: 'end_date' },
	{ table: 'allocations', earlier: 'start_date', later: 'end_date' }
];

export const crossOrderRules: CrossOrderRule[] = [
	{
		table: 'assessments',
		column: 'start_date',
		relation: '>=',
		via: 'referral_id',
		otherTable: 'referrals',
		otherColumn: 'referral_date',
		description: 'an assessment starts on or after its referral'
	},
	{
		table: 'conferences',
		column: 'date',
		relation: '>=',
		via: 's47_id',
		otherTable: 's47_enquiries',
		otherColumn: 'start_date',
		description: 'a conference is held on or after the start of its section 47 enquiry'
	},
	{
		table: 's47_enquiries',
		column: 'start_date',
		relation: '>=',
		via: 'referral_id',
		otherTable: 'referrals',
		otherColumn: 'referral_date',
		description: 'an enquiry starts on or after its referral (CIN census rule 2889)'
	},
	{
		table: 'conferences',
		column: 'date',
		relation: '>=',
		via: 'plan_id',
		otherTable: 'cp_plans',
		otherColumn: 'start_date',
		description:
			'a review is held after its plan started, and an initial conference starts its plan on its day (CIN census rules 8841 and 2885)'
	}
];

/**
 * Rules of the CIN census that change figures if broken: a child on two plans at once would be
 * counted twice among children on a plan. The census's own validation refuses such a return,
 * so the loader does too.
 */
export const noOverlapRules: NoOverlapRule[] = [
	{
		table: 'cp_plans',
		start: 'start_date',
		end: 'end_date',
		description: 'one plan at a time for a child (CIN census rules 8935 and 8940)'
	}
];

export const conditionalRules: ConditionalRule[] = [
	{
		table: 'conferences',
		when: { column: 'type', equals: 'initial' },
		column: 'outcome',
		must: { oneOf: ['plan', 'no_plan'] }
	},
	{
		table: 'conferences',
		when: { column: 'type', equals: 'review' },
		column: 'outcome',
		must: { oneOf: ['continue', 'end'] }
	},
	{
		table: 'conferences',
		when: { column: 'type', equals: 'review' },
		column: 'plan_id',
		must: 'be_present'
	},
	{
		table: 'conferences',
		when: { column: 'type', equals: 'review' },
		column: 's47_id',
		must: 'be_empty'
	},
	{
		table: 'conferences',
		when: { column: 'outcome', equals: 'plan' },
		column: 'plan_id',
		must: 'be_present'
	},
	{
		table: 'conferences',
		when: { column: 'type', equals: 'review' },
		column: 'transfer_in',
		must: { oneOf: ['false'] }
	}
];
