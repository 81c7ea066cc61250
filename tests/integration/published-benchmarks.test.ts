// One real authority's case data (a CIN census return of the City of London, pseudonymised) in
// an instance of its own: its benchmarks for a financial year come from DfE's published
// statistics — England, London, its statistical neighbours' median, its band and rank among
// every other authority — labelled with their source; synthetic data never gets them.
import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { withAnalytics } from '$lib/server/analytics/duckdb';
import { computeMetrics } from '$lib/server/analytics/engine/engine';
import { loadExtract } from '$lib/server/analytics/load/loader';
import { loadPublished } from '$lib/server/published/store';
import { referenceDir } from '$lib/server/reference-data';
import { CIN_2023, CITY_OF_LONDON } from '../fixtures/census-returns';
import { generateInto, useScratchFolder } from '../fixtures/loaded';

const scratch = useScratchFolder('published-benchmarks');
let real: string;
let synthetic: string;

beforeAll(async () => {
	const root = scratch();
	// The published store every computation in this file reads (the setting is read once).
	process.env.OVERSIGHT_PUBLISHED_DB = path.join(root, 'published.duckdb');
	await loadPublished({
		dir: path.resolve('data/published'),
		dbPath: process.env.OVERSIGHT_PUBLISHED_DB,
		referenceDir,
		loadedBy: 'test'
	});
	const returns = path.join(root, 'returns');
	fs.mkdirSync(returns);
	fs.writeFileSync(path.join(returns, 'cin-2023.xml'), CIN_2023);
	real = path.join(root, 'real.duckdb');
	await loadExtract({
		dir: returns,
		dbPath: real,
		referenceDir,
		pseudonymiseKey: Buffer.from('a key of sixteen bytes or more')
	});
	const generated = path.join(root, 'synthetic');
	fs.mkdirSync(generated);
	const { extract } = await generateInto(generated, { authorities: 2, years: 1, seed: 'pb' });
	synthetic = path.join(root, 'synthetic.duckdb');
	await loadExtract({ dir: extract, dbPath: synthetic, referenceDir });
}, 120_000);

const rereferrals = (db: string, la: string, from: string, to: string) =>
	withAnalytics(
		(s) =>
			computeMetrics(s, {
				scope: { kind: 'la', la },
				viewer: { role: 'la_leader', las: [la] },
				from,
				to,
				ids: ['rereferral_12m', 'strategy_core_attendance'],
				benchmarks: true
			}),
		db
	);

describe('benchmarks for one real authority', () => {
	it('come from DfE’s published figures for the year, named with their source', async () => {
		const r = await rereferrals(real, CITY_OF_LONDON, '2022-04-01', '2023-03-31');
		const b = r.metrics.find((m) => m.id === 'rereferral_12m')!.benchmarks!;
		// Its own published figure, set beside the one from its case data: suppressed by DfE.
		expect(b.published).toEqual({
			source: 'DfE, year ending 31 March 2023',
			difference: null,
			reported: { value: null, numerator: null, denominator: 59, symbol: 'c', joint: null }
		});
		// C1, 2023: England 22.4% (of 640,430 referrals), London 18.9%.
		expect(b.england).toMatchObject({ value: 22.4, denominator: 640430 });
		expect(b.region).toMatchObject({ code: 'E12000007', value: 18.9 });
		// Its ten neighbours in DfE's 2025 model, 2023: Camden 14, Hammersmith and Fulham 14.9,
		// Kensington and Chelsea 24.4, Southwark 20, Lambeth 13.6, Islington 16.1, Wandsworth 18,
		// Westminster 18.9, Lewisham 20.1, Brighton and Hove 25: median 18.45.
		expect(b.neighbours!.published).toBe(10);
		expect(b.neighbours!.of).toBe(10);
		expect(b.neighbours!.value).toBeCloseTo(18.45, 9);
	});

	it('rank its own figure among every other authority’s published one', async () => {
		const r = await rereferrals(real, CITY_OF_LONDON, '2022-04-01', '2023-03-31');
		const m = r.metrics.find((x) => x.id === 'rereferral_12m')!;
		// Its return has two referrals and no re-referral: 0%, below every published figure of
		// 2023 (the lowest is 10.0%). The City's own published figure is suppressed (c) and left
		// out; 149 of the other 151 authorities of that year have one, so 150 figures are ranked.
		expect([m.value, m.numerator, m.denominator]).toEqual([0, 0, 2]);
		expect(m.benchmarks!.rank).toEqual({ position: 1, of: 150 });
		expect(m.benchmarks!.band).toBe('A');
	});

	it('stay the instance’s own for a measure DfE does not publish', async () => {
		const r = await rereferrals(real, CITY_OF_LONDON, '2022-04-01', '2023-03-31');
		expect(
			r.metrics.find((m) => m.id === 'strategy_core_attendance')!.benchmarks!.published
		).toBeUndefined();
	});

	it('stay the instance’s own for a measure whose release file is not loaded', async () => {
		// C4 (initial conferences by time taken) is read when given, but not shipped.
		const r = await withAnalytics(
			(s) =>
				computeMetrics(s, {
					scope: { kind: 'la', la: CITY_OF_LONDON },
					viewer: { role: 'la_leader', las: [CITY_OF_LONDON] },
					from: '2022-04-01',
					to: '2023-03-31',
					ids: ['icpc_15wd', 'repeat_plan'],
					benchmarks: true
				}),
			real
		);
		const published = (id: string) => r.metrics.find((m) => m.id === id)!.benchmarks!.published;
		expect(published('icpc_15wd')).toBeUndefined();
		expect(published('repeat_plan')?.source).toBe('DfE, year ending 31 March 2023');
	});

	it('are not DfE’s for a period that is not a financial year', async () => {
		const r = await rereferrals(real, CITY_OF_LONDON, '2022-10-01', '2023-03-31');
		expect(r.metrics.find((m) => m.id === 'rereferral_12m')!.benchmarks!.published).toBeUndefined();
	});

	it('are never DfE’s for synthetic data', async () => {
		const r = await rereferrals(synthetic, 'X00000001', '2024-04-01', '2025-03-31');
		for (const m of r.metrics) expect(m.benchmarks!.published).toBeUndefined();
	});
});
