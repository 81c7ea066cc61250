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
