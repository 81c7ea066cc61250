// The measures read from DfE's published statistics: which release file and columns each comes
// from, what it is, and how it differs from the measure of the same name made from case data.
// Published figures are annual, already suppressed by DfE, and named: benchmarks and the
// national picture, never case data.

/** The release files the importer knows (see src/lib/server/published/formats.ts). */
export type PublishedFileKind =
	| 'b1'
	| 'c1'
	| 'c2'
	| 'c4'
	| 'd1'
	| 'd3'
	| 'd5'
	| 'd7'
	| 'csww'
	| 'population'
	| 'neighbours_2025'
	| 'neighbours_2021';

/** What a year of a release means. */
export const YEAR_ENDING: Record<'cin' | 'csww', (year: number) => string> = {
	cin: (year) => `year ending 31 March ${year}`,
	csww: (year) => `at 30 September ${year}`
};

/** How DfE names each release file a measure comes from. */
export const FILE_NAMES: Record<PublishedMeasure['file'], string> = {
	b1: 'B1',
	c1: 'C1',
	c2: 'C2',
	c4: 'C4',
	d1: 'D1',
	d3: 'D3',
	d5: 'D5',
	d7: 'D7',
	csww: 'workforce indicators'
};

export interface PublishedMeasure {
	id: string;
	/** The case-data metric it stands beside (same id), or null if the catalogue has none. */
	metric: string | null;
	title: string;
	file: Exclude<PublishedFileKind, 'population' | 'neighbours_2025' | 'neighbours_2021'>;
	/** The columns counted (summed), and what they are counted over (columns summed, or the 0-17 population). */
	numerator: string[];
	denominator: string[] | 'population' | null;
	/** The column holding DfE's own value, where the release carries one; else it is computed. */
	value: string | null;
	/** What the value is per: 1 (a count or ratio), 100 (a percentage), 10,000 children. */
	scale: 1 | 100 | 10000;
	/**
	 * A share of counted records (each one counted in the numerator is one of the denominator's),
	 * which has binomial funnel limits; not a ratio of two counts, nor of FTE.
	 */
	share: boolean;
	unit: string;
	polarity: 'up' | 'down' | 'neutral';
	/** How its definition differs from the case-data metric's; null where none is known. */
	difference: string | null;
}

/** A count over the children aged 0 to 17 of the area (the ONS estimate of the year before). */
function perTenThousandChildren(m: {
	id: string;
	metric: string | null;
	title: string;
	file: PublishedMeasure['file'];
	column: string;
	difference: string | null;
}): PublishedMeasure {
	return {
		id: m.id,
		metric: m.metric,
		title: m.title,
		file: m.file,
		numerator: [m.column],
		denominator: 'population',
		value: null,
		scale: 10000,
		share: false,
		unit: 'per 10,000 children',
		polarity: 'neutral',
		difference: m.difference
	};
}

export const publishedMeasures: PublishedMeasure[] = [
	{
		id: 'cin_referrals',
		metric: 'cin_referrals',
		title: 'Referrals to social care',
		file: 'c1',
		numerator: ['referral_count'],
		denominator: null,
		value: null,
		scale: 1,
		share: false,
		unit: 'referrals',
		polarity: 'neutral',
		difference: null
	},
	perTenThousandChildren({
		id: 'referral_rate',
		metric: null,
		title: 'Referrals per 10,000 children',
		file: 'c1',
		column: 'referral_count',
		difference: null
	}),
	{
		id: 'rereferral_12m',
		metric: 'rereferral_12m',
		title: 'Re-referrals within 12 months',
		file: 'c1',
		numerator: ['rereferral_count'],
		denominator: ['referral_count'],
		value: 'rereferral_percent',
		scale: 100,
		share: true,
		unit: '% of referrals',
		polarity: 'down',
		difference: null
	},
	{
		id: 'referral_nfa',
		metric: 'referral_nfa',
		title: 'Referrals with no further action',
		file: 'c1',
		numerator: ['no_further_action_count'],
		denominator: ['referral_count'],
		value: 'no_further_action_percent',
		scale: 100,
		share: true,
		unit: '% of referrals',
		polarity: 'neutral',
		difference: null
	},
	perTenThousandChildren({
		id: 'cin_rate',
		metric: null,
		title: 'Children in need at 31 March per 10,000 children',
		file: 'b1',
		column: 'At31_episodes',
		difference: null
	}),
	perTenThousandChildren({
		id: 'cp_plan_rate',
		metric: 'cp_plan_rate',
		title: 'Children on a protection plan per 10,000 children',
		file: 'd5',
		column: 'CPP_At31',
		difference:
			'DfE counts the plans open on 31 March only; ours is the last day of each month in the period.'
	}),
	{
		id: 'repeat_plan',
		metric: 'repeat_plan',
		title: 'Plans that are a second or later plan',
		file: 'd3',
		numerator: ['CPP_subsequent'],
		denominator: ['CPP_start'],
		value: 'CPP_subsequent_percent',
		scale: 100,
		share: true,
		unit: '% of plans started',
		polarity: 'down',
		difference:
			'DfE counts an earlier plan however long ago it was; ours looks back as far as the authority’s data reaches.'
	},
	{
		id: 'assessment_45wd',
		metric: 'assessment_45wd',
		title: 'Assessments completed within 45 working days',
		file: 'c2',
		numerator: ['Same_day', '1-10_days', '11-20_days', '21-30_days', '31-40_days', '41-45_days'],
		denominator: ['Assessments_completed'],
		value: null,
		scale: 100,
		share: true,
		unit: '% of assessments completed',
		polarity: 'up',
		difference:
			'DfE’s duration bins are headed in days; whether they are working days counted from the referral, as ours are, the release does not say.'
	},
	{
		id: 's47_to_icpc',
		metric: 's47_to_icpc',
		title: 'Section 47 enquiries leading to an initial conference',
		file: 'c4',
		numerator: ['ICPC'],
		denominator: ['Section47'],
		value: null,
		scale: 100,
		share: false,
		unit: 'initial conferences per 100 enquiries',
		polarity: 'neutral',
		difference:
			'DfE’s counts of the same year, not the enquiries followed to their conference: a conference held in April for a March enquiry counts in the next year, so the figure can pass 100.'
	},
	{
		id: 'icpc_15wd',
		metric: 'icpc_15wd',
		title: 'Initial conferences within 15 working days',
		file: 'c4',
		numerator: ['Duration_0-10_days', 'Duration_11-15_days'],
		denominator: [
			'Duration_0-10_days',
			'Duration_11-15_days',
			'Duration_16-20_days',
			'Duration_21+_days'
		],
		value: null,
		scale: 100,
		share: true,
		unit: '% of initial conferences',
		polarity: 'up',
		difference:
			'DfE counts from the start of the section 47 enquiry; whether conferences for children moving in are left out, as ours are, the release does not say.'
	},
	{
		id: 'plans_short',
		metric: 'plans_short',
		title: 'Plans lasting three months or less',
		file: 'd7',
		numerator: ['3_months_or_less'],
		denominator: ['CPP_End'],
		value: '3_months_or_less_percent',
		scale: 100,
		share: true,
		unit: '% of plans ended',
		polarity: 'down',
		difference: 'DfE’s “3 months or less” includes plans of exactly three months; ours does not.'
	},
	{
		id: 'plans_2y',
		metric: 'plans_2y',
		title: 'Plans lasting two years or more',
		file: 'd7',
		numerator: ['2_years_or_more'],
		denominator: ['CPP_End'],
		value: '2_years_or_more_percent',
		scale: 100,
		share: true,
		unit: '% of plans ended',
		polarity: 'down',
		difference:
			'DfE counts plans of more than 729 days, the day the plan ended included; ours, plans ending on or after the second anniversary of their start.'
	},
	perTenThousandChildren({
		id: 'plan_start_rate',
		metric: null,
		title: 'Protection plans started per 10,000 children',
		file: 'd1',
		column: 'CPP_start',
		difference: null
	}),
	{
		id: 'plans_open_2y',
		metric: null,
		title: 'Plans open two years or more on 31 March',
		file: 'd5',
		numerator: ['2_years_or_more'],
		denominator: ['CPP_At31'],
		value: '2_years_or_more_percent',
		scale: 100,
		share: true,
		unit: '% of plans open',
		polarity: 'down',
		difference: null
	},
	{
		id: 'turnover_rate',
		metric: 'turnover_rate',
		title: 'Social worker turnover',
		file: 'csww',
		numerator: ['leavers_fte'],
		denominator: ['inpost_fte'],
		value: 'turnover_rate_fte',
		scale: 100,
		share: false,
		unit: '% of FTE in post',
		polarity: 'down',
		difference:
			'DfE counts leavers in the year to 30 September over the authority’s own social workers in post on that day.'
	},
	{
		id: 'agency_rate',
		metric: 'agency_rate',
		title: 'Agency social workers',
		file: 'csww',
		numerator: ['agency_fte'],
		denominator: ['agency_fte', 'inpost_fte'],
		value: 'agency_rate_fte',
		scale: 100,
		share: false,
		unit: '% of FTE',
		polarity: 'down',
		difference: 'On 30 September only.'
	},
	{
		id: 'vacancy_rate',
		metric: 'vacancy_rate',
		title: 'Social worker vacancies',
		file: 'csww',
		numerator: ['vacancy_fte'],
		denominator: ['vacancy_fte', 'inpost_fte'],
		value: 'vacancy_rate_fte',
		scale: 100,
		share: false,
		unit: '% of FTE posts',
		polarity: 'down',
		difference:
			'DfE’s denominator leaves out agency workers (vacancies over vacancies and the authority’s own FTE); ours counts every social worker in post, agency included. On 30 September only.'
	},
	{
		id: 'caseload_avg',
		metric: 'caseload_avg',
		title: 'Average caseload',
		file: 'csww',
		numerator: ['cases'],
		denominator: ['case_holders_fte'],
		value: 'caseload_fte',
		scale: 1,
		share: false,
		unit: 'cases per FTE case holder',
		polarity: 'down',
		difference: 'On 30 September only, over every case holder’s FTE.'
	}
];

export const publishedMeasureById = new Map(publishedMeasures.map((m) => [m.id, m]));

/** The year a measure's release counts in ('cin' years end on 31 March). */
export const releaseOf = (m: PublishedMeasure): 'cin' | 'csww' =>
	m.file === 'csww' ? 'csww' : 'cin';

/** DfE's symbols, as every table and download of published figures explains them. */
export const PUBLISHED_SYMBOLS: Record<string, string> = {
	c: 'suppressed by DfE to protect confidentiality',
	x: 'not available',
	z: 'not applicable',
	u: 'low reliability',
	low: 'rounds to nought but is not nought'
};

export const PUBLISHED_SYMBOL_LEGEND = Object.entries(PUBLISHED_SYMBOLS)
	.map(([s, meaning]) => `${s} ${meaning}`)
	.join('; ');

/**
 * The DfE years a financial year (1 April to 31 March) covers: the children in need year ending
 * that March, and the workforce census of the September inside it; null for any other period.
 */
export function financialYearOf(from: string, to: string): { cin: number; csww: number } | null {
	const a = /^(\d{4})-04-01$/.exec(from);
	const b = /^(\d{4})-03-31$/.exec(to);
	if (!a || !b || Number(b[1]) !== Number(a[1]) + 1) return null;
	return { cin: Number(b[1]), csww: Number(a[1]) };
}

/** The label a published figure carries: whose, and which year. */
export function sourceOf(m: PublishedMeasure, year: number): string {
	return `DfE, ${YEAR_ENDING[releaseOf(m)](year)}`;
}
