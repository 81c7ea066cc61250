// The metric engine: every figure the service shows comes from `computeMetrics`, whether a page,
// a CSV export, the board report or the `metrics` command asks. It resolves the viewer's scope,
// fetches summed counts (pre-aggregated store or case tables), builds values, breakdowns,
// monthly series with SPC and benchmarks, and applies disclosure control before anything
// leaves the server. Not for: formatting (pages do that) or deciding who the viewer is (auth).
import {
	catalogue,
	DEFAULT_VISIT_WORKING_DAYS,
	findMetric,
	isBreakdownId
} from '$lib/metrics/catalogue';
import type { BreakdownId, MetricDefinition } from '$lib/metrics/types';
import { NOT_KNOWN } from '$lib/metrics/sql';
import { abuseCategoryCodes, ageBands, agencies, referralSourceGroups } from '$lib/contract/codes';
import { dayNumber, monthStart, addMonths } from '$lib/stats/dates';
import { secondarySuppression, type GssSymbol } from '$lib/stats/disclosure';
import { funnelPosition, type FunnelPosition } from '$lib/stats/funnel';
import { median, quartileBand, rank, ranker, type Band } from '$lib/stats/quartiles';
import { xmr, type SpcResult } from '$lib/stats/spc';
import type { AnalyticsSession } from '../duckdb';
import { ResultCache, stableKey } from './cache';
import { DisclosureError, MetricRequestError } from './errors';
import {
	addCells,
	EMPTY_CELL,
	figureOf,
	medianFigure,
	NO_DATA,
	SUPPRESSED,
	type Cell,
	type DisclosureOptions,
	type Figure
} from './figures';
import { fetchPartials, type CellRow, type Partials, type Source, type ValueRow } from './partials';
import { loadReference, type Reference } from './reference';
import {
	assertControlledPeriod,
	isFinancialYear,
	resolveScope,
	type ResolvedScope,
	type Scope,
	type Viewer
} from './scope';

export interface MetricRequest {
	scope: Scope;
	viewer: Viewer;
	from: string;
	to: string;
	/** Metric ids; all metrics when absent. */
	ids?: string[];
	/** 'default': each metric's first breakdown; 'none'; or one breakdown for every metric offering it. */
	breakdown?: BreakdownId | 'default' | 'none';
	/** Add the monthly series with SPC. */
	monthly?: boolean;
	/** Add statistical-neighbour, regional and England benchmarks, band and rank. */
	benchmarks?: boolean;
	/** Add every authority's figure (for funnel plots and rankings). */
	authorities?: boolean;
	visitWorkingDays?: number;
	/** Force the source of the counts (benchmarks and tests); 'auto' by default. */
	source?: 'auto' | Source;
	/** Use the result cache (default); false computes afresh (the benchmark's engine timings). */
	cache?: boolean;
}

export interface KeyFigure extends Figure {
	key: string;
}

export interface MonthFigure extends Figure {
	month: string;
}

export interface AuthorityFigure extends Figure {
	/** Null when the viewer may not know which authority this is. */
	code: string | null;
	name: string | null;
	regionCode: string | null;
	self: boolean;
	/** One of the scope's statistical neighbours (a single-authority scope only). */
	neighbour: boolean;
	/** In the scope's region. */
	sameRegion: boolean;
	/** Quartile band and rank among all authorities with a published value. */
	band: Band | null;
	rank: number | null;
	funnel: FunnelPosition | null;
}

export interface Benchmarks {
	england: Figure;
	region: (Figure & { code: string; name: string }) | null;
	neighbours: { value: number | null; published: number; of: number } | null;
	band: Band | null;
	rank: { position: number; of: number } | null;
	/** Every authority's figure, or null when disclosure control does not allow it for this period. */
	authorities: AuthorityFigure[] | null;
}

export interface MetricResult extends Figure {
	id: string;
	title: string;
	unit: string;
	kind: MetricDefinition['kind'];
	polarity: MetricDefinition['polarity'];
	experimental: boolean;
	/** Where the counts came from; null when the metric has no data. */
	source: Source | null;
	breakdownBy: BreakdownId | null;
	breakdown: KeyFigure[];
	months?: MonthFigure[];
	spc?: SpcResult;
	benchmarks?: Benchmarks;
}

export interface MetricsResponse {
	scope: { kind: Scope['kind']; code: string | null; name: string; las: string[] };
	from: string;
	to: string;
	role: Viewer['role'];
	controlled: boolean;
	dataVersion: string;
	metrics: MetricResult[];
}

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

function checkDate(name: string, value: string): void {
	if (
		!ISO_DATE.test(value) ||
		Number.isNaN(Date.parse(`${value}T00:00:00Z`)) ||
		new Date(`${value}T00:00:00Z`).toISOString().slice(0, 10) !== value
	)
		throw new MetricRequestError(
			`${name} must be a date written YYYY-MM-DD; got ${JSON.stringify(value)}.`
		);
}

const KEY_ORDER: Record<BreakdownId, readonly string[]> = {
	agency: agencies,
	source_group: referralSourceGroups,
	age_band: [...ageBands, NOT_KNOWN],
	ethnicity_group: ['White', 'Mixed', 'Asian', 'Black', 'Other', NOT_KNOWN],
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

/** Sums of cells and value distributions for one metric, indexed by authority for assembly. */
class MetricCounts {
	private readonly cellsByLa = new Map<string, CellRow[]>();
	private readonly valuesByLa = new Map<string, ValueRow[]>();

	constructor(
		private readonly cells: CellRow[],
		private readonly values: ValueRow[]
	) {
		for (const r of cells) this.cellsByLa.set(r.la, [...(this.cellsByLa.get(r.la) ?? []), r]);
		for (const r of values) this.valuesByLa.set(r.la, [...(this.valuesByLa.get(r.la) ?? []), r]);
	}

	private rows<T>(all: T[], byLa: Map<string, T[]>, las: Set<string> | null): Iterable<T> {
		return las ? [...las].flatMap((la) => byLa.get(la) ?? []) : all;
	}

	cell(las: Set<string> | null, bucket: (b: string) => boolean, breakdown = '', key = ''): Cell {
		let c = EMPTY_CELL;
		for (const r of this.rows(this.cells, this.cellsByLa, las))
			if (r.breakdown === breakdown && r.key === key && bucket(r.bucket)) c = addCells(c, r);
		return c;
	}

	histogram(
		las: Set<string> | null,
		bucket: (b: string) => boolean,
		breakdown = '',
		key = ''
	): Map<number, number> {
		const h = new Map<number, number>();
		for (const r of this.rows(this.values, this.valuesByLa, las))
			if (r.breakdown === breakdown && r.key === key && bucket(r.bucket))
				h.set(r.value, (h.get(r.value) ?? 0) + r.n);
		return h;
	}

	keys(breakdown: string): string[] {
		const present = new Set<string>();
		for (const r of this.cells) if (r.breakdown === breakdown) present.add(r.key);
		for (const r of this.values) if (r.breakdown === breakdown) present.add(r.key);
		return [...present];
	}
}

function split(p: Partials, id: string): MetricCounts {
	return new MetricCounts(
		p.cells.filter((r) => r.metric === id),
		p.values.filter((r) => r.metric === id)
	);
}

function figure(
	def: MetricDefinition,
	counts: MetricCounts,
	las: Set<string> | null,
	bucket: (b: string) => boolean,
	o: DisclosureOptions,
	breakdown = '',
	key = '',
	/** Which rows hold the whole population a share is taken of. */
	population: (b: string) => boolean = bucket
): Figure {
	if (def.kind === 'median') return medianFigure(counts.histogram(las, bucket, breakdown, key), o);
	const cell = counts.cell(las, bucket, breakdown, key);
	const shareOf = def.kind === 'share' ? counts.cell(las, population) : undefined;
	return figureOf(def, cell, o, shareOf);
}

/** The figure shown for the whole population of a per-key measure. */
function perKeyTotal(def: MetricDefinition, total: Figure): Figure {
	if (!def.perKey || def.perKey.pooled) return total;
	// A share's population is worth showing; pooling per-agency rates is not a published measure.
	if (def.kind === 'share' && total.symbol !== 'c')
		return { value: null, numerator: null, denominator: total.denominator, symbol: 'z' };
	return {
		value: null,
		numerator: null,
		denominator: null,
		symbol: total.symbol === 'c' ? 'c' : 'z'
	};
}

/** Suppresses extra cells of a partition so that no suppressed one can be recovered from the total. */
function protectPartition<T extends Figure>(cells: T[], rawCounts: number[][], total: Figure): T[] {
	const extra = secondarySuppression(
		cells.map((c, i) => ({ counts: rawCounts[i]!, suppressed: c.symbol === 'c' })),
		total.symbol !== 'c'
	);
	return cells.map((c, i) => (extra.includes(i) ? { ...c, ...SUPPRESSED } : c));
}

function rawCounts(
	def: MetricDefinition,
	counts: MetricCounts,
	las: Set<string> | null,
	bucket: (b: string) => boolean,
	breakdown = '',
	key = ''
): number[] {
	if (def.kind === 'median') {
		let n = 0;
		for (const v of counts.histogram(las, bucket, breakdown, key).values()) n += v;
		return [n];
	}
	const c = counts.cell(las, bucket, breakdown, key);
	return [c.numN, c.denN];
}

const results = new ResultCache<MetricsResponse>();

/**
 * Computes the metrics a request asks for, or returns the same request's frozen answer from the
 * cache. The key holds the data version, the viewer (role and held authorities) and every
 * option, so nothing is ever shared across scopes or data versions.
 */
export function computeMetrics(
	session: AnalyticsSession,
	request: MetricRequest
): Promise<MetricsResponse> {
	if (request.cache === false) return compute(session, request);
	const key = stableKey({
		...request,
		viewer: { role: request.viewer.role, las: [...request.viewer.las].sort() },
		cache: undefined
	});
	return results.get(session.dataVersion.version, key, () => compute(session, request));
}

async function compute(
	session: AnalyticsSession,
	request: MetricRequest
): Promise<MetricsResponse> {
	checkDate('from', request.from);
	checkDate('to', request.to);
	if (request.from > request.to) throw new MetricRequestError('from must not be after to.');
	if (dayNumber(request.to) - dayNumber(request.from) > 366 * 10)
		throw new MetricRequestError('A period may span at most ten years.');
	const visitWorkingDays = request.visitWorkingDays ?? DEFAULT_VISIT_WORKING_DAYS;
	if (!Number.isInteger(visitWorkingDays) || visitWorkingDays < 1 || visitWorkingDays > 60)
		throw new MetricRequestError(
			'The visiting standard must be a whole number of working days from 1 to 60.'
		);
	if (
		request.breakdown &&
		!['default', 'none'].includes(request.breakdown) &&
		!isBreakdownId(request.breakdown)
	)
		throw new MetricRequestError(`Unknown breakdown ${JSON.stringify(request.breakdown)}.`);
	const defs = (request.ids ?? catalogue.map((m) => m.id)).map((id) => {
		const def = findMetric(id);
		if (!def) throw new MetricRequestError(`Unknown metric ${JSON.stringify(id)}.`);
		return def;
	});

	const ref = await loadReference(session);
	const scope = resolveScope(request.scope, request.viewer, ref);
	if (scope.controlled && !scope.rounded) assertControlledPeriod(request.from, request.to);
	const disclosure: DisclosureOptions = { controlled: scope.controlled, rounded: scope.rounded };

	const available = defs.filter((d) => d.tables.every((t) => ref.tables.has(t)));
	const breakdownOf = new Map(
		defs.map((d) => [d.id, chooseBreakdown(d, request.breakdown, scope.controlled)])
	);
	const monthly = request.monthly === true;
	const common = {
		from: request.from,
		to: request.to,
		visitWorkingDays,
		source: request.source ?? 'auto'
	} as const;
	const own = available.length
		? await fetchPartials(session, ref, available, {
				...common,
				// England is every authority in the data: no filter to apply.
				las: scope.kind === 'england' ? null : scope.las,
				breakdowns: [...breakdownOf].filter(([, b]) => b !== null).map(([id]) => id),
				monthly,
				combine: true
			})
		: { cells: [], values: [], sources: new Map<string, Source>() };
	const all =
		request.benchmarks || request.authorities
			? available.length
				? await fetchPartials(session, ref, available, {
						...common,
						las: null,
						breakdowns: [],
						monthly: false
					})
				: { cells: [], values: [], sources: new Map<string, Source>() }
			: null;

	const months = monthly ? monthsBetween(request.from, request.to) : [];
	const lastMonth = request.to.slice(0, 7);
	// The scope's counts come back already added up across its authorities.
	const scopeLas = null;

	const metrics = defs.map((def): MetricResult => {
		const base = {
			id: def.id,
			title: def.title,
			unit: def.unit,
			kind: def.kind,
			polarity: def.polarity,
			experimental: def.experimental === true,
			breakdownBy: breakdownOf.get(def.id) ?? null
		};
		if (!available.includes(def)) {
			return {
				...base,
				...NO_DATA,
				source: null,
				breakdown: [],
				...(monthly ? { months: months.map((month) => ({ month, ...NO_DATA })) } : {}),
				...(request.benchmarks || request.authorities ? { benchmarks: noDataBenchmarks() } : {})
			};
		}
		const counts = split(own, def.id);
		// The period's total: every month for events; the snapshot on `to` for snapshots.
		const inPeriod = (b: string) =>
			!monthly ? true : def.timing === 'event' ? true : b === lastMonth;
		const total = figure(def, counts, scopeLas, inPeriod, disclosure);
		const shownTotal = perKeyTotal(def, total);

		let breakdown: KeyFigure[] = [];
		const by = base.breakdownBy;
		// Breakdowns are always fetched for the whole period.
		const overPeriod = (b: string) => b === 'total';
		if (by) {
			const order = KEY_ORDER[by];
			const present = counts.keys(by);
			const keys = [...order, ...present.filter((k) => !order.includes(k)).sort()];
			breakdown = keys.map((key) => ({
				key,
				...figure(def, counts, scopeLas, overPeriod, disclosure, by, key, inPeriod)
			}));
			const partition = !def.perKey || def.perKey.pooled || def.kind === 'share';
			if (disclosure.controlled && partition) {
				breakdown = protectPartition(
					breakdown,
					keys.map((key) => rawCounts(def, counts, scopeLas, overPeriod, by, key)),
					total
				);
			}
		}

		const result: MetricResult = {
			...base,
			...shownTotal,
			source: own.sources.get(def.id) ?? null,
			breakdown
		};
		if (monthly) {
			let series: MonthFigure[] = months.map((month) => {
				const f = figure(def, counts, scopeLas, (b) => b === month, disclosure);
				return { month, ...(def.perKey && !def.perKey.pooled ? perKeyTotal(def, f) : f) };
			});
			// Months of an event measure add up to the period's total; snapshots do not.
			if (disclosure.controlled && def.timing === 'event') {
				series = protectPartition(
					series,
					months.map((m) => rawCounts(def, counts, scopeLas, (b) => b === m)),
					total
				);
			}
			result.months = series;
			result.spc = xmr(
				series.map((m) => ({ x: m.month, value: m.value })),
				{ polarity: def.polarity }
			);
		}
		if (all) {
			const { value, numerator, denominator, symbol } = result;
			const figure = { value, numerator, denominator, symbol };
			result.benchmarks = benchmarks(def, split(all, def.id), ref, scope, request, figure);
		}
		return result;
	});

	return {
		scope: { kind: scope.kind, code: scope.code, name: scope.name, las: scope.las },
		from: request.from,
		to: request.to,
		role: request.viewer.role,
		controlled: scope.controlled,
		dataVersion: session.dataVersion.version,
		metrics
	};
}

function noDataBenchmarks(): Benchmarks {
	return {
		england: NO_DATA,
		region: null,
		neighbours: null,
		band: null,
		rank: null,
		authorities: null
	};
}

function benchmarks(
	def: MetricDefinition,
	counts: MetricCounts,
	ref: Reference,
	scope: ResolvedScope,
	request: MetricRequest,
	own: Figure
): Benchmarks {
	const everyone = () => true;
	// Other authorities' figures are always under disclosure control; aggregates are rounded.
	const single: DisclosureOptions = { controlled: true, rounded: false };
	const aggregate: DisclosureOptions = { controlled: true, rounded: true };
	const fig = (las: string[], o: DisclosureOptions) => {
		const f = figure(def, counts, new Set(las), everyone, o);
		return perKeyTotal(def, f);
	};
	const byLa = new Map([...ref.authorities.keys()].map((la) => [la, fig([la], single)]));
	const england = fig([...ref.authorities.keys()], aggregate);
	const region =
		scope.region && scope.kind !== 'region'
			? {
					code: scope.region,
					name: ref.regions.get(scope.region)!.name,
					...fig(ref.regions.get(scope.region)!.las, aggregate)
				}
			: null;

	let neighbours: Benchmarks['neighbours'] = null;
	let band: Band | null = null;
	let position: Benchmarks['rank'] = null;
	if (scope.kind === 'la') {
		const la = scope.las[0]!;
		const list = ref.neighbours.get(la) ?? [];
		// Only published values enter the median, so it can never reveal a suppressed one.
		const values = list.map((n) => byLa.get(n)!.value).filter((v): v is number => v !== null);
		neighbours = { value: median(values), published: values.length, of: list.length };
		if (own.value !== null) {
			const others = [...byLa]
				.filter(([code, f]) => code !== la && f.value !== null)
				.map(([, f]) => f.value!);
			const pool = [...others, own.value];
			band = quartileBand(pool, own.value, def.polarity);
			const r = rank(pool, own.value, def.polarity);
			position = r === null ? null : { position: r, of: pool.length };
		}
	}

	let authorities: AuthorityFigure[] | null = null;
	if (request.authorities && isFinancialYear(request.from, request.to)) {
		const centre = def.kind === 'proportion' ? england.value : null;
		const named = request.viewer.role === 'national';
		const selfCode = scope.kind === 'la' ? scope.las[0]! : null;
		const neighbourSet = new Set(selfCode ? (ref.neighbours.get(selfCode) ?? []) : []);
		// Authorities the viewer holds are named to them; every other one stays anonymous.
		const held = new Set(named ? [] : request.viewer.las);
		const figures = [...ref.authorities.values()].map((a) => ({
			a,
			f: a.code === selfCode ? own : byLa.get(a.code)!
		}));
		const ranks = ranker(
			figures.flatMap(({ f }) => (f.value === null ? [] : [f.value])),
			def.polarity
		);
		authorities = figures.map(({ a, f }) => {
			const self = a.code === selfCode;
			const show = named || self || held.has(a.code);
			return {
				code: show ? a.code : null,
				name: show ? a.name : null,
				regionCode: show ? a.regionCode : null,
				self,
				neighbour: neighbourSet.has(a.code),
				sameRegion: scope.region !== null && a.regionCode === scope.region,
				...f,
				band: f.value === null ? null : ranks.band(f.value),
				rank: f.value === null ? null : ranks.rank(f.value),
				funnel:
					centre !== null && f.value !== null && f.denominator
						? funnelPosition(f.value, f.denominator, centre)
						: null
			};
		});
		// Anonymised points carry no order that could identify them.
		if (!named)
			authorities.sort(
				(x, y) => (x.value ?? -1) - (y.value ?? -1) || (x.denominator ?? 0) - (y.denominator ?? 0)
			);
	}
	return { england, region, neighbours, band, rank: position, authorities };
}

export type { Figure, GssSymbol };
