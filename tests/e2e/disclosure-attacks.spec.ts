// An insider's attack on disclosure control, over HTTP against the served synthetic data (24
// fictional authorities in nine regions of 2 to 5): each kind of account asks for every page
// it can — every metric, every area it may choose, financial years, runs of whole months and
// one-day periods — and combines the answers with what it holds and with public data. The
// attacks: rounding inversion, differencing across areas and periods (an interval attack over
// every authority-month), one-day periods, order statistics, and linking unnamed authorities.
// Each must recover no count of 1 to 5 that the account does not hold, and link no point.
import { expect, test, type Page } from '@playwright/test';
import { catalogue } from '../../src/lib/metrics/catalogue';
import {
	attackedMetrics,
	countSides,
	identityAttack,
	identityHolds,
	intervalAttack,
	linkAttack,
	residualAttack
} from './adversary/attacks';
import {
	emptyHarvest,
	factsOf,
	medianOf,
	metricsOf,
	pageData,
	pointsOf,
	type AreaRef,
	type Harvest
} from './adversary/collect';
import { invertRounding } from './adversary/solver';
import { key, readTruth, type Truth } from './adversary/truth';
import { E2E_DB, engine } from './engine';
import { ADVERSARY_LEADERS, DEMO, signIn } from './sign-in';

const YEARS = [
	{ period: '2023-24', from: '2023-04-01', to: '2024-03-31' },
	{ period: '2024-25', from: '2024-04-01', to: '2025-03-31' }
];
// Runs of whole months that are not financial years: a quarter, a month, a year across two.
const WINDOWS = [
	{ from: '2024-01-01', to: '2024-03-31' },
	{ from: '2024-06-01', to: '2024-06-30' },
	{ from: '2023-10-01', to: '2024-09-30' }
];
// Two periods a day apart: their difference is one day's count.
const ONE_DAY = [
	{ from: '2024-04-01', to: '2024-04-30' },
	{ from: '2024-04-02', to: '2024-04-30' }
];
const PAGES = [
	'/participation',
	'/decisions',
	'/timeliness',
	'/workforce',
	'/metrics/cp_plan_rate',
	'/metrics/cin_referrals'
];

let truth: Truth;
test.beforeAll(async () => {
	truth = await readTruth(E2E_DB);
});

const periodParams = (p: { period?: string; from: string; to: string }): Record<string, string> =>
	p.period ? { period: p.period } : { period: 'custom', from: p.from, to: p.to };

async function harvestArea(
	page: Page,
	harvest: Harvest,
	area: { param: string; ref: AreaRef; held: boolean },
	periods: { period?: string; from: string; to: string }[],
	attack: string
): Promise<void> {
	for (const p of periods)
		for (const path of PAGES) {
			const data = await pageData(
				page.request,
				path,
				{ ...periodParams(p), area: area.param },
				harvest,
				attack
			).catch(() => null);
			if (!data) continue;
			for (const m of metricsOf(data)) {
				harvest.facts.push(...factsOf(m, area.ref, p, area.held, (la) => truth.regionOf.get(la)!));
				if (area.ref.kind === 'la') {
					const median = medianOf(m, area.ref.code, p);
					if (median) harvest.medians.push(median);
				}
			}
		}
}

async function harvestComparisons(page: Page, harvest: Harvest): Promise<void> {
	for (const y of YEARS)
		for (const def of catalogue) {
			const data = await pageData(
				page.request,
				'/compare',
				{ metric: def.id, period: y.period, group: 'england' },
				harvest,
				'quasi-identifiers'
			).catch(() => null);
			const m = data ? metricsOf(data)[0] : undefined;
			const list = m ? pointsOf(m, y) : null;
			if (list) harvest.lists.push(list);
			if (m) harvest.facts.push(...factsOf(m, { kind: 'england' }, y, false, () => ''));
		}
}

interface Findings {
	recovered: Map<string, number>;
	linked: number;
	points: number;
	pinnedWrongly: number;
	targets: number;
	examples: string[];
}

function attack(harvest: Harvest, held: Set<string>, viewerLa: string | null): Findings {
	const f: Findings = {
		recovered: new Map(),
		linked: 0,
		points: 0,
		pinnedWrongly: 0,
		targets: 0,
		examples: []
	};
	const add = (cls: string, n: number, examples: string[]) => {
		f.recovered.set(cls, (f.recovered.get(cls) ?? 0) + n);
		f.examples.push(...examples.slice(0, 3));
	};
	for (const def of attackedMetrics)
		for (const side of countSides(def)) {
			const r = intervalAttack(def, side, harvest, truth, held);
			add(
				'differencing across areas and periods',
				r.recovered.length,
				r.recovered.map((x) => `${x.what} = ${x.value}`)
			);
			f.pinnedWrongly += r.pinnedWrongly;
			f.targets += r.targets;
			for (const list of harvest.lists.filter((l) => l.metric === def.id)) {
				const res = residualAttack(def, side, list, harvest, truth, held);
				add(
					'differencing across areas and periods',
					res.length,
					res.map((x) => `${x.what} = ${x.value} (residual)`)
				);
			}
		}
	// Rounding inversion: aggregates whose exact counts the value gave away.
	let inverted = 0;
	for (const fact of harvest.facts) {
		if (!fact.rounded || fact.shown.symbol !== null || fact.month) continue;
		const def = catalogue.find((d) => d.id === fact.metric)!;
		const s = fact.shown;
		if (def.kind === 'count' || def.kind === 'median' || s.value === null) continue;
		const exact = invertRounding(
			s.value,
			s.numerator!,
			s.denominator!,
			def.kind === 'ratio' ? 1 : def.scale
		);
		if (!exact || !countSides(def).includes('num')) continue;
		const las =
			fact.area.kind === 'la'
				? [fact.area.code]
				: fact.area.kind === 'region'
					? truth.regions.get(fact.area.code)!
					: truth.las;
		const months = truth.months.filter(
			(m) => m >= fact.from.slice(0, 7) && m <= fact.to.slice(0, 7)
		);
		const within = def.timing === 'event' ? months : months.slice(-1);
		const sum = (side: 'num' | 'den') =>
			las.reduce(
				(t, la) =>
					t + within.reduce((u, m) => u + (truth.counts.get(key(def.id, side, la, m)) ?? 0), 0),
				0
			);
		if (
			exact.num === sum('num') &&
			exact.den === sum('den') &&
			fact.from.endsWith('-01') &&
			fact.to.slice(8) >= '28'
		)
			inverted++;
	}
	add('rounding inversion', inverted, []);
	// Measures linked by their definitions: a hidden part as a published whole minus a part.
	const linked = identityAttack(harvest, truth, held);
	add(
		'measures linked by definition',
		linked.length,
		linked.map((x) => `${x.what} = ${x.value}`)
	);
	// Order statistics: a median of fewer than five published values is one or two of them.
	const thin = harvest.medians.filter((m) => m.value !== null && m.published < 5);
	add(
		'order statistics',
		thin.length,
		thin.map((m) => `${m.metric} ${m.la} ${m.from}..${m.to}: median of ${m.published}`)
	);
	// Quasi-identifiers.
	for (const list of harvest.lists) {
		const def = catalogue.find((d) => d.id === list.metric)!;
		const l = linkAttack(def, list, truth, held, viewerLa);
		f.linked += l.linked;
		f.points += l.points;
	}
	return f;
}

/** One-day figures: the difference of two periods a day apart, checked against the engine. */
function oneDayRecoveries(harvest: Harvest): number {
	let found = 0;
	for (const def of attackedMetrics) {
		if (def.timing !== 'event' || def.kind === 'count' || def.kind === 'median') continue;
		for (const area of [...truth.regions.keys()]) {
			const at = (p: { from: string; to: string }) =>
				harvest.facts.find(
					(f) =>
						f.metric === def.id &&
						f.area.kind === 'region' &&
						f.area.code === area &&
						!f.month &&
						f.from === p.from &&
						f.to === p.to &&
						f.shown.symbol === null
				);
			const [a, b] = [at(ONE_DAY[0]!), at(ONE_DAY[1]!)];
			if (!a || !b) continue;
			const scale = def.kind === 'ratio' ? 1 : def.scale;
			const ea = invertRounding(a.shown.value!, a.shown.numerator!, a.shown.denominator!, scale);
			const eb = invertRounding(b.shown.value!, b.shown.numerator!, b.shown.denominator!, scale);
			if (!ea || !eb) continue;
			const day = ea.den - eb.den;
			if (day < 1 || day > 5) continue;
			// The region's true count that day, from the engine as a holder of every authority in it.
			const las = truth.regions.get(area)!;
			const m = engine(
				las.flatMap((la) => ['--la', la]),
				{ from: ONE_DAY[0]!.from, to: ONE_DAY[0]!.from },
				[...(las.length === 1 ? [] : ['--role', 'partner']), '--id', def.id, '--breakdown', 'none']
			).metrics[0]!;
			if (m.denominator === day) found++;
		}
	}
	return found;
}

function report(who: string, harvest: Harvest, f: Findings, oneDay: number): void {
	const lines = [...harvest.requests].map(
		([cls, n]) => `${cls}: ${n} requests (${harvest.refused.get(cls) ?? 0} refused)`
	);
	console.log(
		[
			`adversary ${who}:`,
			...lines.map((l) => `  ${l}`),
			...[...f.recovered].map(([cls, n]) => `  recovered by ${cls}: ${n}`),
			`  recovered by one-day periods: ${oneDay}`,
			`  points linked: ${f.linked} of ${f.points} unnamed`,
			`  small cells attacked: ${f.targets}; pinned to a wrong value (the attacker's model fails): ${f.pinnedWrongly}`,
			...f.examples.slice(0, 8).map((e) => `  e.g. ${e}`)
		].join('\n')
	);
}

function expectNothing(f: Findings, oneDay: number): void {
	for (const [cls, n] of f.recovered)
		expect(n, `cells recovered by ${cls}: ${f.examples.join('; ')}`).toBe(0);
	expect(oneDay, 'one-day counts recovered').toBe(0);
	expect(f.linked, 'unnamed points linked to their authority').toBe(0);
}

test.describe.configure({ timeout: 900_000 });

test('a central-government user learns no small count, whatever it asks and combines', async ({
	page
}) => {
	await signIn(page, DEMO.national);
	const harvest = emptyHarvest();
	const regions = [...truth.regions.keys()];
	const aggregates = [
		{ param: 'england', ref: { kind: 'england' } as AreaRef, held: false },
		...regions.map((r) => ({
			param: `region-${r}`,
			ref: { kind: 'region', code: r } as AreaRef,
			held: false
		}))
	];
	for (const a of aggregates)
		await harvestArea(page, harvest, a, [...YEARS, ...WINDOWS], 'rounding inversion');
	for (const a of aggregates) await harvestArea(page, harvest, a, ONE_DAY, 'one-day periods');
	for (const la of truth.las)
		await harvestArea(
			page,
			harvest,
			{ param: la, ref: { kind: 'la', code: la }, held: false },
			[...YEARS, WINDOWS[0]!],
			'differencing across areas and periods'
		);
	await harvestComparisons(page, harvest);
	const f = attack(harvest, new Set(), null);
	const oneDay = oneDayRecoveries(harvest);
	report('central government', harvest, f, oneDay);
	expect(f.targets).toBeGreaterThan(100);
	// The identity the linked-measures attack uses holds in the data, so it could succeed.
	expect(identityHolds(truth)).toBe(true);
	expectNothing(f, oneDay);
});

for (const who of [DEMO.leader, ...ADVERSARY_LEADERS.map((l) => l.email)]) {
	test(`a director (${who}) learns no small count of another authority, and links no unnamed one`, async ({
		page
	}) => {
		await signIn(page, who);
		const own = (await page.locator('header').textContent())!.match(/X\d{8}/)![0];
		const harvest = emptyHarvest();
		await harvestArea(
			page,
			harvest,
			{ param: own, ref: { kind: 'la', code: own }, held: true },
			[...YEARS, ...WINDOWS, ...ONE_DAY],
			'order statistics'
		);
		await harvestComparisons(page, harvest);
		const f = attack(harvest, new Set([own]), own);
		const oneDay = oneDayRecoveries(harvest);
		report(`director of ${own}`, harvest, f, oneDay);
		expect(f.targets).toBeGreaterThan(100);
		expectNothing(f, oneDay);
	});
}

test('a police partner learns no small count outside its partnership, and links no unnamed authority', async ({
	page
}) => {
	await signIn(page, DEMO.police);
	const held = ['X00000001', 'X00000002', 'X00000003'];
	const harvest = emptyHarvest();
	for (const la of held)
		await harvestArea(
			page,
			harvest,
			{ param: la, ref: { kind: 'la', code: la }, held: true },
			[...YEARS, ...WINDOWS],
			'order statistics'
		);
	await harvestComparisons(page, harvest);
	const f = attack(harvest, new Set(held), held[0]!);
	const oneDay = oneDayRecoveries(harvest);
	report('police partner', harvest, f, oneDay);
	expectNothing(f, oneDay);
});

test('the attacks are not toothless: with exact regional totals they difference out an authority', async ({
	page
}) => {
	// The same machinery, handed what a careless service would publish — a region's exact
	// monthly totals and every other authority in it month by month — must work out the one
	// left over: otherwise "nothing recovered" above would prove nothing.
	await signIn(page, DEMO.national);
	const harvest = emptyHarvest();
	const [region, las] = [...truth.regions].find(([, l]) => l.length >= 3)!;
	const victim = las[0]!;
	const exact = (area: AreaRef, m: string, count: (side: 'num' | 'den') => number) => ({
		area,
		from: `${m}-01`,
		to: `${m}-28`,
		month: m,
		shown: { value: null, numerator: count('num'), denominator: count('den'), symbol: null },
		held: false,
		rounded: false
	});
	for (const def of attackedMetrics)
		for (const m of truth.months) {
			const of = (la: string, side: 'num' | 'den') =>
				truth.counts.get(key(def.id, side, la, m)) ?? 0;
			harvest.facts.push({
				metric: def.id,
				...exact({ kind: 'region', code: region }, m, (side) =>
					las.reduce((t, la) => t + of(la, side), 0)
				)
			});
			for (const la of las.slice(1))
				harvest.facts.push({
					metric: def.id,
					...exact({ kind: 'la', code: la }, m, (side) => of(la, side))
				});
		}
	const f = attack(harvest, new Set(), null);
	const found = f.recovered.get('differencing across areas and periods')!;
	expect(found).toBeGreaterThan(10);
	expect(f.examples.some((e) => e.includes(victim))).toBe(true);
});
