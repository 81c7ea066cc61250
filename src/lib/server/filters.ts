// The filters every dashboard page shares — period, area and comparison group — read from the
// URL so that any view can be bookmarked and shared. The areas offered are exactly those the
// viewer's role allows; an area outside them is refused (fail closed), never quietly replaced.
// The engine checks scope and period again: this module decides what to offer and what was asked.
import { isIsoDate } from '$lib/contract';
import {
	addDays,
	addMonths,
	isFinancialYear,
	isWholeMonths,
	lastMonthEndOnOrBefore,
	MONTH_NAMES,
	monthStart
} from '$lib/stats/dates';
import type { Scope, Viewer } from './analytics/engine/scope';
import type { ComparisonGroup } from '$lib/metrics/result';

export type { ComparisonGroup };

export const comparisonGroups: { id: ComparisonGroup; label: string }[] = [
	{ id: 'neighbours', label: 'Statistical neighbours' },
	{ id: 'region', label: 'Region' },
	{ id: 'england', label: 'England' }
];

export interface Option {
	value: string;
	label: string;
}

export interface Filters {
	/** 'latest', a financial year such as '2024-25', or 'custom'. */
	period: string;
	from: string;
	to: string;
	/** The area's value in the URL ('own' for the viewer's default). */
	area: string;
	scope: Scope;
	group: ComparisonGroup;
	/** The latest financial year wholly in the data (the period every authority is published for). */
	latestYear: string | null;
	/** What the filter form offers. */
	options: { periods: Option[]; areas: Option[]; groups: Option[] };
	/** The parameters that reproduce this view, for links and downloads. */
	query: string;
}

/** Raised when the URL names an area the viewer may not see; pages answer 404 without figures. */
export class AreaNotInScopeError extends Error {
	constructor() {
		super('Not found');
		this.name = 'AreaNotInScopeError';
	}
}

/** Raised when the URL's filters cannot be read as given; pages answer 400 with the message. */
export class FilterError extends Error {
	constructor(message: string) {
		super(message);
		this.name = 'FilterError';
	}
}

/** The parameters a dashboard URL may carry, each at most once. */
export const FILTER_PARAMETERS = [
	'period',
	'from',
	'to',
	'area',
	'group',
	'metric',
	'measure'
] as const;

/**
 * Refuses a URL that gives a filter more than once: which of two values a page would use is an
 * accident of parsing, and the audit log must record the one that was served.
 */
export function refuseRepeatedParameters(url: URL): void {
	for (const name of FILTER_PARAMETERS)
		if (url.searchParams.getAll(name).length > 1)
			throw new FilterError(`Give the ${name} filter once; this address gives it more than once.`);
}

export interface FilterContext {
	viewer: Viewer;
	/** The extract's date; periods end on or before the last month-end before it. */
	extracted: string;
	/** The earliest date in the data; periods start on or after its month. */
	dataFrom: string | null;
	authorities: Map<string, { name: string; regionCode: string }>;
	regions: Map<string, { name: string }>;
}

const MONTH = /^\d{4}-\d{2}$/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;
const FY = /^(\d{4})-(\d{2})$/;

/** A month (YYYY-MM, as a month field sends it) read as its first or last day; dates pass as they are. */
function monthOrDate(value: string, side: 'start' | 'end'): string {
	if (!MONTH.test(value)) return value;
	return side === 'start' ? `${value}-01` : addDays(addMonths(`${value}-01`, 1), -1);
}

export const monthLabel = (iso: string) =>
	`${MONTH_NAMES[Number(iso.slice(5, 7)) - 1]} ${iso.slice(0, 4)}`;

/** Financial years (April to March) wholly inside the data, newest first. */
export function financialYears(dataFrom: string | null, lastMonthEnd: string): string[] {
	const first = dataFrom ? monthStart(dataFrom) : addMonths(addDays(lastMonthEnd, 1), -60);
	const out: string[] = [];
	for (let y = Number(lastMonthEnd.slice(0, 4)); y > 1990; y--) {
		const from = `${y}-04-01`;
		const to = `${y + 1}-03-31`;
		if (to > lastMonthEnd) continue;
		if (from < first) break;
		out.push(`${y}-${String((y + 1) % 100).padStart(2, '0')}`);
	}
	return out;
}

export function financialYearDates(fy: string): { from: string; to: string } {
	const y = Number(fy.slice(0, 4));
	return { from: `${y}-04-01`, to: `${y + 1}-03-31` };
}

/** The areas a viewer may choose, each with the scope it stands for. */
export function areaOptions(ctx: FilterContext): (Option & { scope: Scope })[] {
	const { viewer } = ctx;
	const name = (la: string) => ctx.authorities.get(la)?.name ?? la;
	if (viewer.role === 'national') {
		return [
			{ value: 'england', label: 'England', scope: { kind: 'england' } },
			...[...ctx.regions].map(([code, r]) => ({
				value: `region-${code}`,
				label: `${r.name} (region)`,
				scope: { kind: 'region', region: code } as Scope
			})),
			...[...ctx.authorities].map(([code, a]) => ({
				value: code,
				label: `${a.name} (${code})`,
				scope: { kind: 'la', la: code } as Scope
			}))
		];
	}
	const held = viewer.las.filter((la) => ctx.authorities.has(la));
	const singles = held.map((la) => ({
		value: la,
		label: `${name(la)} (${la})`,
		scope: { kind: 'la', la } as Scope
	}));
	if (held.length <= 1) return singles;
	return [
		{
			value: 'own',
			label: `All ${held.length} authorities of the partnership`,
			scope: { kind: 'las', las: held, name: `the partnership (${held.length} authorities)` }
		},
		...singles
	];
}

export function resolveFilters(
	url: URL,
	ctx: FilterContext,
	/** Where a page opens when the URL names no period; pages comparing authorities want a year. */
	opening: 'latest' | 'year' = 'latest'
): Filters {
	refuseRepeatedParameters(url);
	const p = url.searchParams;
	const latest = latestTwelveMonths(ctx.extracted);
	const years = financialYears(ctx.dataFrom, latest.to);

	const areas = areaOptions(ctx);
	const askedArea = p.get('area');
	const area =
		askedArea === null || askedArea === '' ? areas[0] : areas.find((a) => a.value === askedArea);
	if (!area) throw new AreaNotInScopeError();

	// A single authority seen under disclosure control is published for financial years only,
	// so that is where such a view opens (and where pages comparing authorities open).
	const openOnYear =
		(ctx.viewer.role === 'national' && area.scope.kind === 'la') ||
		(opening === 'year' && !p.get('period') && !p.get('from'));
	let period = p.get('period') ?? '';
	let from = monthOrDate(p.get('from') ?? '', 'start');
	let to = monthOrDate(p.get('to') ?? '', 'end');
	const custom = DATE.test(from) && DATE.test(to);
	if (!period && custom) period = 'custom';
	if (period === 'custom' && custom) {
		for (const [name, value] of [
			['from', from],
			['to', to]
		] as const)
			if (!isIsoDate(value))
				throw new FilterError(`${name} is not a date: ${JSON.stringify(value)}.`);
		// Whole months only: a day more or less would let two periods be differenced to a day.
		if (!isWholeMonths(from, to))
			throw new FilterError(
				'A custom period runs over whole months: from the first day of a month to the last day of a month (or later one).'
			);
		const fy = years.find((y) => isFinancialYear(from, to) && y.startsWith(from.slice(0, 4)));
		if (fy) period = fy;
	} else if (FY.test(period) && years.includes(period)) {
		({ from, to } = financialYearDates(period));
	} else if (period === 'latest' && !openOnYear) {
		({ from, to } = latest);
	} else if (openOnYear && years.length) {
		period = years[0]!;
		({ from, to } = financialYearDates(period));
	} else {
		period = 'latest';
		({ from, to } = latest);
	}

	const groupAsked = p.get('group');
	const group = comparisonGroups.some((g) => g.id === groupAsked)
		? (groupAsked as ComparisonGroup)
		: area.scope.kind === 'la'
			? 'neighbours'
			: 'england';

	const query = new URLSearchParams({ period, from, to, area: area.value, group }).toString();
	return {
		period,
		from,
		to,
		area: area.value,
		scope: area.scope,
		group,
		latestYear: years[0] ?? null,
		options: {
			periods: [
				{
					value: 'latest',
					label: `Latest 12 months (${monthLabel(latest.from)} to ${monthLabel(latest.to)})`
				},
				...years.map((y) => ({
					value: y,
					label: `Financial year ${y.slice(0, 4)} to ${Number(y.slice(0, 4)) + 1}`
				})),
				{ value: 'custom', label: 'Custom months' }
			],
			areas: areas.map(({ value, label }) => ({ value, label })),
			groups: comparisonGroups.map((g) => ({ value: g.id, label: g.label }))
		},
		query
	};
}

/**
 * The default period of every page: the 12 whole months ending on the last month-end on or
 * before the extraction date.
 */
export function latestTwelveMonths(extracted: string): { from: string; to: string } {
	const to = lastMonthEndOnOrBefore(extracted);
	return { from: addMonths(addDays(to, 1), -12), to };
}
