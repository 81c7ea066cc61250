// The metric engine: every figure the service shows comes from `computeMetrics`, whether a page,
// a CSV export, the board report or the `metrics` command asks. It checks the request, resolves
// the viewer's scope and regime, refuses periods that are not published for that regime,
// fetches summed counts, and assembles values, breakdowns, monthly series with SPC and
// benchmarks — every one through the disclosure rules of its regime, before anything leaves the
// server. Not for: formatting (pages do that) or deciding who the viewer is (auth).
import {
	abuseCategoryCodes,
	ageBands,
	agencies,
	ethnicities,
	referralSourceGroups
} from '$lib/contract/codes';
import { splitOf } from '$lib/metrics/catalogue';
import type {
	Figure,
	KeyFigure,
	MetricResult,
	MetricsResponse,
	MonthFigure
} from '$lib/metrics/result';
import type { BreakdownId, MetricDefinition } from '$lib/metrics/types';
import { NOT_KNOWN } from '$lib/metrics/sql';
import { addMonths, monthStart } from '$lib/stats/dates';
import { xmr } from '$lib/stats/spc';
import { config } from '../../config';
import { dataVersionInService, type AnalyticsSession } from '../duckdb';
import { benchmarksFor } from './benchmarks';
import { publishedBenchmarks } from './published-benchmarks';
import { ResultCache, stableKey } from './cache';
import { countsOf, type Counts, type MetricCounts, type Selection } from './counts';
import { DisclosureError } from './errors';
import { fetchCounts, storeAnswers, type FetchedCounts, type FetchOptions } from './fetch';
import {
	figureOf,
	isPartition,
	medianFigure,
	NO_DATA,
	perKeyTotal,
	splitIsSmall,
	SUPPRESSED,
	wholeOrNone,
	type Regime
} from './figures';
import { assertPublished, isPublished } from './publication';
import { loadDataFacts, type DataFacts } from './data-facts';
import { checkRequest, type MetricRequest } from './check-request';
import { resolveScope, type ResolvedScope } from './scope';

export type { MetricRequest } from './check-request';

const KEY_ORDER: Record<BreakdownId, readonly string[]> = {
	agency: agencies,
	source_group: referralSourceGroups,
	age_band: [...ageBands, NOT_KNOWN],
	ethnicity_group: [...new Set([...Object.values(ethnicities), NOT_KNOWN])],
	category: abuseCategoryCodes,
	team: []
};

/** Months (YYYY-MM) from the month of `from` to the month of `to`. */
export function monthsBetween(from: string, to: string): string[] {
	const out: string[] = [];
	for (let m = monthStart(from); m <= to; m = addMonths(m, 1)) out.push(m.slice(0, 7));
	return out;
}

function chooseBreakdown(
	def: MetricDefinition,
	asked: MetricRequest['breakdown'],
	controlled: boolean
): BreakdownId | null {
	// Team-level figures are detail for those who hold the records, never for others.
	const offered = def.breakdowns.filter((b) => !(controlled && b === 'team'));
	if (asked === 'none') return def.perKey ? (offered[0] ?? null) : null;
	if (asked === undefined || asked === 'default') return offered[0] ?? null;
	if (controlled && asked === 'team')
		throw new DisclosureError('Team-level figures are shown only to those who hold the records.');
	return def.perKey ? (offered[0] ?? null) : offered.includes(asked) ? asked : null;
}

const results = new ResultCache<MetricsResponse>();

/** How the result cache has fared (tests, and the warm-up's check of its own work). */
export function engineCacheStats() {
	return results.stats();
}

/**
 * Computes the metrics a request asks for, or returns the same request's frozen answer from the
 * cache. The key holds the data version, the viewer (role and held authorities) and every
 * option, so nothing is ever shared across scopes or data versions.
 */
export async function computeMetrics(
	session: AnalyticsSession,
	request: MetricRequest
): Promise<MetricsResponse> {
	if (request.cache === false) return compute(session, request);
	// Real data's benchmarks may come from the published statistics: their version is part of
	// the answer.
	const published = session.dataVersion.synthetic
		? null
		: ((await dataVersionInService(config().publishedDbPath))?.version ?? null);
	const key = stableKey({
		...request,
		viewer: { role: request.viewer.role, las: [...request.viewer.las].sort() },
		cache: undefined,
		published
	});
	remember(key, request);
	return results.get(session.dataVersion.version, key, () => compute(session, request));
}

/**
 * The requests most recently asked, each once: a newly loaded file answers them before it is
 * put in service (warm.ts), so the pages people were reading are as quick after a load as
 * before it. Each is computed for the viewer who asked and cached under their key, as if they
 * had asked again.
 */
const recent = new Map<string, MetricRequest>();
const RECENT_KEPT = 300;

function remember(key: string, request: MetricRequest): void {
	recent.delete(key);
	recent.set(key, request);
	if (recent.size > RECENT_KEPT) recent.delete(recent.keys().next().value!);
}

/** The requests most recently asked, the most recent first. */
export function recentRequests(): MetricRequest[] {
	return [...recent.values()].reverse();
}

const NO_COUNTS: FetchedCounts = { cells: [], values: [], sources: new Map() };

/** The counts an area's figures are made from, as its regime allows. */
interface Sources {
	own: FetchedCounts;
	england: Counts | null;
	region: Counts | null;
	/** Every authority's counts for the year, when the period is a published year. */
	everyone: Counts | null;
}

async function compute(
	session: AnalyticsSession,
	request: MetricRequest
): Promise<MetricsResponse> {
	const { defs, visitWorkingDays } = checkRequest(request);
	const facts = await loadDataFacts(session);
	const scope = resolveScope(request.scope, request.viewer, facts);
	const { from, to } = request;
	if (scope.regime !== 'held') {
		if (!facts.period) throw new DisclosureError('No figures are published before data is loaded.');
		assertPublished(scope.regime, from, to, facts.period);
	}
	const monthly = request.monthly === true && scope.regime !== 'single';
	const controlled = scope.regime !== 'held';
	const breakdownOf = new Map(
		defs.map((d) => [d.id, chooseBreakdown(d, request.breakdown, controlled)])
	);
	const base: Omit<FetchOptions, 'las'> = {
		from,
		to,
		visitWorkingDays,
		source: request.source ?? 'auto',
		breakdowns: [],
		monthly: false
	};
	// Regional and England figures exist only in the published roll-up.
	const inRollup = (d: MetricDefinition) =>
		facts.store.rollups && storeAnswers(d, facts, { ...base, las: null });
	// An authority's own figures need every column the metric reads to be known for it; the
	// published roll-ups already leave such authorities out.
	const known = (d: MetricDefinition) =>
		scope.regime === 'aggregate' || !scope.las.some((la) => facts.unknown.get(d.id)?.has(la));
	const present = defs.filter((d) => d.tables.every((t) => facts.tables.has(t)) && known(d));
	const available = scope.regime === 'aggregate' ? present.filter(inRollup) : present;
	// Single authorities' figures resting on a split need the split's own counts too.
	const splits = [...new Set(available.map(splitOf))].filter(
		(d): d is MetricDefinition => d !== null && !available.includes(d)
	);
	const withBreakdown = [...breakdownOf].filter(([, b]) => b !== null).map(([id]) => id);
	const sources = await fetchSources(session, facts, scope, request, {
		available,
		splits,
		base: { ...base, las: null },
		monthly,
		breakdowns: [
			...withBreakdown,
			...available.flatMap((d) => {
				const split = withBreakdown.includes(d.id) ? splitOf(d) : null;
				return split ? [split.id] : [];
			})
		],
		inRollup
	});
	const assemble = (def: MetricDefinition): MetricResult =>
		assembleMetric(def, {
			facts,
			scope,
			request,
			sources,
			monthly,
			available: available.includes(def),
			breakdownBy: breakdownOf.get(def.id) ?? null,
			inRollup: inRollup(def)
		});
	const metrics = defs.map(assemble);
	if (request.benchmarks && scope.kind === 'la' && !session.dataVersion.synthetic)
		await usePublishedBenchmarks(metrics, defs, facts, scope, request);
	return {
		scope: { kind: scope.kind, code: scope.code, name: scope.name, las: scope.las },
		from,
		to,
		role: request.viewer.role,
		controlled,
		dataVersion: session.dataVersion.version,
		metrics
	};
}

/**
 * For one authority's real data in a financial year, DfE's published figures in place of the
 * benchmarks made from this instance's data, for every metric DfE publishes (see
 * published-benchmarks.ts); the comparison with the authorities held stays as it was.
 */
async function usePublishedBenchmarks(
	metrics: MetricResult[],
	defs: MetricDefinition[],
	facts: DataFacts,
	scope: ResolvedScope,
	request: MetricRequest
): Promise<void> {
	const la = scope.las[0]!;
	const found = await publishedBenchmarks({
		la,
		region: scope.region
			? { code: scope.region, name: facts.regions.get(scope.region)?.name ?? scope.region }
			: null,
		from: request.from,
		to: request.to,
		metrics: metrics.map((m, i) => ({
			def: defs[i]!,
			own: { value: m.value, numerator: m.numerator, denominator: m.denominator, symbol: m.symbol }
		}))
	});
	for (const m of metrics) {
		const p = found.get(m.id);
		if (p && m.benchmarks) m.benchmarks = { ...p, authorities: m.benchmarks.authorities };
	}
}

async function fetchSources(
	session: AnalyticsSession,
	facts: DataFacts,
	scope: ResolvedScope,
	request: MetricRequest,
	o: {
		available: MetricDefinition[];
		splits: MetricDefinition[];
		base: FetchOptions;
		monthly: boolean;
		breakdowns: string[];
		inRollup: (d: MetricDefinition) => boolean;
	}
): Promise<Sources> {
	const { available, base } = o;
	const fetch = (defs: MetricDefinition[], options: Partial<FetchOptions>) =>
		defs.length ? fetchCounts(session, facts, defs, { ...base, ...options }) : NO_COUNTS;
	const own = await fetch(scope.regime === 'single' ? [...available, ...o.splits] : available, {
		// England is every authority in the data: no filter to apply.
		las: scope.kind === 'england' ? null : scope.las,
		area:
			scope.regime === 'aggregate'
				? scope.kind === 'england'
					? 'england'
					: scope.code!
				: undefined,
		breakdowns: o.breakdowns,
		monthly: o.monthly,
		combine: true
	});
	const wanted = request.benchmarks || request.authorities;
	const period = facts.period;
	const comparable = available.filter(o.inRollup);
	const aggregatesPublished =
		wanted && period !== null && isPublished('aggregate', base.from, base.to, period);
	const england =
		aggregatesPublished && scope.kind !== 'england'
			? await fetch(comparable, { area: 'england' })
			: null;
	const region =
		aggregatesPublished && scope.region && scope.kind !== 'region'
			? await fetch(comparable, { area: scope.region })
			: null;
	// Single authorities' figures exist for whole financial years, from the store.
	const yearly =
		wanted && period !== null && isPublished('single', base.from, base.to, period)
			? await fetch(
					[...available, ...o.splits].filter((d) => storeAnswers(d, facts, base)),
					{ las: null, source: 'store' }
				)
			: null;
	return { own, england, region, everyone: yearly };
}

interface AssemblyContext {
	facts: DataFacts;
	scope: ResolvedScope;
	request: MetricRequest;
	sources: Sources;
	monthly: boolean;
	available: boolean;
	breakdownBy: BreakdownId | null;
	inRollup: boolean;
}

/** One figure of a metric's counts under a regime (`population`: a share's whole). */
function figureFrom(
	def: MetricDefinition,
	counts: MetricCounts,
	regime: Regime,
	selection: Selection,
	population?: Selection
): Figure {
	if (def.kind === 'median') return medianFigure(counts.histogram(selection), regime);
	const shareOf = def.kind === 'share' ? counts.cell(population ?? selection) : undefined;
	return figureOf(def, counts.cell(selection), regime, shareOf);
}

/**
 * The figures of one metric's counts under a regime. A single authority's figure is suppressed
 * where the split it rests on has a small part (see splitIsSmall), read from `all`'s counts.
 */
function figuresOf(def: MetricDefinition, all: Counts, regime: Regime) {
	const counts = countsOf(all, def.id);
	const split = regime === 'single' ? splitOf(def) : null;
	const splitCounts = split ? countsOf(all, split.id) : null;
	return (selection: Selection, population?: Selection): Figure =>
		splitCounts && splitIsSmall(splitCounts.cell(selection))
			? SUPPRESSED
			: figureFrom(def, counts, regime, selection, population);
}

function assembleMetric(def: MetricDefinition, x: AssemblyContext): MetricResult {
	const { scope, request, sources, monthly } = x;
	const regime = scope.regime;
	const wanted = request.benchmarks || request.authorities;
	const result: MetricResult = {
		id: def.id,
		title: def.title,
		unit: def.unit,
		kind: def.kind,
		polarity: def.polarity,
		experimental: def.experimental === true,
		breakdownBy: x.breakdownBy,
		...NO_DATA,
		source: null,
		breakdown: []
	};
	if (!x.available) {
		if (monthly)
			result.months = monthsBetween(request.from, request.to).map((month) => ({
				month,
				...NO_DATA
			}));
		if (wanted) result.benchmarks = noBenchmarks();
		return result;
	}
	const counts = countsOf(sources.own, def.id);
	const figure = figuresOf(def, sources.own, regime);
	const lastMonth = request.to.slice(0, 7);
	// The period's total: every month for events; the snapshot on `to` for snapshots.
	const inPeriod = (b: string) => !monthly || def.timing === 'event' || b === lastMonth;
	const total = figure({ bucket: inPeriod });
	Object.assign(result, perKeyTotal(def, total), {
		source: sources.own.sources.get(def.id) ?? null
	});

	const by = x.breakdownBy;
	if (by) {
		const order = KEY_ORDER[by];
		const present = counts.keys(by);
		const keys = [...order, ...present.filter((k) => !order.includes(k)).sort()];
		let breakdown: KeyFigure[] = keys.map((key) => ({
			key,
			// Breakdowns are always for the whole period.
			...figure({ bucket: (b) => b === 'total', breakdown: by, key }, { bucket: inPeriod })
		}));
		if (regime === 'single' && isPartition(def)) breakdown = wholeOrNone(breakdown, total);
		result.breakdown = breakdown;
	}

	if (monthly) {
		const series: MonthFigure[] = monthsBetween(request.from, request.to).map((month) => {
			const f = figure({ bucket: (b) => b === month });
			return { month, ...(def.perKey && !def.perKey.pooled ? perKeyTotal(def, f) : f) };
		});
		result.months = series;
		result.spc = xmr(
			series.map((m) => ({ x: m.month, value: m.value })),
			{ polarity: def.polarity }
		);
	}
	if (wanted) {
		const { value, numerator, denominator, symbol } = result;
		result.benchmarks = benchmarksOf(def, x, { value, numerator, denominator, symbol });
	}
	return result;
}

function benchmarksOf(def: MetricDefinition, x: AssemblyContext, own: Figure) {
	const { scope, request, sources } = x;
	const whole = (c: Counts | null) =>
		c && x.inRollup
			? perKeyTotal(def, figuresOf(def, c, 'aggregate')({ bucket: () => true }))
			: null;
	const england = scope.kind === 'england' ? own : whole(sources.england);
	let published: Map<string, Figure> | null = null;
	const held = new Map<string, Figure>();
	if (sources.everyone && sources.everyone.cells.length + sources.everyone.values.length > 0) {
		const single = figuresOf(def, sources.everyone, 'single');
		const exact = figuresOf(def, sources.everyone, 'held');
		const yearly = (la: string, regime: 'single' | 'held') =>
			perKeyTotal(
				def,
				(regime === 'single' ? single : exact)({ las: new Set([la]), bucket: () => true })
			);
		published = new Map([...x.facts.authorities.keys()].map((la) => [la, yearly(la, 'single')]));
		const holds = request.viewer.role === 'national' ? [] : request.viewer.las;
		for (const la of holds) if (x.facts.authorities.has(la)) held.set(la, yearly(la, 'held'));
	}
	return benchmarksFor({
		def,
		facts: x.facts,
		scope,
		viewer: request.viewer,
		own,
		england,
		region: whole(sources.region),
		published,
		held,
		authorities: request.authorities ? (request.group ?? 'england') : null
	});
}

function noBenchmarks() {
	return {
		england: NO_DATA,
		region: null,
		neighbours: null,
		band: null,
		rank: null,
		authorities: null
	};
}
