// The release files the importer knows, recognised by their columns rather than their names
// (DfE renames files between releases): the geography and time columns every open-data file
// starts with, then each file's own indicator columns, with the names earlier releases used.
import type { PublishedFileKind } from '$lib/published/catalogue';

/** The standard columns of an explore-education-statistics open-data file, in order. */
export const GEOGRAPHY_COLUMNS = [
	'time_period',
	'time_identifier',
	'geographic_level',
	'country_code',
	'country_name',
	'region_code',
	'region_name',
	'old_la_code',
	'new_la_code',
	'la_name'
] as const;

export interface StatisticsFormat {
	kind: Exclude<PublishedFileKind, 'neighbours_2025' | 'neighbours_2021'>;
	/** What the file is, for messages and the data page. */
	title: string;
	/** Children in need years end on 31 March; the workforce census is taken on 30 September. */
	release: 'cin' | 'csww' | 'population';
	/** CIN files carry a constant `category` column after the geography. */
	category: boolean;
	/** Indicator columns by their current name, with any earlier names; the first identifies the file. */
	columns: Record<string, string[]>;
}

const none: string[] = [];

/** How long plans had lasted, in D5 (open on 31 March) and D7 (ended), with their 2020 names. */
const PLAN_DURATIONS: Record<string, string[]> = {
	'3_months_or_less': none,
	'3_months_or_less_percent': none,
	more_than_3_months_6_months: ['3_6_months'],
	more_than_3_months_6_months_percent: ['3_6_months_percent'],
	more_than_6_months_less_than_1_year: ['6_months_1_year'],
	more_than_6_months_less_than_1_year_percent: ['6_months_1_year_percent'],
	'1_year_less_than_2_years': ['1_2_years'],
	'1_year_less_than_2_years_percent': ['1_2_years_percent'],
	'2_years_or_more': ['2_years+'],
	'2_years_or_more_percent': ['2_years+_percent']
};

export const STATISTICS_FORMATS: StatisticsFormat[] = [
	{
		kind: 'c1',
		title: 'C1 referrals and re-referrals',
		release: 'cin',
		category: true,
		columns: {
			referral_count: none,
			rereferral_count: none,
			rereferral_percent: none,
			no_further_action_count: none,
			no_further_action_percent: none,
			not_in_need_count: none,
			not_in_need_percent: none,
			referral_child_count: none,
			rereferral_child_count: none,
			rereferral_child_percent: none
		}
	},
	{
		kind: 'b1',
		title: 'B1 children in need',
		release: 'cin',
		category: true,
		columns: {
			At31_episodes: none,
			Anypoint_episodes: none,
			Anypoint_child: none,
			Started_episodes: none,
			Started_child: none,
			Ended_episodes: none,
			Ended_child: none,
			awaiting_assessment: none
		}
	},
	{
		kind: 'c2',
		title: 'C2 assessments by duration',
		release: 'cin',
		category: true,
		columns: {
			Assessments_completed: none,
			Same_day: none,
			'1-10_days': none,
			'11-20_days': none,
			'21-30_days': none,
			'31-40_days': none,
			'41-45_days': none,
			'46-50_days': none,
			'51-60_days': none,
			'61+_days': none,
			'25th_Percentile_days': none,
			Median_days: none,
			'75th_Percentile_days': none
		}
	},
	{
		kind: 'c4',
		title: 'C4 section 47 enquiries and initial conferences',
		release: 'cin',
		category: true,
		columns: {
			Section47: none,
			Section47_child: none,
			ICPC: none,
			ICPC_child: none,
			// Rates per 10,000 children, carried until 2023; rates are worked out from the population.
			Section47_rate: none,
			Section47_child_rate: none,
			ICPC_rate: none,
			ICPC_child_rate: none,
			'Duration_0-10_days': none,
			'Duration_11-15_days': none,
			'Duration_16-20_days': none,
			'Duration_21+_days': none,
			Duration_25th_Percentile: none,
			Duration_median: none,
			Duration_75th_Percentile: none
		}
	},
	{
		kind: 'd1',
		title: 'D1 protection plans started, ended and open',
		release: 'cin',
		category: true,
		// CPP_anypoint first: it identifies the file, where CPP_start and CPP_At31 are also D3's and D5's.
		columns: {
			CPP_anypoint: none,
			CPP_start: none,
			CPP_child_start: none,
			CPP_end: none,
			CPP_child_end: none,
			CPP_child_anypoint: none,
			CPP_At31: none
		}
	},
	{
		kind: 'd3',
		title: 'D3 second or subsequent protection plans',
		release: 'cin',
		category: true,
		columns: { CPP_subsequent: none, CPP_start: none, CPP_subsequent_percent: none }
	},
	{
		kind: 'd5',
		title: 'D5 protection plans at 31 March by duration',
		release: 'cin',
		category: true,
		columns: {
			CPP_At31: none,
			...PLAN_DURATIONS
		}
	},
	{
		kind: 'd7',
		title: 'D7 protection plans ended by duration',
		release: 'cin',
		category: true,
		columns: {
			CPP_End: none,
			...PLAN_DURATIONS
		}
	},
	{
		kind: 'csww',
		title: 'Children’s social work workforce indicators',
		release: 'csww',
		category: false,
		columns: {
			inpost_fte: ['social_worker_fte'],
			inpost_headcount: none,
			starters_fte: none,
			starters_headcount: none,
			leavers_fte: none,
			leavers_headcount: none,
			turnover_rate_fte: ['turnover_rate_fte_%'],
			turnover_rate_headcount: none,
			agency_fte: none,
			agency_headcount: none,
			agency_rate_fte: ['agency_worker_rate_fte_%'],
			agency_rate_headcount: none,
			agency_cover_fte: none,
			agency_cover_rate_fte: none,
			vacancy_fte: none,
			vacancy_rate_fte: ['vacancy_rate_fte_%'],
			vacancy_agency_cover_rate_fte: none,
			case_holders_fte: none,
			cases: none,
			caseload_fte: none,
			working_days_lost_fte: none,
			absence_rate_fte: none
		}
	},
	{
		kind: 'population',
		title: 'ONS mid-year population estimates, children aged 0 to 17',
		release: 'population',
		category: false,
		columns: { population_estimate: none, age_group: none }
	}
];

/** The age group whose estimates are the denominators of rates per 10,000 children. */
export const CHILD_AGE_GROUP = 'Children aged 0 to 17 years';

/** Columns of DfE's 2025 statistical neighbour model (wide): SN_1 … SN_10 with closeness. */
export const NEIGHBOURS_2025 = [
	'old_la_code',
	'la_name',
	'region_ind',
	'region_name',
	...Array.from({ length: 10 }, (_, i) => [`SN_${i + 1}`, `SN_${i + 1}P`]).flat()
];

/** Columns of the April 2021 model: each neighbour followed by a column named SNP. */
export const NEIGHBOURS_2021 = [
	'LA num',
	'LA Name',
	'LA number',
	'GOInd',
	'GOReg',
	...Array.from({ length: 10 }, (_, i) => [`SN${i + 1}`, 'SNP']).flat()
];
