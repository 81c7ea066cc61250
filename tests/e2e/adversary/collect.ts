// The adversary's harvest: everything one signed-in account can obtain over HTTP, read from the
// page data the browser itself fetches (`__data.json`), turned into facts about areas, periods
// and metrics. Reads both the published shapes it knows of, so the same attacks run against
// any version of the service.
import type { APIRequestContext } from '@playwright/test';
import { unflatten } from 'devalue';
import type { Figure } from '../../../src/lib/metrics/result';
import { addMonths } from '../../../src/lib/stats/dates';

/** A figure as the engine answers it (the adversary reads the same JSON a page does). */
export type Shown = Figure;

export type AreaRef =
	{ kind: 'la'; code: string } | { kind: 'region'; code: string } | { kind: 'england' };

/** A figure the account was given about an area and period. */
export interface Fact {
	metric: string;
	area: AreaRef;
	from: string;
	to: string;
	/** YYYY-MM for one month of a series; null for the period's figure. */
	month: string | null;
	shown: Shown;
	/** The area is one the account holds (its figures are exact). */
	held: boolean;
	/** The figure was rounded (regions and England for those who do not hold them). */
	rounded: boolean;
}

/** Another authority's point in a comparison, as given (named or not). */
export interface Point extends Shown {
	code: string | null;
	neighbour?: boolean;
	sameRegion?: boolean;
	size?: { from: number; to: number | null } | null;
}

export interface PointList {
	metric: string;
	from: string;
	to: string;
	points: Point[];
	/** Authorities left out of `points` as suppressed (when the list says so). */
	suppressed: number | null;
}

export interface Median {
	metric: string;
	la: string;
	from: string;
	to: string;
	value: number | null;
	published: number;
	of: number;
}

export interface Harvest {
	facts: Fact[];
	lists: PointList[];
	medians: Median[];
	/** Requests made, by attack class. */
	requests: Map<string, number>;
	/** Requests refused (400 or 404), by attack class. */
	refused: Map<string, number>;
}

export function emptyHarvest(): Harvest {
	return { facts: [], lists: [], medians: [], requests: new Map(), refused: new Map() };
}

const bump = (m: Map<string, number>, k: string) => m.set(k, (m.get(k) ?? 0) + 1);

/** The page's own data (the last node) as the browser receives it, or null when refused. */
export async function pageData(
	request: APIRequestContext,
	path: string,
	params: Record<string, string>,
	harvest: Harvest,
	attack: string
): Promise<Record<string, unknown> | null> {
	const base = path === '/' ? '' : path;
	const url = `${base}/__data.json?${new URLSearchParams(params)}`;
	const res = await request.get(url, { maxRedirects: 0 });
	bump(harvest.requests, attack);
	if (res.status() !== 200) throw new Error(`${url}: status ${res.status()}`);
	const body = (await res.json()) as { type: string; nodes?: { type: string; data?: unknown[] }[] };
	const node = body.nodes?.at(-1);
	if (!node || node.type !== 'data' || !node.data) {
		bump(harvest.refused, attack);
		return null;
	}
	return unflatten(node.data) as Record<string, unknown>;
}

interface MetricLike extends Shown {
	id: string;
	months?: (Shown & { month: string })[];
	benchmarks?: {
		england: Shown | null;
		region: (Shown & { code: string }) | null;
		neighbours: { value: number | null; published: number; of: number } | null;
		authorities: unknown;
	};
}

/** The facts in one metric of a page, for an area and period. */
export function factsOf(
	m: MetricLike,
	area: AreaRef,
	period: { from: string; to: string },
	held: boolean,
	regionOf: (la: string) => string
): Fact[] {
	const rounded = !held && area.kind !== 'la';
	const fact = (a: AreaRef, month: string | null, shown: Shown, r: boolean, h = false): Fact => ({
		metric: m.id,
		area: a,
		...period,
		month,
		shown: pick(shown),
		held: h,
		rounded: r
	});
	const out = [fact(area, null, m, rounded, held)];
	for (const x of m.months ?? []) out.push(fact(area, x.month, x, rounded, held));
	const b = m.benchmarks;
	if (b?.england) out.push(fact({ kind: 'england' }, null, b.england, true));
	if (b?.region && area.kind === 'la')
		out.push(fact({ kind: 'region', code: regionOf(area.code) }, null, b.region, true));
	return out;
}

function pick(s: Shown): Shown {
	return { value: s.value, numerator: s.numerator, denominator: s.denominator, symbol: s.symbol };
}

/** A measure as a theme page's at-a-glance row sends it: a value, a symbol and a sparkline. */
interface TileLike {
	id: string;
	value: number | null;
	symbol: Shown['symbol'];
	spark: (number | null)[];
	months: { first: string; last: string } | null;
}

/** A glance row as the metric it shows: its value, and each month the sparkline draws. */
function tileAsMetric(t: TileLike): MetricLike {
	const monthAt = (i: number) => addMonths(`${t.months?.first ?? '2000-01'}-01`, i).slice(0, 7);
	return {
		id: t.id,
		value: t.value,
		numerator: null,
		denominator: null,
		symbol: t.symbol,
		months: t.spark.flatMap((v, i) =>
			v === null
				? []
				: [{ month: monthAt(i), value: v, numerator: null, denominator: null, symbol: null }]
		)
	};
}

/** Every metric a theme page or a metric page carries: the detail, and each glance row. */
export function metricsOf(data: Record<string, unknown>): MetricLike[] {
	const result = data.result as { metrics?: MetricLike[] } | undefined;
	const one = data.metric as MetricLike | undefined;
	const glance = (data.glance as { tile: TileLike }[] | undefined) ?? [];
	return [
		...(result?.metrics ?? []),
		...(one ? [one] : []),
		...glance.filter((g) => g.tile.id !== one?.id).map((g) => tileAsMetric(g.tile))
	];
}

/** The neighbour median a page gives for a single authority, if any. */
export function medianOf(
	m: MetricLike,
	la: string,
	period: { from: string; to: string }
): Median | null {
	const n = m.benchmarks?.neighbours;
	return n
		? { metric: m.id, la, ...period, value: n.value, published: n.published, of: n.of }
		: null;
}

/** The comparison points on a compare page, in either published shape. */
export function pointsOf(m: MetricLike, period: { from: string; to: string }): PointList | null {
	const a = m.benchmarks?.authorities as unknown;
	if (!a) return null;
	if (Array.isArray(a)) {
		return {
			metric: m.id,
			...period,
			points: (
				a as (Shown & { code: string | null; neighbour?: boolean; sameRegion?: boolean })[]
			).map((p) => ({
				...pick(p),
				code: p.code,
				neighbour: p.neighbour,
				sameRegion: p.sameRegion
			})),
			suppressed: null
		};
	}
	const c = a as {
		named: (Shown & { code: string })[];
		anonymous: { value: number; size: { from: number; to: number | null } | null }[];
		suppressed: number;
	};
	return {
		metric: m.id,
		...period,
		points: [
			...c.named.map((p) => ({ ...pick(p), code: p.code })),
			...c.anonymous.map((p) => ({
				value: p.value,
				numerator: null,
				denominator: null,
				symbol: null,
				code: null,
				size: p.size
			}))
		],
		suppressed: c.suppressed
	};
}
