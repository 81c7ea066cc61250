// The reform evaluated on DfE's published statistics: every authority's figure each year, the
// ten areas the programme has named as going live before the national rollout against the
// rest. Public, named figures, the same for every role.
//
// What it can and cannot say. Published figures are annual, so the method is the same as for the
// case data with years for months: each area measured from its mean over the three years before
// its first year live. Only the named areas count as live: the three that tested the model from
// September 2023 (first live in the year ending 31 March 2024) and the seven Families First for
// Children pathfinders of 2024 (taken as first live in the year ending 31 March 2025; the
// programme gives no exact days). Every authority began under the Families First Partnership
// programme from April 2025, so no later year has a comparison group, and the evaluation stops
// at the year ending 31 March 2025. The workforce census is taken on 30 September, so a snapshot
// between the pathfinders' go-lives and April 2025 exists only for 2024: one point, too few to
// tell an effect from a year's noise, and those measures are not evaluated.
import { publishedMeasures, type PublishedMeasure } from '$lib/published/catalogue';
import { staggeredEffect, type EventTimeEstimate, type PanelUnit } from '$lib/stats/staggered';
import type { AnalyticsSession } from '../analytics/duckdb';

const TESTED = 'Tested from September 2023';
const PATHFINDER = 'Families First for Children pathfinder (2024)';

/** The areas the programme named before the national rollout, and their first year live. */
export const NAMED_AREAS = [
	{ code: 'E06000059', name: 'Dorset', wave: TESTED, firstYear: 2024 },
	{ code: 'E10000019', name: 'Lincolnshire', wave: TESTED, firstYear: 2024 },
	{ code: 'E08000031', name: 'Wolverhampton', wave: TESTED, firstYear: 2024 },
	{ code: 'E09000023', name: 'Lewisham', wave: PATHFINDER, firstYear: 2025 },
	{ code: 'E06000032', name: 'Luton', wave: PATHFINDER, firstYear: 2025 },
	{ code: 'E09000026', name: 'Redbridge', wave: PATHFINDER, firstYear: 2025 },
	{ code: 'E08000030', name: 'Walsall', wave: PATHFINDER, firstYear: 2025 },
	{ code: 'E06000007', name: 'Warrington', wave: PATHFINDER, firstYear: 2025 },
	{ code: 'E10000031', name: 'Warwickshire', wave: PATHFINDER, firstYear: 2025 },
	{ code: 'E08000015', name: 'Wirral', wave: PATHFINDER, firstYear: 2025 }
] as const;

/** The last year with authorities not yet live: the national programme began in April 2025. */
export const LAST_YEAR = 2025;
const BASE_YEARS = 3;

/** The published measure standing beside a case-data measure, or null. */
export function publishedMeasureFor(metricId: string): PublishedMeasure | null {
	return publishedMeasures.find((m) => m.metric === metricId) ?? null;
}

/** Why the published measure cannot be evaluated, or null if it can. */
export function publishedNotEvaluable(m: PublishedMeasure): string | null {
	if (m.file === 'csww')
		return 'The workforce census is taken on 30 September; between the pathfinders going live in 2024 and every authority beginning in April 2025 there is one census, too few to tell an effect from a year’s noise.';
	if (m.denominator === null)
		return 'It is a count, which grows with an authority’s size; compare a rate instead.';
	return null;
}

export interface PublishedEvaluation {
	measure: { id: string; title: string; unit: string };
	estimate: number;
	lower: number;
	upper: number;
	years: { from: number; to: number };
	eventTimes: EventTimeEstimate[];
	adopted: { code: string; name: string; wave: string; firstYear: number }[];
	comparison: number;
}

/** Every current authority's published value of the measure each year up to LAST_YEAR. */
async function yearlyValues(
	s: AnalyticsSession,
	id: string
): Promise<{ code: string; year: number; value: number | null }[]> {
	const rows = await s.query(
		`SELECT area_code, year, value FROM published_figures
		WHERE measure = $id AND level = 'la' AND current AND year <= ${LAST_YEAR}
		ORDER BY area_code, year`,
		{ id }
	);
	return rows.map((r) => ({
		code: String(r.area_code),
		year: Number(r.year),
		value: r.value === null ? null : Number(r.value)
	}));
}

const computed = new Map<string, Promise<PublishedEvaluation | null>>();

/** The evaluation on the published figures (kept by published version and measure). */
export function publishedEvaluation(
	s: AnalyticsSession,
	m: PublishedMeasure
): Promise<PublishedEvaluation | null> {
	const key = `${s.dataVersion.version}|${m.id}`;
	let found = computed.get(key);
	if (!found) {
		found = evaluatePublished(s, m);
		found.catch(() => computed.delete(key));
		computed.set(key, found);
		while (computed.size > 32) computed.delete(computed.keys().next().value!);
	}
	return found;
}

async function evaluatePublished(
	s: AnalyticsSession,
	m: PublishedMeasure
): Promise<PublishedEvaluation | null> {
	const values = await yearlyValues(s, m.id);
	const years = [...new Set(values.map((v) => v.year))].sort((a, b) => a - b);
	if (years.length < 2) return null;
	const index = new Map(years.map((y, i) => [y, i]));
	const byCode = new Map<string, (number | null)[]>();
	for (const v of values) {
		let row = byCode.get(v.code);
		if (!row) byCode.set(v.code, (row = years.map(() => null)));
		row[index.get(v.year)!] = v.value;
	}
	const first = new Map<string, number>(NAMED_AREAS.map((a) => [a.code, a.firstYear]));
	const units: PanelUnit[] = [...byCode].map(([code, row]) => ({
		code,
		adopted: first.has(code) ? (index.get(first.get(code)!) ?? null) : null,
		values: row
	}));
	const r = staggeredEffect(units, {
		horizon: 1,
		lead: -4,
		baseWindow: BASE_YEARS,
		replicates: 499
	});
	if (!r) return null;
	const adopted = new Set(r.adopted);
	return {
		measure: { id: m.id, title: m.title, unit: m.unit },
		estimate: r.estimate,
		lower: r.lower,
		upper: r.upper,
		years: { from: years[0]!, to: years.at(-1)! },
		eventTimes: r.eventTimes,
		adopted: NAMED_AREAS.filter((a) => adopted.has(a.code)).map((a) => ({ ...a })),
		comparison: r.notAdopting.length
	};
}
