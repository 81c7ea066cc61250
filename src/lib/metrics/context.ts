// Context measures shown on the overview: the size of the child protection population and the
// volume of referrals, against which every other figure is read.
import { childBreakdowns, childrenOnPlan, sourceGroup } from './sql';
import type { MetricDefinition } from './types';

export const context: MetricDefinition[] = [
	{
		id: 'cp_plan_rate',
		theme: 'context',
		title: 'Children on a child protection plan',
		definition:
			'Children on a child protection plan on the day, per 10,000 children living in the area.',
		numerator: 'Children on a plan on the day',
		denominator: 'Child population aged 0 to 17 (per 10,000)',
		anchor: 'The last day of the period (a snapshot)',
		polarity: 'neutral',
		standard: 'DfE Characteristics of children in need: rate per 10,000 children.',
		tables: ['cp_plans'],
		kind: 'rate',
		scale: 10000,
		unit: 'per 10,000 children',
		timing: 'snapshot',
		breakdowns: [],
		headline: true,
		fte: true,
		units: { numerator: 'count', denominator: 'population' },
		// The population is added once per authority and day; head counts make the denominator
		// large, so only the numerator can trigger suppression.
		sql: (
			ctx
		) => `SELECT la_code, snap AS anchor, 1 AS num, 0 AS den, 1 AS num_n, 0 AS den_n FROM ${childrenOnPlan(ctx)}
			UNION ALL
			SELECT la.la_code, s.snap AS anchor, 0 AS num, la.child_population AS den, 0 AS num_n, 0 AS den_n
			FROM ${ctx.snapshots} s CROSS JOIN local_authorities la
			WHERE la.la_code IN (SELECT DISTINCT la_code FROM referrals)`
	},
	{
		id: 'cin_referrals',
		theme: 'context',
		title: 'Referrals to social care',
		definition: 'The number of referrals received in the period.',
		numerator: 'Referrals',
		denominator: null,
		anchor: 'Referral date',
		polarity: 'neutral',
		standard: 'Children in Need census: referrals.',
		tables: ['referrals'],
		kind: 'count',
		scale: 1,
		unit: 'referrals',
		timing: 'event',
		breakdowns: ['source_group', 'age_band', 'ethnicity_group'],
		headline: true,
		sql: (ctx) => {
			const child = childBreakdowns(ctx, 'r', 'r.referral_date');
			return `SELECT r.la_code, r.referral_date AS anchor, 1 AS num, 0 AS den,
					${sourceGroup('r.source')} AS source_group, ${child.columns}
				FROM referrals r ${child.join}`;
		}
	}
];
