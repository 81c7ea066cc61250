// What the reform tracker's pages show, for a viewer: where multi-agency child protection teams
// are live (the rollout), and whether a measure changed where they went live (the evaluation).
//
// Who sees what. Which authorities run the new model is public policy, not data about children,
// but the product's rule holds here too: national users see authorities by name; directors and
// partners see counts, and their own authorities by name. The evaluation is made from values
// protected as the published figures are (evaluation.ts: small denominators left out, small
// numerators counted as their expected value), so it tells nobody more than the published
// figures do; and every group it reports holds at least five authorities, so no figure is one
// authority's own. Authorities that went live are named to national users, with their go-live,
// but an authority's own figures before and after it are shown only to those who hold it: to
// anyone else an authority's figures exist only for whole financial years (docs/disclosure.md),
// and its page, which the name links to, gives those.
import type { MetricDefinition } from '$lib/metrics/types';
import { MIN_VALUES_FOR_MEDIAN } from '$lib/stats/disclosure';
import { addMonths, monthStart } from '$lib/stats/dates';
import type { DataFacts } from '../analytics/engine/data-facts';
import type { Viewer } from '../analytics/engine/scope';
import type { AnalyticsSession } from '../analytics/duckdb';
import type { ReformEntry } from '../db/schema';
import type { Element } from './elements';
import { STAGE_LABELS } from './elements';
import {
	evaluate,
	goLivesFrom,
	monthlyValuesBoth,
	type Evaluation,
	type GoLiveSource,
	type MonthValue
} from './evaluation';

/** Authorities a reported group needs: fewer, and a figure could be one authority's own. */
export const MIN_GROUP = MIN_VALUES_FOR_MEDIAN;

export type Register = Map<string, Partial<Record<Element, ReformEntry>>>;

export interface AuthorityStage {
	code: string;
	name: string;
	regionName: string;
	stage: 'live' | 'planned' | 'not_started';
	/** The day it went (or is planned to go) live. */
	date: string | null;
	source: GoLiveSource | null;
	/** The programme wave, in words, when recorded. */
	wave: string | null;
}

/** Every authority's multi-agency team now: the register's entry, else the simulated go-live. */
export function stagesNow(
	facts: DataFacts,
	register: Register,
	simulated: Record<string, string>
): AuthorityStage[] {
	const { goLive, source } = goLivesFrom(register, simulated);
	return [...facts.authorities.values()].map((a) => {
		const entry = register.get(a.code)?.macpt;
		const live = goLive[a.code];
		const wave = register.get(a.code)?.programme?.stage;
		const stage: AuthorityStage['stage'] = live
			? 'live'
			: entry?.stage === 'planned'
				? 'planned'
				: 'not_started';
		return {
			code: a.code,
			name: a.name,
			regionName: a.regionName,
			stage,
			date: live ?? (stage === 'planned' ? entry!.date : null),
			source: live ? source[a.code]! : entry ? 'register' : null,
			wave: wave ? (STAGE_LABELS[wave] ?? wave) : null
		};
	});
}

export const STAGE_WORDS: Record<AuthorityStage['stage'], string> = {
	live: 'Live',
	planned: 'Planned',
	not_started: 'Not started'
};

const STAGE_ORDER: AuthorityStage['stage'][] = ['live', 'planned', 'not_started'];

export interface RolloutView {
	/** Whether authorities other than the viewer's own are named. */
	named: boolean;
	totals: Record<AuthorityStage['stage'], number>;
	byRegion: { region: string; live: number; planned: number; notStarted: number }[];
	/** Authorities live at the end of each month, England and each region (first of month). */
	overTime: { month: string; live: number; byRegion: Record<string, number> }[];
	/**
	 * Named authorities: every one for national users, the viewer's own otherwise; live first,
	 * then planned, then not started, each by date and name.
	 */
	authorities: AuthorityStage[];
	/** Whether any go-live shown comes from the simulation rather than the register. */
	simulated: boolean;
}

export function rolloutView(
	facts: DataFacts,
	viewer: Viewer,
	stages: AuthorityStage[]
): RolloutView {
	const named = viewer.role === 'national';
	const own = new Set(viewer.las);
	const totals = { live: 0, planned: 0, not_started: 0 };
	for (const s of stages) totals[s.stage]++;
	const byRegion = [...facts.regions.values()].map((r) => {
		const mine = stages.filter((s) => s.regionName === r.name);
		return {
			region: r.name,
			live: mine.filter((s) => s.stage === 'live').length,
			planned: mine.filter((s) => s.stage === 'planned').length,
			notStarted: mine.filter((s) => s.stage === 'not_started').length
		};
	});
	const live = stages.filter((s) => s.stage === 'live' && s.date);
	const overTime: RolloutView['overTime'] = [];
	if (live.length) {
		const first = addMonths(monthStart(live.map((s) => s.date!).sort()[0]!), -1);
		const lastLive = monthStart(
			live
				.map((s) => s.date!)
				.sort()
				.at(-1)!
		);
		const dataEnd = facts.period ? monthStart(facts.period.last) : lastLive;
		const last = dataEnd > lastLive ? dataEnd : lastLive;
		for (let m = first; m <= last; m = addMonths(m, 1)) {
			const upTo = live.filter((s) => monthStart(s.date!) <= m);
			const byRegion: Record<string, number> = {};
			for (const r of facts.regions.values())
				byRegion[r.name] = upTo.filter((s) => s.regionName === r.name).length;
			overTime.push({ month: m, live: upTo.length, byRegion });
		}
	}
	return {
		named,
		totals,
		byRegion,
		overTime,
		authorities: stages
			.filter((s) => named || own.has(s.code))
			.sort(
				(a, b) =>
					STAGE_ORDER.indexOf(a.stage) - STAGE_ORDER.indexOf(b.stage) ||
					(a.date ?? '').localeCompare(b.date ?? '') ||
					a.name.localeCompare(b.name)
			),
		simulated: stages.some((s) => s.source === 'simulated')
	};
}

/**
 * An evaluation and each authority's own monthly values, for its before and after (those who
 * hold it see them as they are), kept compactly: a month index and one array per authority.
 */
export interface Computed {
	evaluation: Evaluation | null;
	own: MonthlySeries;
}

export interface MonthlySeries {
	months: string[];
	/** By authority, a value per month (NaN where there is none). */
	values: Map<string, Float64Array>;
}

/** Monthly values as one array per authority over the months they cover. */
export function seriesOf(values: MonthValue[]): MonthlySeries {
	const months = [...new Set(values.map((v) => v.month))].sort();
	const index = new Map(months.map((m, i) => [m, i]));
	const out = new Map<string, Float64Array>();
	for (const v of values) {
		let row = out.get(v.la);
		if (!row) out.set(v.la, (row = new Float64Array(months.length).fill(NaN)));
		if (v.value !== null) row[index.get(v.month)!] = v.value;
	}
	return { months, values: out };
}

/**
 * Evaluations already computed, by data version, measure and go-lives: the bootstrap takes a
 * moment, and the answer is the same for every viewer until one of those changes.
 */
const computed = new Map<string, Promise<Computed>>();
const KEEP = 48;

/** Measures whose evaluation was asked, most recent first: computed again for new data. */
const asked: string[] = [];
const ASKED_KEPT = 8;

/** The measures most recently evaluated, most recent first (at most a few). */
export function recentlyEvaluated(): string[] {
	return [...asked];
}

export function evaluationFor(
	s: AnalyticsSession,
	facts: DataFacts,
	def: MetricDefinition,
	goLive: Record<string, string>
): Promise<Computed> {
	asked.splice(
		0,
		asked.length,
		def.id,
		...asked.filter((id) => id !== def.id).slice(0, ASKED_KEPT - 1)
	);
	const key = JSON.stringify([
		s.dataVersion.version,
		def.id,
		Object.entries(goLive).sort(([a], [b]) => a.localeCompare(b))
	]);
	let found = computed.get(key);
	if (!found) {
		found = (async () => {
			const query = (sql: string, p: Record<string, string>) => s.query(sql, p);
			const { published, own } = await monthlyValuesBoth(query, def);
			const evaluation = evaluate(def, published, [...facts.authorities.keys()], goLive);
			return { evaluation, own: seriesOf(own) };
		})();
		found.catch(() => computed.delete(key));
		computed.set(key, found);
		while (computed.size > KEEP) computed.delete(computed.keys().next().value!);
	}
	return found;
}

export interface BeforeAfter {
	code: string;
	name: string;
	goLive: string;
	source: GoLiveSource;
	/** Whether the viewer holds it: its figures are shown only then. */
	held: boolean;
	/** Means of the 12 months before the go-live month and of the first 12 months live. */
	before: number | null;
	after: number | null;
	monthsBefore: number;
	monthsAfter: number;
}

export interface EvaluationView {
	/** Rounded to one decimal place; null where withheld or not estimable. */
	estimate: { value: number; lower: number; upper: number } | null;
	/** Why there is no estimate, in words. */
	withheld: string | null;
	eventTimes: {
		e: number;
		estimate: number;
		lower: number | null;
		upper: number | null;
		units: number;
	}[];
	adoptedCount: number;
	comparisonCount: number;
	/** National users only: the authorities in each group. */
	adopted: { code: string; name: string }[] | null;
	comparison: { code: string; name: string }[] | null;
	months: { from: string; to: string } | null;
	beforeAfter: BeforeAfter[];
}

const round1 = (x: number) => Math.round(x * 10) / 10;

export function evaluationView(
	c: Computed,
	facts: DataFacts,
	viewer: Viewer,
	goLive: Record<string, string>,
	source: Record<string, GoLiveSource>
): EvaluationView {
	const named = viewer.role === 'national';
	const e = c.evaluation;
	const nameOf = (code: string) => ({ code, name: facts.authorities.get(code)?.name ?? code });
	let withheld: string | null = null;
	if (!e)
		withheld =
			'No estimate: it needs authorities that went live after the data’s first month, and others not yet live to compare them with.';
	else if (e.adopted.length < MIN_GROUP || e.comparison.length < MIN_GROUP)
		withheld = `No estimate is shown: ${e.adopted.length} ${e.adopted.length === 1 ? 'authority has' : 'authorities have'} gone live within the data and ${e.comparison.length} ${e.comparison.length === 1 ? 'has' : 'have'} not; each group needs at least ${MIN_GROUP}, so that no figure is one authority’s own.`;
	const shown = e && !withheld;
	const own = new Set(viewer.role === 'national' ? [] : viewer.las);
	const beforeAfter = Object.entries(goLive)
		.filter(([code]) => facts.authorities.has(code) && (named || own.has(code)))
		.map(([code, date]) => {
			const a = { ...nameOf(code), goLive: date, source: source[code]! };
			return own.has(code)
				? beforeAndAfter(c.own, a)
				: { ...a, held: false, before: null, after: null, monthsBefore: 0, monthsAfter: 0 };
		})
		.sort((a, b) => a.goLive.localeCompare(b.goLive) || a.name.localeCompare(b.name));
	return {
		estimate: shown
			? { value: round1(e.estimate), lower: round1(e.lower), upper: round1(e.upper) }
			: null,
		withheld,
		eventTimes: shown
			? e.eventTimes
					.filter((t) => t.units >= MIN_GROUP)
					.map((t) => ({
						e: t.e,
						estimate: round1(t.estimate),
						lower: t.lower === null ? null : round1(t.lower),
						upper: t.upper === null ? null : round1(t.upper),
						units: t.units
					}))
			: [],
		adoptedCount: e?.adopted.length ?? 0,
		comparisonCount: e?.comparison.length ?? 0,
		adopted: named && e ? e.adopted.map(nameOf) : null,
		comparison: named && e ? e.comparison.map(nameOf) : null,
		months: e?.months ?? null,
		beforeAfter
	};
}

/** An authority's mean in the 12 months before its go-live month and in its first 12 live. */
export function beforeAndAfter(
	series: MonthlySeries,
	a: { code: string; name: string; goLive: string; source: GoLiveSource }
): BeforeAfter {
	const start = a.goLive.slice(0, 7);
	const from = addMonths(`${start}-01`, -12).slice(0, 7);
	const to = addMonths(`${start}-01`, 11).slice(0, 7);
	const row = series.values.get(a.code);
	const before: number[] = [];
	const after: number[] = [];
	series.months.forEach((month, i) => {
		const v = row?.[i];
		if (v === undefined || Number.isNaN(v)) return;
		if (month >= from && month < start) before.push(v);
		else if (month >= start && month <= to) after.push(v);
	});
	const mean = (xs: number[]) =>
		xs.length ? round1(xs.reduce((x, y) => x + y, 0) / xs.length) : null;
	return {
		...a,
		held: true,
		before: mean(before),
		after: mean(after),
		monthsBefore: before.length,
		monthsAfter: after.length
	};
}
