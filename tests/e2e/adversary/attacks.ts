// The attacks, run over one account's harvest: what a signed-in user could work out by combining
// every figure they were given with what they hold and with public data. Each returns what it
// recovered and how it checked against the truth; the suite asserts nothing was recovered.
import { catalogue } from '../../../src/lib/metrics/catalogue';
import type { MetricDefinition } from '../../../src/lib/metrics/types';
import type { Fact, Harvest, PointList } from './collect';
import { Bounds, invertRounding } from './solver';
import { key, type Side, type Truth } from './truth';

export interface Recovery {
	attack: string;
	what: string;
	value: number;
}

const small = (n: number) => n >= 1 && n <= 5;

/** The sides of a metric whose published figures are counts of records (not FTE, not population). */
export function countSides(def: MetricDefinition): Side[] {
	if (def.kind === 'share' || (def.perKey && !def.perKey.pooled)) return [];
	if (def.kind === 'median') return ['den'];
	const sides: Side[] = [];
	if ((def.units?.numerator ?? 'count') === 'count') sides.push('num');
	if (def.kind !== 'count' && (def.units?.denominator ?? 'count') === 'count') sides.push('den');
	return sides;
}

const monthsOf = (from: string, to: string, all: string[]) =>
	all.filter((m) => m >= from.slice(0, 7) && m <= to.slice(0, 7));

/**
 * Interval attack over one metric's counts: every authority-month is an unknown; regions,
 * England and every period asked for are sums of them; every figure the account was given
 * bounds its sum (exact, rounded — inverted where the value gives the exact counts away — or
 * suppressed, which says "1 to 5"); the account's own authorities are known month by month.
 */
export function intervalAttack(
	def: MetricDefinition,
	side: Side,
	harvest: Harvest,
	truth: Truth,
	held: Set<string>
): { recovered: Recovery[]; pinnedWrongly: number; targets: number } {
	const b = new Bounds();
	const event = def.timing === 'event';
	const leaf = (la: string, m: string) => b.node(`L|${la}|${m}`);
	const regionMonth = (r: string, m: string) => b.node(`R|${r}|${m}`);
	const englandMonth = (m: string) => b.node(`E|${m}`);
	for (const m of truth.months) {
		for (const [r, las] of truth.regions)
			b.sum(
				regionMonth(r, m),
				las.map((la) => leaf(la, m))
			);
		b.sum(
			englandMonth(m),
			[...truth.regions.keys()].map((r) => regionMonth(r, m))
		);
	}
	/** The node for an area over a period (a snapshot measure's period is its last month). */
	const periodNode = (area: Fact['area'], from: string, to: string): number => {
		const months = monthsOf(from, to, truth.months);
		const at = (m: string) =>
			area.kind === 'la'
				? leaf(area.code, m)
				: area.kind === 'region'
					? regionMonth(area.code, m)
					: englandMonth(m);
		if (!event || months.length === 1) return at(months.at(-1)!);
		const name = `${area.kind}|${area.kind === 'england' ? '' : area.code}|${from}|${to}`;
		const fresh = !b.has(name);
		const id = b.node(name);
		if (fresh) {
			b.sum(id, months.map(at));
			// A region or England is also the sum of its parts over the same period.
			if (area.kind === 'region')
				b.sum(
					id,
					truth.regions.get(area.code)!.map((la) => periodNode({ kind: 'la', code: la }, from, to))
				);
			if (area.kind === 'england')
				b.sum(
					id,
					[...truth.regions.keys()].map((r) => periodNode({ kind: 'region', code: r }, from, to))
				);
		}
		return id;
	};
	// What the account holds, it knows month by month.
	for (const la of held)
		for (const m of truth.months) {
			const v = truth.counts.get(key(def.id, side, la, m)) ?? 0;
			b.bound(leaf(la, m), v, v);
		}
	for (const f of harvest.facts) {
		if (f.metric !== def.id || f.held) continue;
		const from = f.month ? `${f.month}-01` : f.from;
		const to = f.month ? `${f.month}-28` : f.to;
		const id = periodNode(f.area, from, to);
		const s = f.shown;
		if (s.symbol === 'c') {
			// "1 to 5": of a proportion's numerator at most 5; of a count, 1 to 5.
			if (def.kind === 'count' || def.kind === 'median') b.bound(id, 1, 5);
			else if (def.kind === 'proportion' && side === 'num') b.bound(id, 0, 5);
			continue;
		}
		if (s.symbol !== null) continue;
		const shown = side === 'num' ? s.numerator : s.denominator;
		if (shown === null) continue;
		if (!f.rounded) {
			b.bound(id, shown, shown);
			continue;
		}
		const exact =
			def.kind !== 'count' &&
			def.kind !== 'median' &&
			s.value !== null &&
			s.numerator !== null &&
			s.denominator !== null
				? invertRounding(s.value, s.numerator, s.denominator, def.kind === 'ratio' ? 1 : def.scale)
				: null;
		if (exact) {
			const v = side === 'num' ? exact.num : exact.den;
			b.bound(id, v, v);
		} else b.bound(id, shown - 5, shown + 4);
	}
	const years = [
		...new Set(
			harvest.facts.filter((f) => f.area.kind === 'la' && !f.month).map((f) => `${f.from}|${f.to}`)
		)
	];
	// Every authority's year is a target: give it a node, so bounds reach it.
	for (const la of truth.las)
		for (const y of years) {
			const [from, to] = y.split('|') as [string, string];
			periodNode({ kind: 'la', code: la }, from, to);
		}
	b.propagate();
	const recovered: Recovery[] = [];
	let pinnedWrongly = 0;
	let targets = 0;
	const check = (name: string, truthValue: number, what: string) => {
		if (!small(truthValue)) return;
		targets++;
		const v = b.pinned(name);
		if (v === null) return;
		if (v === truthValue) recovered.push({ attack: 'interval', what, value: v });
		else pinnedWrongly++;
	};
	for (const la of truth.las) {
		if (held.has(la)) continue;
		for (const m of truth.months)
			check(
				`L|${la}|${m}`,
				truth.counts.get(key(def.id, side, la, m)) ?? 0,
				`${def.id} ${side} ${la} ${m}`
			);
		for (const y of years) {
			const [from, to] = y.split('|') as [string, string];
			const months = monthsOf(from, to, truth.months);
			const name =
				event && months.length > 1 ? `la|${la}|${from}|${to}` : `L|${la}|${months.at(-1)}`;
			const t = (event ? months : months.slice(-1)).reduce(
				(s, m) => s + (truth.counts.get(key(def.id, side, la, m)) ?? 0),
				0
			);
			check(name, t, `${def.id} ${side} ${la} ${from}..${to}`);
		}
	}
	for (const [r, las] of truth.regions) {
		if (las.every((la) => held.has(la))) continue;
		for (const m of truth.months) {
			const t = las.reduce((s, la) => s + (truth.counts.get(key(def.id, side, la, m)) ?? 0), 0);
			check(`R|${r}|${m}`, t, `${def.id} ${side} region ${r} ${m}`);
		}
	}
	return { recovered, pinnedWrongly, targets };
}

/**
 * England minus what the account holds minus every other authority's published counts leaves
 * the suppressed authorities' total: one suppressed authority's count, when it is alone.
 */
export function residualAttack(
	def: MetricDefinition,
	side: Side,
	list: PointList,
	harvest: Harvest,
	truth: Truth,
	held: Set<string>
): Recovery[] {
	const others = list.points.filter((p) => p.code === null || !held.has(p.code));
	const counts = others.filter((p) => p.symbol === null);
	const given = (p: PointList['points'][number]) => (side === 'num' ? p.numerator : p.denominator);
	if (counts.some((p) => given(p) === null)) return [];
	const suppressed = list.suppressed ?? others.filter((p) => p.symbol === 'c').length;
	if (suppressed !== 1) return [];
	const england = harvest.facts.find(
		(f) =>
			f.metric === def.id &&
			f.area.kind === 'england' &&
			!f.month &&
			f.from === list.from &&
			f.to === list.to
	);
	if (!england || england.shown.symbol !== null) return [];
	const s = england.shown;
	const exact = invertRounding(
		s.value!,
		s.numerator!,
		s.denominator!,
		def.kind === 'ratio' ? 1 : def.scale
	);
	if (!exact) return [];
	const months = monthsOf(list.from, list.to, truth.months);
	const ofLa = (la: string) =>
		(def.timing === 'event' ? months : months.slice(-1)).reduce(
			(t, m) => t + (truth.counts.get(key(def.id, side, la, m)) ?? 0),
			0
		);
	const heldTotal = [...held].reduce((t, la) => t + ofLa(la), 0);
	const value =
		(side === 'num' ? exact.num : exact.den) -
		heldTotal -
		counts.reduce((t, p) => t + given(p)!, 0);
	// The one authority whose published figure is suppressed, by the truth.
	const hidden = truth.las.filter(
		(la) => !held.has(la) && (small(ofLa(la)) || small(ofLaOther(def, side, la, months, truth)))
	);
	if (hidden.length === 1 && small(value) && ofLa(hidden[0]!) === value)
		return [
			{ attack: 'residual', what: `${def.id} ${side} ${hidden[0]} ${list.from}..${list.to}`, value }
		];
	return [];
}

function ofLaOther(
	def: MetricDefinition,
	side: Side,
	la: string,
	months: string[],
	truth: Truth
): number {
	const other: Side = side === 'num' ? 'den' : 'num';
	return (def.timing === 'event' ? months : months.slice(-1)).reduce(
		(t, m) => t + (truth.counts.get(key(def.id, other, la, m)) ?? 0),
		0
	);
}

/**
 * Linking an unnamed point to its authority with public data (child populations, neighbour
 * lists, regions) — and, as a stronger adversary, every authority's exact denominators, which
 * for many measures the Department for Education publishes by name.
 */
export function linkAttack(
	def: MetricDefinition,
	list: PointList,
	truth: Truth,
	held: Set<string>,
	viewerLa: string | null
): { linked: number; points: number } {
	const months = monthsOf(list.from, list.to, truth.months);
	const den = (la: string) =>
		def.id === 'cp_plan_rate'
			? truth.population.get(la)!
			: (def.timing === 'event' ? months : months.slice(-1)).reduce(
					(t, m) => t + (truth.counts.get(key(def.id, 'den', la, m)) ?? 0),
					0
				);
	const num = (la: string) =>
		(def.timing === 'event' ? months : months.slice(-1)).reduce(
			(t, m) => t + (truth.counts.get(key(def.id, 'num', la, m)) ?? 0),
			0
		);
	const neighbours = new Set(viewerLa ? (truth.neighbours.get(viewerLa) ?? []) : []);
	const region = viewerLa ? truth.regionOf.get(viewerLa) : null;
	let linked = 0;
	let points = 0;
	for (const p of list.points) {
		if (p.code !== null || p.value === null) continue;
		points++;
		const candidates = truth.las.filter((la) => {
			if (held.has(la)) return false;
			if (p.neighbour !== undefined && p.neighbour !== neighbours.has(la)) return false;
			if (p.sameRegion !== undefined && p.sameRegion !== (truth.regionOf.get(la) === region))
				return false;
			const d = den(la);
			if (p.denominator !== null && p.denominator !== undefined && d !== p.denominator)
				return false;
			if (p.size && (d < p.size.from || (p.size.to !== null && d > p.size.to))) return false;
			return true;
		});
		if (candidates.length !== 1) continue;
		// Linked only if right: the candidate's own counts give the point's value.
		const la = candidates[0]!;
		const d = def.id === 'cp_plan_rate' ? den(la) : den(la);
		const v =
			def.kind === 'count'
				? num(la)
				: d
					? ((def.kind === 'ratio' ? 1 : def.scale) * num(la)) / d
					: null;
		if (v !== null && Math.abs(v - p.value) <= Math.max(0.5, Math.abs(v) * 0.05)) linked++;
	}
	return { linked, points };
}

export const attackedMetrics = catalogue.filter((d) => countSides(d).length > 0);

/**
 * Measures linked by their definitions: children on a plan are those with an allocated worker
 * (the denominator of cp_experienced_worker and cp_specialist_worker) plus those without
 * (cp_unallocated's numerator), and the whole is the denominator of cp_unallocated and
 * worker_changes_3plus and the numerator of cp_plan_rate. An authority's hidden part is the
 * published whole minus the published other part.
 */
export function identityAttack(harvest: Harvest, truth: Truth, held: Set<string>): Recovery[] {
	const facts = (metric: string) =>
		harvest.facts.filter(
			(f) => f.metric === metric && f.area.kind === 'la' && !f.month && f.shown.symbol === null
		);
	const at = (f: Fact) => `${f.area.kind === 'la' ? f.area.code : ''}|${f.from}|${f.to}`;
	const wholes = new Map<string, number>();
	for (const f of facts('cp_unallocated')) wholes.set(at(f), f.shown.denominator!);
	for (const f of facts('worker_changes_3plus')) wholes.set(at(f), f.shown.denominator!);
	for (const f of facts('cp_plan_rate')) wholes.set(at(f), f.shown.numerator!);
	const allocated = new Map<string, number>();
	for (const id of ['cp_experienced_worker', 'cp_specialist_worker'])
		for (const f of facts(id)) allocated.set(at(f), f.shown.denominator!);
	const out: Recovery[] = [];
	for (const f of harvest.facts) {
		if (f.metric !== 'cp_unallocated' || f.area.kind !== 'la' || f.month) continue;
		if (f.shown.symbol !== 'c' || held.has(f.area.code)) continue;
		const whole = wholes.get(at(f));
		const part = allocated.get(at(f));
		if (whole === undefined || part === undefined) continue;
		const unallocated = whole - part;
		const real = truth.counts.get(key('cp_unallocated', 'num', f.area.code, f.to.slice(0, 7)));
		if (small(unallocated) && unallocated === real)
			out.push({ attack: 'identity', what: `cp_unallocated num ${at(f)}`, value: unallocated });
	}
	return out;
}

/** Whether the definitions' identity holds in the data: the attack above is real if it does. */
export function identityHolds(truth: Truth): boolean {
	const of = (metric: string, side: Side, la: string, m: string) =>
		truth.counts.get(key(metric, side, la, m)) ?? 0;
	return truth.las.every((la) =>
		truth.months.every(
			(m) =>
				of('cp_unallocated', 'den', la, m) ===
				of('cp_unallocated', 'num', la, m) + of('cp_experienced_worker', 'den', la, m)
		)
	);
}
