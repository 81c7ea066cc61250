// The metric engine on a small synthetic national dataset: the pre-aggregated store and the case
// tables give identical answers; the `metrics` command gives exactly the engine's JSON; and, for
// a national viewer, no suppressed figure can be worked out from the figures published beside it.
import { execFileSync } from 'node:child_process';
import { beforeAll, describe, expect, it } from 'vitest';
import type { MetricResult, MetricsResponse } from '$lib/metrics/result';
import { catalogue } from '$lib/metrics/catalogue';
import { withAnalytics } from '$lib/server/analytics/duckdb';
import { computeMetrics, type MetricRequest } from '$lib/server/analytics/engine/engine';
import { loadExtract } from '$lib/server/analytics/load/loader';
import { referenceDir } from '$lib/server/reference-data';
import { median } from '$lib/stats/quartiles';
import { loadGenerated, useScratchFolder } from '../fixtures/loaded';

const scratch = useScratchFolder('engine');
let db: string;
let las: string[];
let extract: string;
const FY = { from: '2024-04-01', to: '2025-03-31' };
const national = { role: 'national' as const, las: [] };

beforeAll(async () => {
	({
		dbPath: db,
		las,
		extract
	} = await loadGenerated(scratch(), {
		authorities: 6,
		years: 2,
		seed: 'engine',
		workers: 2
	}));
}, 180_000);

const run = (request: Partial<MetricRequest>) =>
	withAnalytics(
		(s) =>
			computeMetrics(s, {
				scope: { kind: 'la', la: las[0]! },
				viewer: { role: 'la_leader', las: [las[0]!] },
				...FY,
				...request
			}),
		db
	);

const withoutSource = (r: MetricsResponse) => r.metrics.map((m) => ({ ...m, source: null }));

describe('store and case tables', () => {
	it('agree on every metric for one authority, with monthly series, breakdowns and benchmarks', async () => {
		const request = { monthly: true, benchmarks: true, authorities: true } as const;
		const store = await run({ ...request, source: 'store' });
		const cases = await run({ ...request, source: 'cases' });
		expect(withoutSource(cases)).toEqual(withoutSource(store));
		expect(store.metrics.filter((m) => m.symbol === null).length).toBeGreaterThan(30);
	}, 60_000);

	it('agree for a partnership its partner holds, summed exactly', async () => {
		const request = {
			scope: { kind: 'las' as const, las: [las[0]!, las[1]!] },
			viewer: { role: 'partner' as const, las: [las[0]!, las[1]!] },
			monthly: true,
			breakdown: 'default' as const
		};
		const store = await run({ ...request, source: 'store' });
		const cases = await run({ ...request, source: 'cases' });
		expect(store.controlled).toBe(false);
		expect(withoutSource(cases)).toEqual(withoutSource(store));
		expect(store.metrics.some((m) => m.breakdown.length > 0)).toBe(true);
	}, 60_000);

	it('read England and a region under disclosure control only from the published roll-up', async () => {
		const region = await withAnalytics(
			(s) =>
				s.query(`SELECT region_code FROM local_authorities WHERE la_code = $la`, { la: las[0]! }),
			db
		);
		for (const scope of [
			{ kind: 'england' as const },
			{ kind: 'region' as const, region: String(region[0]!.region_code) }
		]) {
			const request = { scope, viewer: national, monthly: true, breakdown: 'default' as const };
			const asked = await run({ ...request, source: 'cases' });
			expect(asked.controlled).toBe(true);
			// The source asked for applies to areas the viewer holds; these exist only as published.
			expect(
				asked.metrics.filter((m) => m.source !== null).every((m) => m.source === 'store')
			).toBe(true);
			expect(withoutSource(await run({ ...request, source: 'store' }))).toEqual(
				withoutSource(asked)
			);
		}
	}, 60_000);

	it('answers a period that does not start on the 1st from the case tables', async () => {
		const r = await run({
			from: '2024-04-15',
			to: '2025-03-31',
			ids: ['rereferral_12m', 'cp_unallocated']
		});
		expect(r.metrics.map((m) => m.source)).toEqual(['cases', 'store']);
	});
});

describe('benchmarks', () => {
	it('gives England as the published roll-up, rounded, with its value from the rounded counts', async () => {
		const mine = await run({ benchmarks: true, ids: ['rereferral_12m', 'icpc_15wd'] });
		for (const m of mine.metrics) {
			const [rollup] = await withAnalytics(
				(s) =>
					s.query(
						`SELECT sum(num) AS num, sum(den) AS den FROM metric_rollup
						WHERE area = 'england' AND metric = $id AND breakdown = '' AND month BETWEEN $from AND $to`,
						{ id: m.id, from: FY.from, to: FY.to }
					),
				db
			);
			const england = m.benchmarks!.england!;
			expect(england.numerator).toBe(Math.round(Number(rollup!.num) / 10) * 10);
			expect(england.denominator).toBe(Math.round(Number(rollup!.den) / 10) * 10);
			expect(england.value).toBe((100 * england.numerator!) / england.denominator!);
		}
	});

	it('takes the neighbours median of published values, named only to central government', async () => {
		const mine = await run({ benchmarks: true, ids: ['rereferral_12m', 'icpc_15wd'] });
		const all = await run({
			scope: { kind: 'england' },
			viewer: national,
			authorities: true,
			benchmarks: true,
			ids: ['rereferral_12m', 'icpc_15wd']
		});
		const neighbours = await withAnalytics(
			(s) =>
				s.query(`SELECT neighbour_code FROM statistical_neighbours WHERE la_code = $la`, {
					la: las[0]!
				}),
			db
		);
		const codes = new Set(neighbours.map((n) => String(n.neighbour_code)));
		for (const [i, m] of mine.metrics.entries()) {
			const everyone = all.metrics[i]!.benchmarks!.authorities!;
			expect(everyone.named.map((a) => a.code).sort()).toEqual([...las].sort());
			expect(everyone.anonymous).toEqual([]);
			const values = everyone.named.filter((a) => codes.has(a.code)).map((a) => a.value!);
			expect(values.length).toBeGreaterThanOrEqual(5);
			expect(m.benchmarks!.neighbours!.value).toBe(Math.round(median(values)! * 10) / 10);
			// Six authorities are too few for a quartile band or rank (ten published are needed).
			expect(m.benchmarks!.rank).toBe(null);
		}
	});

	it('hides which authority is which from a local leader, but not the leader own', async () => {
		const r = await run({ authorities: true, ids: ['rereferral_12m'] });
		const c = r.metrics[0]!.benchmarks!.authorities!;
		expect(c.named.map((p) => p.code)).toEqual([las[0]]);
		// The others: whole percentages, no counts, no names, no flags.
		expect(c.anonymous.length + c.suppressed).toBe(las.length - 1);
		for (const p of c.anonymous) {
			expect(Object.keys(p).sort()).toEqual(['band', 'size', 'value']);
			expect(Number.isInteger(p.value)).toBe(true);
		}
	});
});

/** The `metrics` command's JSON for financial year 2024-25 on the test database. */
const metricsCommand = (args: string[]) =>
	execFileSync(
		'npx',
		['tsx', 'scripts/metrics.ts', '--db', db, '--from', FY.from, '--to', FY.to, ...args, '--json'],
		{ encoding: 'utf8' }
	);

describe('the metrics command', () => {
	it('prints exactly the JSON the engine gives for the same request', async () => {
		const stdout = metricsCommand(['--la', las[1]!, '--monthly', '--benchmarks']);
		const direct = await run({
			scope: { kind: 'la', la: las[1]! },
			viewer: { role: 'la_leader', las: [las[1]!] },
			monthly: true,
			benchmarks: true,
			breakdown: 'default',
			authorities: false,
			source: 'auto'
		});
		expect(JSON.parse(stdout)).toEqual(JSON.parse(JSON.stringify(direct)));
	}, 60_000);

	it('applies disclosure control with --role national: a year only, no months, suppressed figures empty', () => {
		const stdout = metricsCommand(['--la', las[2]!, '--role', 'national', '--monthly']);
		const r = JSON.parse(stdout) as MetricsResponse;
		expect(r.controlled).toBe(true);
		// A single authority the viewer does not hold is published for the year, not by month.
		expect(r.metrics.every((m) => m.months === undefined)).toBe(true);
		const figures = r.metrics.flatMap((m) => [m, ...m.breakdown]);
		expect(figures.some((m) => m.symbol === 'c')).toBe(true);
		for (const m of figures.filter((x) => x.symbol === 'c'))
			expect([m.value, m.numerator, m.denominator]).toEqual([null, null, null]);
	}, 60_000);
});

// --- Recoverability: linear algebra over the published figures -------------------------------

const P = 65521; // prime; products of two residues stay below 2^32

/** Row-reduces vectors modulo P; returns a function telling whether a vector lies in their span. */
function span(rows: number[][]): (v: number[]) => boolean {
	const basis: { pivot: number; row: number[] }[] = [];
	const reduce = (v: number[]) => {
		const r = v.map((x) => ((x % P) + P) % P);
		for (const b of basis) {
			const f = r[b.pivot]!;
			if (f) for (let j = 0; j < r.length; j++) r[j] = (r[j]! - ((f * b.row[j]!) % P) + P) % P;
		}
		return r;
	};
	const inverse = (a: number) => {
		let [t, nt, r, nr] = [0, 1, P, a];
		while (nr) {
			const q = Math.floor(r / nr);
			[t, nt] = [nt, t - q * nt];
			[r, nr] = [nr, r - q * nr];
		}
		return ((t % P) + P) % P;
	};
	for (const v of rows) {
		const r = reduce(v);
		const pivot = r.findIndex((x) => x !== 0);
		if (pivot < 0) continue;
		const inv = inverse(r[pivot]!);
		basis.push({ pivot, row: r.map((x) => (x * inv) % P) });
	}
	return (v) => reduce(v).every((x) => x === 0);
}

interface Publication {
	label: string;
	vector: number[];
	suppressed: boolean;
}

/**
 * The figures a national viewer can obtain for one authority, metric and financial year (the
 * total, each month, each breakdown cell), as sums over atoms month × key of every breakdown.
 */
async function publications(
	la: string,
	id: string,
	from: string,
	to: string
): Promise<Publication[]> {
	const def = catalogue.find((m) => m.id === id)!;
	const dims = def.breakdowns.filter((b) => b !== 'team');
	const views: MetricResult[] = [];
	for (const breakdown of dims.length ? dims : (['none'] as const)) {
		const r = await run({
			scope: { kind: 'la', la },
			viewer: national,
			from,
			to,
			ids: [id],
			monthly: true,
			breakdown
		});
		views.push(r.metrics[0]!);
	}
	// A single authority under control is published for the year, not month by month: then the
	// year is one atom.
	const months = (views[0]!.months ?? [{ month: 'year' }]).map((m) => m.month);
	const keys = dims.map((_, d) => views[d]!.breakdown.map((b) => b.key));
	const sizes = [months.length, ...keys.map((k) => k.length)];
	const atoms: number[][] = [];
	const walk = (prefix: number[]) => {
		if (prefix.length === sizes.length) return void atoms.push(prefix);
		for (let i = 0; i < sizes[prefix.length]!; i++) walk([...prefix, i]);
	};
	walk([]);
	const last = months.length - 1;
	// Snapshot measures: the total and the breakdown are the last month's snapshot.
	const inTotal = (a: number[]) => def.timing === 'event' || a[0] === last;
	const vec = (f: (a: number[]) => boolean) => atoms.map((a) => (f(a) ? 1 : 0));
	const pubs: Publication[] = [
		{ label: 'total', vector: vec(inTotal), suppressed: views[0]!.symbol === 'c' }
	];
	(views[0]!.months ?? []).forEach((m, i) =>
		pubs.push({ label: m.month, vector: vec((a) => a[0] === i), suppressed: m.symbol === 'c' })
	);
	dims.forEach((_, d) =>
		views[d]!.breakdown.forEach((b, k) =>
			pubs.push({
				label: `${dims[d]}=${b.key}`,
				vector: vec((a) => inTotal(a) && a[d + 1] === k),
				suppressed: b.symbol === 'c'
			})
		)
	);
	return pubs;
}

describe('disclosure control for a national viewer', () => {
	const ids = catalogue
		.filter((m) => !(m.perKey && !m.perKey.pooled) || m.kind === 'share')
		.map((m) => m.id);

	it('leaves no suppressed figure recoverable from the total, months and breakdowns of two years', async () => {
		let suppressed = 0;
		let checked = 0;
		for (const la of las) {
			for (const [from, to] of [
				['2023-04-01', '2024-03-31'],
				['2024-04-01', '2025-03-31']
			] as const) {
				for (const id of ids) {
					const pubs = await publications(la, id, from, to);
					const known = span(pubs.filter((p) => !p.suppressed).map((p) => p.vector));
					for (const p of pubs.filter((x) => x.suppressed)) {
						suppressed++;
						expect(known(p.vector), `${la} ${id} ${from} ${p.label} is recoverable`).toBe(false);
					}
					checked++;
				}
			}
		}
		// The synthetic authorities are small enough that plenty of figures are suppressed.
		expect(checked).toBe(las.length * 2 * ids.length);
		expect(suppressed).toBeGreaterThan(100);
	}, 240_000);

	it('suppresses the measures that split children on a plan together, so no part is a difference', async () => {
		// Unallocated + allocated = children on a plan: the whole is published (worker changes'
		// denominator), so a small unallocated count must not leave the allocated count published.
		const ids = [
			'cp_unallocated',
			'cp_experienced_worker',
			'cp_specialist_worker',
			'worker_changes_3plus'
		];
		let small = 0;
		for (const la of las) {
			const r = await run({ scope: { kind: 'la', la }, viewer: national, ids, breakdown: 'none' });
			const [u, e, s, w] = r.metrics;
			if (u!.symbol === 'c') {
				small++;
				expect([e!.symbol, s!.symbol], la).toEqual(['c', 'c']);
			}
			if (w!.denominator !== null && e!.denominator !== null)
				expect(w!.denominator - e!.denominator > 5 || w!.denominator === e!.denominator, la).toBe(
					true
				);
			// The same when the split's own measure is not asked for.
			const alone = await run({
				scope: { kind: 'la', la },
				viewer: national,
				ids: ['cp_experienced_worker'],
				breakdown: 'none'
			});
			expect(alone.metrics[0]!.symbol, la).toBe(e!.symbol);
		}
		expect(small).toBeGreaterThan(0);
	});

	it('never sends a number inside a suppressed figure', async () => {
		const r = await run({
			scope: { kind: 'la', la: las[3]! },
			viewer: national,
			monthly: true,
			benchmarks: true,
			authorities: true
		});
		const figures = r.metrics.flatMap((m) => [
			m,
			...m.breakdown,
			...(m.months ?? []),
			...(m.benchmarks?.authorities?.named ?? [])
		]);
		const c = figures.filter((f) => f.symbol === 'c');
		expect(c.length).toBeGreaterThan(0);
		for (const f of c) expect([f.value, f.numerator, f.denominator]).toEqual([null, null, null]);
	});
});

describe('result cache', () => {
	it('answers a repeated request from the cache, never across viewers or data versions', async () => {
		const request: Partial<MetricRequest> = { ids: ['icpc_15wd', 'cp_unallocated'], monthly: true };
		const first = await run(request);
		expect(await run(request)).toBe(first);
		// The same question from another viewer is another key: a partner holding more authorities.
		const partner = await run({ ...request, viewer: { role: 'partner', las: [las[1]!, las[0]!] } });
		expect(partner).not.toBe(first);
		expect(partner.metrics).toEqual(first.metrics);
		// A viewer who does not hold the authority is refused, whatever is cached.
		await expect(
			run({ ...request, viewer: { role: 'la_leader', las: [las[1]!] } })
		).rejects.toThrow();
		// Uncached answers are computed afresh and equal.
		const fresh = await run({ ...request, cache: false });
		expect(fresh).not.toBe(first);
		expect(fresh).toEqual(first);
		// A new load swaps in a new data version: the old answer is not served again.
		await loadExtract({ dir: extract, dbPath: db, referenceDir });
		const after = await run(request);
		expect(after).not.toBe(first);
		expect(after.dataVersion).not.toBe(first.dataVersion);
		expect(after.metrics).toEqual(first.metrics);
	}, 180_000);
});
