// The at-a-glance summaries built from a metric-engine response: one tile per headline metric
// and the list of signals. Pure, so the overview and the board report show the same thing and
// a test can check it without a server. Only what a tile shows is kept: the browser never
// receives more than the page needs.
import type { ComparisonGroup } from '$lib/metrics/result';
import type { MetricsResponse, MetricResult } from '$lib/metrics/result';
import { catalogue } from '$lib/metrics/catalogue';
import { themes } from '$lib/metrics/themes';
import type { GssSymbol, PublishedCommentary } from '$lib/metrics/result';
import { addMonths } from '$lib/stats/dates';
import type { AssuranceIcon, VariationIcon } from '$lib/stats/spc';

export interface Comparator {
	label: string;
	value: number | null;
	symbol: GssSymbol | null;
}

export interface Tile {
	id: string;
	theme: string;
	title: string;
	kind: string;
	unit: string;
	polarity: string;
	value: number | null;
	symbol: GssSymbol | null;
	comparator: Comparator | null;
	band: string | null;
	rank: { position: number; of: number } | null;
	variation: { icon: VariationIcon; words: string } | null;
	/** The area's target for the measure in the last month, when it has one. */
	target: number | null;
	/** The area's published commentary for the period, when it has one. */
	commentary: PublishedCommentary | null;
	/** Whether the process meets the target (null without a target or too few months). */
	assurance: { icon: AssuranceIcon; words: string } | null;
	/** Monthly values for the sparkline, oldest first; null where a month has no figure. */
	spark: (number | null)[];
	months: { first: string; last: string } | null;
}

export interface Signal {
	id: string;
	theme: string;
	title: string;
	icon: VariationIcon;
	words: string;
	month: string;
	value: number | null;
	kind: string;
	unit: string;
}

const THEME_ORDER = [...themes.map((t) => t.id as string), 'context'];
const themeOf = new Map(catalogue.map((d) => [d.id, d.theme as string]));
const headlines = new Set(catalogue.filter((d) => d.headline).map((d) => d.id));

function comparator(m: MetricResult, group: ComparisonGroup): Comparator | null {
	const b = m.benchmarks;
	if (!b) return null;
	if (group === 'neighbours')
		return b.neighbours
			? {
					label: `Statistical neighbours (median of ${b.neighbours.published})`,
					value: b.neighbours.value,
					symbol: b.neighbours.value === null ? 'z' : null
				}
			: null;
	if (group === 'region')
		return b.region
			? { label: b.region.name, value: b.region.value, symbol: b.region.symbol }
			: null;
	return b.england ? { label: 'England', value: b.england.value, symbol: b.england.symbol } : null;
}

/** One metric at a glance, compared with `group` (England where the group does not apply). */
export function tileOf(m: MetricResult, group: ComparisonGroup): Tile {
	return {
		id: m.id,
		theme: themeOf.get(m.id) ?? 'context',
		title: m.title,
		kind: m.kind,
		unit: m.unit,
		polarity: m.polarity,
		value: m.value,
		symbol: m.symbol,
		comparator: comparator(m, group) ?? comparator(m, 'england'),
		band: m.benchmarks?.band ?? null,
		rank: m.benchmarks?.rank ?? null,
		variation: m.spc ? m.spc.variation : null,
		target: m.spc?.target ?? null,
		commentary: m.commentary ?? null,
		assurance: m.spc?.assurance
			? { icon: m.spc.assurance.icon, words: m.spc.assurance.words }
			: null,
		spark: (m.months ?? []).map((x) => x.value),
		months: m.months?.length
			? { first: m.months[0]!.month, last: m.months[m.months.length - 1]!.month }
			: null
	};
}

/**
 * The first and last months a tile's sparkline draws a figure for (`YYYY-MM`), to say in words
 * what the line shows; null when fewer than two months have one.
 */
export function sparkEnds(
	t: Pick<Tile, 'spark' | 'months'>
): { first: { month: string; value: number }; last: { month: string; value: number } } | null {
	if (!t.months) return null;
	const start = `${t.months.first}-01`;
	const known = t.spark.flatMap((value, i) =>
		value === null ? [] : [{ month: addMonths(start, i).slice(0, 7), value }]
	);
	return known.length < 2 ? null : { first: known[0]!, last: known[known.length - 1]! };
}

export function tilesOf(result: MetricsResponse, group: ComparisonGroup): Tile[] {
	const tiles = result.metrics.filter((m) => headlines.has(m.id)).map((m) => tileOf(m, group));
	return tiles.sort((a, b) => THEME_ORDER.indexOf(a.theme) - THEME_ORDER.indexOf(b.theme));
}

const SEVERITY: Record<string, number> = { concern: 0, neither: 1, improvement: 2 };

/** Metrics whose latest month is a special-cause signal: concerns first, then the rest. */
export function signalsOf(result: MetricsResponse): Signal[] {
	const out: (Signal & { order: number })[] = [];
	for (const m of result.metrics) {
		const v = m.spc?.variation;
		if (!v || v.icon === 'common_cause' || v.icon === 'insufficient_data') continue;
		const last = [...(m.months ?? [])].reverse().find((x) => x.value !== null);
		const theme = themeOf.get(m.id) ?? 'context';
		out.push({
			id: m.id,
			theme,
			title: m.title,
			icon: v.icon,
			words: v.words,
			month: last?.month ?? result.to.slice(0, 7),
			value: last?.value ?? null,
			kind: m.kind,
			unit: m.unit,
			order: (SEVERITY[v.icon.split('_')[0]!] ?? 3) * 100 + THEME_ORDER.indexOf(theme)
		});
	}
	return out.sort((a, b) => a.order - b.order).map(({ order: _o, ...s }) => (void _o, s));
}
