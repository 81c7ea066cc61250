// The national picture from DfE's published statistics alone: for one measure, an area's trend
// year by year beside its region's and England's, every authority of that year with its
// quartile band and rank, and an authority's statistical neighbours with their median. Needs no
// case data. Published figures are public and named, so every role sees the same page.
import {
	FILE_NAMES,
	publishedMeasureById,
	publishedMeasures,
	releaseOf,
	YEAR_ENDING,
	type PublishedMeasure
} from '$lib/published/catalogue';
import { funnelCurve, funnelPosition, type FunnelLimits } from '$lib/stats/funnel';
import { median, ranker, type Band } from '$lib/stats/quartiles';
import type { AnalyticsSession } from '../analytics/duckdb';

export interface PublishedValue {
	value: number | null;
	numerator: number | null;
	denominator: number | null;
	symbol: string | null;
}

export interface TrendRow extends PublishedValue {
	year: number;
	joint: string | null;
}

export interface AreaOption {
	code: string;
	name: string;
	level: 'england' | 'region' | 'la';
}

export interface AuthorityRow extends PublishedValue {
	code: string;
	name: string;
	region: string | null;
	joint: string | null;
	band: Band | null;
	rank: number | null;
	/** The area asked for, or one of its neighbours. */
	self: boolean;
	neighbour: number | null;
}

export interface Picture {
	measure: PublishedMeasure;
	measures: PublishedMeasure[];
	areas: AreaOption[];
	area: AreaOption;
	years: number[];
	year: number;
	/** "year ending 31 March 2025" or "at 30 September 2025". */
	yearLabel: string;
	trends: { area: AreaOption; rows: TrendRow[] }[];
	/** England's nine regions that year: the way down from England to an authority. */
	regions: (PublishedValue & { code: string; name: string })[];
	authorities: AuthorityRow[];
	/** Ranked: authorities with a figure (a joint return counted once). */
	ranked: number;
	neighbours: { median: number | null; published: number; of: number } | null;
	/**
	 * For a percentage of counted records: each authority against its denominator, around
	 * England's value that year, with binomial limits; null for rates, FTE and counts.
	 */
	funnel: {
		centre: number;
		curve: FunnelLimits[];
		points: {
			code: string;
			name: string;
			value: number;
			denominator: number;
			self: boolean;
			position: string;
		}[];
	} | null;
}

/** A stored figure's value, counts and symbol. */
function publishedValue(r: Record<string, unknown>): PublishedValue {
	return {
		value: r.value as number | null,
		numerator: r.numerator as number | null,
		denominator: r.denominator as number | null,
		symbol: r.symbol as string | null
	};
}

const ENGLAND: AreaOption = { code: 'E92000001', name: 'England', level: 'england' };

export class PictureRequestError extends Error {}

/** The picture for a measure, area and year (each defaulted or checked against what is stored). */
export async function publishedPicture(
	s: AnalyticsSession,
	asked: { measure?: string; area?: string; year?: string }
): Promise<Picture> {
	const measure = publishedMeasureById.get(asked.measure ?? 'rereferral_12m');
	if (!measure) throw new PictureRequestError(`No published measure is called ${asked.measure}.`);
	const held = new Set(
		(await s.query('SELECT DISTINCT measure FROM published_figures')).map((r) => String(r.measure))
	);
	if (!held.has(measure.id))
		throw new PictureRequestError(
			`${measure.title} comes from DfE's ${FILE_NAMES[measure.file]} file, which has not been loaded.`
		);
	const areas = await areaOptions(s);
	const area = areas.find((a) => a.code === (asked.area ?? ENGLAND.code));
	if (!area)
		throw new PictureRequestError(
			`No area in the published statistics has the code ${asked.area}.`
		);
	const years = (
		await s.query('SELECT DISTINCT year FROM published_figures WHERE measure = $m ORDER BY year', {
			m: measure.id
		})
	).map((r) => Number(r.year));
	const year = asked.year ? Number(asked.year) : years[years.length - 1]!;
	if (!years.includes(year))
		throw new PictureRequestError(`${measure.title} is not published for ${asked.year}.`);
	const regionCode =
		area.level === 'la'
			? String(
					(
						await s.query(
							'SELECT any_value(region_code) AS r FROM published_figures WHERE area_code = $a AND level = $l',
							{ a: area.code, l: 'la' }
						)
					)[0]?.r ?? ''
				)
			: '';
	const region = areas.find((a) => a.code === regionCode);
	const shown = [area, ...(region ? [region] : []), ...(area.level === 'england' ? [] : [ENGLAND])];
	const trends = [];
	for (const a of shown) trends.push({ area: a, rows: await trend(s, measure.id, a) });
	const { rows: authorities, ranked, neighbours } = await yearTable(s, measure, year, area);
	const regions = await regionsThatYear(s, measure.id, year);
	const englandThatYear = trends
		.find((t) => t.area.level === 'england')
		?.rows.find((r) => r.year === year)?.value;
	return {
		measure,
		measures: publishedMeasures.filter((m) => held.has(m.id)),
		areas,
		area,
		years,
		year,
		yearLabel: YEAR_ENDING[releaseOf(measure)](year),
		trends,
		regions,
		authorities,
		ranked,
		neighbours,
		funnel: funnelOf(measure, authorities, englandThatYear ?? null)
	};
}

/** Shares of counted records (not rates, ratios, FTE or counts) have binomial funnel limits. */
function funnelOf(
	measure: PublishedMeasure,
	authorities: AuthorityRow[],
	centre: number | null
): Picture['funnel'] {
	if (!measure.share || centre === null) return null;
	const points = authorities.flatMap((a) =>
		a.value !== null && a.denominator !== null && a.denominator > 0
			? [
					{
						code: a.code,
						name: a.name,
						value: a.value,
						denominator: a.denominator,
						self: a.self,
						position: funnelPosition(a.value, a.denominator, centre)
					}
				]
			: []
	);
	if (points.length === 0) return null;
	const most = Math.max(...points.map((p) => p.denominator));
	return { centre, curve: funnelCurve(most, centre), points };
}

async function areaOptions(s: AnalyticsSession): Promise<AreaOption[]> {
	const rows = await s.query(
		`SELECT area_code, any_value(area_name ORDER BY year DESC) AS name, level
		FROM published_figures WHERE level IN ('england', 'region') OR (level = 'la' AND current)
		GROUP BY area_code, level ORDER BY CASE level WHEN 'england' THEN 0 WHEN 'region' THEN 1 ELSE 2 END, name`
	);
	return rows.map((r) => ({
		code: String(r.area_code),
		name: String(r.name),
		level: r.level as AreaOption['level']
	}));
}

async function trend(s: AnalyticsSession, measure: string, area: AreaOption): Promise<TrendRow[]> {
	const rows = await s.query(
		`SELECT year, value, numerator, denominator, symbol, joint FROM published_figures
		WHERE measure = $m AND area_code = $a AND level = $l ORDER BY year`,
		{ m: measure, a: area.code, l: area.level }
	);
	return rows.map((r) => ({
		year: Number(r.year),
		...publishedValue(r),
		joint: r.joint as string | null
	}));
}

async function regionsThatYear(
	s: AnalyticsSession,
	measure: string,
	year: number
): Promise<Picture['regions']> {
	const rows = await s.query(
		`SELECT area_code, area_name, value, numerator, denominator, symbol FROM published_figures
		WHERE measure = $m AND year = $y AND level = 'region' ORDER BY area_code`,
		{ m: measure, y: year }
	);
	return rows.map((r) => ({
		code: String(r.area_code),
		name: String(r.area_name),
		...publishedValue(r)
	}));
}

/**
 * Every authority with a row that year (those of that year, some since reorganised); bands and ranks among those with a value, a
 * joint return counted once; an authority's neighbours (DfE's 2025 model) marked in order.
 */
async function yearTable(
	s: AnalyticsSession,
	measure: PublishedMeasure,
	year: number,
	area: AreaOption
): Promise<{ rows: AuthorityRow[]; ranked: number; neighbours: Picture['neighbours'] }> {
	const rows = await s.query(
		`SELECT area_code, area_name, region_code, value, numerator, denominator, symbol, joint
		FROM published_figures WHERE measure = $m AND year = $y AND level = 'la'
		ORDER BY area_name`,
		{ m: measure.id, y: year }
	);
	const neighbourOf = new Map<string, number>();
	if (area.level === 'la')
		for (const r of await s.query(
			`SELECT neighbour_code, rank FROM published_neighbours
			WHERE model = '2025' AND la_code = $la AND neighbour_code IS NOT NULL`,
			{ la: area.code }
		))
			neighbourOf.set(String(r.neighbour_code), Number(r.rank));
	const pool = new Map<string, number>();
	for (const r of rows)
		if (r.value !== null) pool.set(String(r.joint ?? r.area_code), Number(r.value));
	const rank = ranker([...pool.values()], measure.polarity);
	const out: AuthorityRow[] = rows.map((r) => {
		const value = r.value as number | null;
		return {
			code: String(r.area_code),
			name: String(r.area_name),
			region: r.region_code as string | null,
			...publishedValue(r),
			joint: r.joint as string | null,
			band: value === null ? null : rank.band(value),
			rank: value === null ? null : rank.rank(value),
			self: r.area_code === area.code,
			neighbour: neighbourOf.get(String(r.area_code)) ?? null
		};
	});
	let neighbours: Picture['neighbours'] = null;
	if (area.level === 'la') {
		const values = out.filter((r) => r.neighbour !== null && r.value !== null).map((r) => r.value!);
		neighbours = { median: median(values), published: values.length, of: neighbourOf.size };
	}
	return { rows: out, ranked: pool.size, neighbours };
}
