import { describe, expect, it } from 'vitest';
import { tableByName } from '$lib/contract/tables';
import { catalogue, findMetric } from './catalogue';
import { themes } from './themes';

const metricsDoc = [
	'strategy_core_attendance',
	'strategy_agency_attendance',
	'icpc_quorate',
	'conference_agency_attendance',
	'conference_reports_on_time',
	'referral_source_share',
	'info_response_median_days',
	'escalation_rate',
	'escalation_resolved_20wd',
	'rereferral_12m',
	'referral_nfa',
	's47_to_icpc',
	'icpc_to_plan',
	'repeat_plan',
	'plans_2y',
	'plans_short',
	's47_without_strategy',
	'audits_good',
	'audits_multi_agency',
	'missed_strategy',
	'assessment_45wd',
	'icpc_15wd',
	'review_on_time',
	'visits_10wd',
	'cp_experienced_worker',
	'cp_specialist_worker',
	'cp_unallocated',
	'worker_changes_3plus',
	'caseload_avg',
	'turnover_rate',
	'agency_rate',
	'vacancy_rate',
	'early_career_share',
	'cp_plan_rate',
	'cin_referrals'
];

describe('metric catalogue', () => {
	it('holds every metric of the catalogue, once, in order', () => {
		expect(catalogue.map((m) => m.id)).toEqual(metricsDoc);
	});

	it('gives every metric the words a reader needs', () => {
		for (const m of catalogue) {
			expect(m.title, m.id).not.toBe('');
			expect(m.definition.endsWith('.'), m.id).toBe(true);
			expect(m.numerator, m.id).not.toBe('');
			expect(m.standard, m.id).not.toBe('');
			expect(m.kind === 'count' || m.denominator !== null, m.id).toBe(true);
		}
	});

	it('names only tables of the contract, and only themes that exist', () => {
		const themeIds = new Set<string>([...themes.map((t) => t.id), 'context']);
		for (const m of catalogue) {
			expect(themeIds.has(m.theme), m.id).toBe(true);
			for (const t of m.tables) expect(tableByName.has(t), `${m.id}: ${t}`).toBe(true);
		}
	});

	it('marks the trigger-gap measure as experimental', () => {
		expect(findMetric('missed_strategy')?.experimental).toBe(true);
		expect(catalogue.filter((m) => m.experimental).map((m) => m.id)).toEqual(['missed_strategy']);
	});

	it('gives per-key measures their breakdown', () => {
		for (const m of catalogue.filter((x) => x.perKey)) expect(m.breakdowns.length, m.id).toBe(1);
	});
});
