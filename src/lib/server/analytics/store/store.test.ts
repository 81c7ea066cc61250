// The published roll-up's SQL on a handful of hand-built authority-months, in an in-memory
// DuckDB: the protected sums worked out by hand, and the property the disclosure design rests
// on — changing any authority's count of 1 to 5 to another count of 1 to 5 changes nothing.
import { DuckDBInstance } from '@duckdb/node-api';
import { describe, expect, it } from 'vitest';
import {
	publishedDistributionSql,
	publishedRollupSql,
	rollupPartsSql,
	rollupSmallsSql,
	smallCountMeanSql
} from './store';

type CubeRow = [la: string, num: number, den: number];

async function rollup(
	rows: CubeRow[]
): Promise<Map<string, { num: number; den: number; numN: number; denN: number }>> {
	const instance = await DuckDBInstance.create(':memory:');
	const c = await instance.connect();
	try {
		await c.run(`CREATE TABLE cube (metric VARCHAR, la_code VARCHAR, month DATE, breakdown VARCHAR,
			key VARCHAR, num DOUBLE, den DOUBLE, num_n BIGINT, den_n BIGINT)`);
		for (const [la, num, den] of rows)
			await c.run(
				`INSERT INTO cube VALUES ('m', $la, DATE '2024-04-01', '', '', $num, $den, $num, $den)`,
				{
					la,
					num,
					den
				}
			);
		await c.run(`CREATE TABLE regions AS SELECT * FROM (VALUES ('A', 'R'), ('B', 'R'), ('C', 'R'),
			('D', 'S')) t(la_code, region)`);
		await c.run(`CREATE TABLE parts AS ${rollupPartsSql('cube', 'regions')}`);
		await c.run(`CREATE TABLE smalls AS ${rollupSmallsSql('cube', 'regions')}`);
		const reader = await c.runAndReadAll(publishedRollupSql('parts', 'smalls'));
		return new Map(
			reader
				.getRowObjectsJS()
				.map((r) => [
					String(r.area),
					{ num: Number(r.num), den: Number(r.den), numN: Number(r.num_n), denN: Number(r.den_n) }
				])
		);
	} finally {
		c.closeSync();
		instance.closeSync();
	}
}

describe('the published roll-up', () => {
	it('counts a small denominator as 3 at England rate, and keeps larger counts exact', async () => {
		// A: 2 of 4 (a small denominator); C: 20 of 50; D: 12 of 30. England's rate over the
		// others: (20 + 12) / (50 + 30) = 0.4, so A counts as 1.2 of 3.
		const r = await rollup([
			['A', 2, 4],
			['C', 20, 50],
			['D', 12, 30]
		]);
		expect(r.get('R')!.num).toBeCloseTo(1.2 + 20, 9);
		expect(r.get('R')!.den).toBe(3 + 50);
		expect(r.get('england')!.num).toBeCloseTo(1.2 + 20 + 12, 9);
		expect(r.get('england')!.den).toBe(83);
		expect(r.get('S')).toEqual({ num: 12, den: 30, numN: 12, denN: 30 });
	});

	it('takes a small numerator as the mean of a count of 1 to 5 at its chance', async () => {
		// Binomial, 10 records at chance 0.1, weights C(10, k)(1/9)^k for k = 1…5:
		// 1.111111, 0.555556, 0.164609, 0.032007, 0.004268 (sum 1.867551); Σ k·w = 2.865417;
		// mean 1.534317. Poisson where the chance is 1 or more (a rate): λ = 1 gives
		// (1 + 2/2 + 3/6 + 4/24 + 5/120) / (1 + 1/2 + 1/6 + 1/24 + 1/120) = 1.577670.
		const instance = await DuckDBInstance.create(':memory:');
		const c = await instance.connect();
		try {
			const at = async (n: number, p: number) =>
				Number(
					(
						await c.runAndReadAll(
							`SELECT ${smallCountMeanSql(`${n}::DOUBLE`, `${p}::DOUBLE`)} AS m`
						)
					).getRows()[0]![0]
				);
			expect(await at(10, 0.1)).toBeCloseTo(1.534317, 5);
			expect(await at(1, 1)).toBeCloseTo(1.57767, 5);
			expect(await at(40, 0)).toBe(1);
			expect(await at(1000, 0.5)).toBeGreaterThan(4.9);
		} finally {
			c.closeSync();
			instance.closeSync();
		}
	});

	it('publishes nothing that depends on the exact value of any count of 1 to 5', async () => {
		const base = await rollup([
			['A', 2, 4],
			['B', 3, 40],
			['C', 20, 50],
			['D', 12, 30]
		]);
		for (const changed of [
			[
				['A', 1, 5],
				['B', 5, 40],
				['C', 20, 50],
				['D', 12, 30]
			],
			[
				['A', 5, 5],
				['B', 1, 40],
				['C', 20, 50],
				['D', 12, 30]
			],
			[
				['A', 3, 3],
				['B', 4, 40],
				['C', 20, 50],
				['D', 12, 30]
			]
		] as CubeRow[][])
			expect(await rollup(changed)).toEqual(base);
	});

	it('keeps zero as zero and counts of 6 or more exactly', async () => {
		const r = await rollup([
			['A', 0, 0],
			['B', 0, 6],
			['C', 6, 6],
			['D', 0, 0]
		]);
		expect(r.get('R')).toEqual({ num: 6, den: 12, numN: 6, denN: 12 });
	});

	it('keeps the total of a rare event near the truth when most months are small', async () => {
		// 400 authority-months of 20 records, each event with chance 1 in 20 (about one a month):
		// most numerators are 0, 1 or 2. Counting each small one as 3 would overstate the total by
		// half or more; their mean at England's rate keeps it within a tenth.
		let seed = 12345;
		const uniform = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) + 0.5) / 2 ** 31;
		const poisson = (lambda: number) => {
			let k = 0;
			for (let p = uniform(); p > Math.exp(-lambda); p *= uniform()) k++;
			return k;
		};
		const rows: CubeRow[] = Array.from({ length: 400 }, (_, i) => ['ABCD'[i % 4]!, poisson(1), 20]);
		const truth = rows.reduce((t, [, n]) => t + n, 0);
		const fixedThree = rows.reduce((t, [, n]) => t + (n >= 1 && n <= 5 ? 3 : n), 0);
		const published = (await rollup(rows)).get('england')!.num;
		expect(Math.abs(fixedThree - truth) / truth).toBeGreaterThan(0.5);
		expect(Math.abs(published - truth) / truth).toBeLessThan(0.1);
	});
});

/** One authority-month's cell of the cube (metric, month, breakdown and key in `group`). */
interface Cell {
	la: string;
	group: [metric: string, month: string, breakdown: string, key: string];
	num: number;
	den: number;
	numN: number;
	denN: number;
}

/**
 * The roll-up as its definition reads, cell by cell (the way it was first written, before it
 * was summed by region): an oracle for the SQL, written apart from it.
 */
function rollupByDefinition(cells: Cell[], regionOf: Record<string, string>) {
	const small = (n: number) => n >= 1 && n <= 5;
	const fact = (k: number): number => (k <= 1 ? 1 : k * fact(k - 1));
	const mean = (n: number, p: number) => {
		if (n * p <= 0) return 1;
		const ks = [1, 2, 3, 4, 5];
		const choose = (k: number) => ks.slice(0, k).reduce((a, i) => (a * (n - i + 1)) / i, 1);
		const w = ks.map((k) =>
			p < 1 ? choose(k) * Math.pow(p / (1 - p), k) : Math.pow(n * p, k) / fact(k)
		);
		return ks.reduce((t, k, i) => t + k * w[i]!, 0) / w.reduce((a, b) => a + b, 0);
	};
	const groupKey = (c: Cell) => c.group.join('|');
	const seriesKey = (c: Cell) => [c.group[0], c.group[2], c.group[3]].join('|');
	const rates = (key: (c: Cell) => string, value: (c: Cell) => number) => {
		const sums = new Map<string, [number, number]>();
		for (const c of cells.filter((c) => !small(c.denN))) {
			const [n, d] = sums.get(key(c)) ?? [0, 0];
			sums.set(key(c), [n + value(c), d + c.den]);
		}
		return new Map([...sums].map(([k, [n, d]]) => [k, d === 0 ? null : n / d]));
	};
	let rate = rates(groupKey, (c) => (small(c.numN) ? 2 : c.num));
	for (let round = 1; round <= 3; round++) {
		const last = rate;
		rate = rates(groupKey, (c) =>
			small(c.numN) ? mean(c.denN, last.get(groupKey(c)) ?? 0) : c.num
		);
	}
	const overAll = rates(seriesKey, (c) => (small(c.numN) ? 2 : c.num));
	const out = new Map<string, { num: number; den: number; numN: number; denN: number }>();
	for (const c of cells) {
		const r = rate.get(groupKey(c)) ?? overAll.get(seriesKey(c)) ?? 0;
		const estimate = c.denN === 0 ? 3 : mean(c.denN, r);
		const p = small(c.denN)
			? { num: 3 * r, den: 3, numN: 3 * r, denN: 3 }
			: small(c.numN)
				? { num: estimate, den: c.den, numN: estimate, denN: c.denN }
				: { num: c.num, den: c.den, numN: c.numN, denN: c.denN };
		for (const area of [regionOf[c.la]!, 'england']) {
			const key = `${area}|${groupKey(c)}`;
			const t = out.get(key) ?? { num: 0, den: 0, numN: 0, denN: 0 };
			out.set(key, {
				num: t.num + p.num,
				den: t.den + p.den,
				numN: t.numN + p.numN,
				denN: t.denN + p.denN
			});
		}
	}
	return out;
}

describe('the published roll-up, summed by region', () => {
	it('gives what its definition gives cell by cell, on many random cubes', async () => {
		let seed = 2024;
		const uniform = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
		const pick = <T>(xs: T[]) => xs[Math.floor(uniform() * xs.length)]!;
		const regionOf: Record<string, string> = {};
		for (let i = 0; i < 12; i++) regionOf[`L${i}`] = `R${i % 3}`;
		const instance = await DuckDBInstance.create(':memory:');
		const c = await instance.connect();
		try {
			await c.run('CREATE TABLE regions (la_code VARCHAR, region VARCHAR)');
			for (const [la, region] of Object.entries(regionOf))
				await c.run('INSERT INTO regions VALUES ($la, $region)', { la, region });
			for (let trial = 0; trial < 5; trial++) {
				const cells: Cell[] = [];
				for (const metric of ['count', 'fte', 'rate'])
					for (const month of ['2024-01-01', '2024-02-01', '2024-03-01'])
						for (const [breakdown, key] of [
							['', ''],
							['age', 'under 1'],
							['age', '1 to 4']
						] as const)
							for (const la of Object.keys(regionOf)) {
								if (uniform() < 0.2) continue;
								// Mostly small counts; denominators of 0 and numerators above the
								// denominator (a rate) included; some series all small.
								const allSmall = key === 'under 1' && metric === 'count';
								const denN = allSmall
									? 1 + Math.floor(uniform() * 5)
									: pick([0, 1 + Math.floor(uniform() * 5), 6 + Math.floor(uniform() * 60)]);
								const numN =
									metric === 'rate'
										? Math.floor(uniform() * 3 * (denN + 1))
										: Math.floor(uniform() * (denN + 1));
								const num = metric === 'fte' ? numN * 0.8 : numN;
								cells.push({
									la,
									group: [metric, month, breakdown, key],
									num,
									den: denN,
									numN,
									denN
								});
							}
				await c.run(`CREATE OR REPLACE TABLE cube (metric VARCHAR, la_code VARCHAR, month DATE,
					breakdown VARCHAR, key VARCHAR, num DOUBLE, den DOUBLE, num_n BIGINT, den_n BIGINT)`);
				const appender = await c.createAppender('cube');
				for (const cell of cells) {
					appender.appendVarchar(cell.group[0]);
					appender.appendVarchar(cell.la);
					appender.appendVarchar(cell.group[1]);
					appender.appendVarchar(cell.group[2]);
					appender.appendVarchar(cell.group[3]);
					appender.appendDouble(cell.num);
					appender.appendDouble(cell.den);
					appender.appendBigInt(BigInt(cell.numN));
					appender.appendBigInt(BigInt(cell.denN));
					appender.endRow();
				}
				appender.closeSync();
				await c.run(`CREATE OR REPLACE TABLE parts AS ${rollupPartsSql('cube', 'regions')}`);
				await c.run(`CREATE OR REPLACE TABLE smalls AS ${rollupSmallsSql('cube', 'regions')}`);
				const rows = (
					await c.runAndReadAll(
						`SELECT area, metric, strftime(month, '%Y-%m-%d') AS month, breakdown, key, num, den,
							num_n, den_n FROM (${publishedRollupSql('parts', 'smalls')})`
					)
				).getRowObjectsJS();
				const expected = rollupByDefinition(cells, regionOf);
				expect(rows).toHaveLength(expected.size);
				for (const r of rows) {
					const want = expected.get([r.area, r.metric, r.month, r.breakdown, r.key].join('|'))!;
					for (const [got, wanted] of [
						[r.num, want.num],
						[r.den, want.den],
						[r.num_n, want.numN],
						[r.den_n, want.denN]
					] as [number, number][])
						expect(Math.abs(got - wanted)).toBeLessThan(1e-9 * Math.max(1, Math.abs(wanted)));
				}
			}
		} finally {
			c.closeSync();
			instance.closeSync();
		}
	});
});

describe('the published distributions', () => {
	it('leave out every authority-month with 1 to 5 records', async () => {
		const instance = await DuckDBInstance.create(':memory:');
		const c = await instance.connect();
		try {
			await c.run(`CREATE TABLE dist (metric VARCHAR, la_code VARCHAR, month DATE, breakdown VARCHAR,
				key VARCHAR, value INTEGER, n BIGINT)`);
			// A has 5 records (left out); B has 6 (kept).
			await c.run(`INSERT INTO dist VALUES ('m', 'A', DATE '2024-04-01', '', '', 1, 5),
				('m', 'B', DATE '2024-04-01', '', '', 4, 2), ('m', 'B', DATE '2024-04-01', '', '', 9, 4)`);
			await c.run(
				`CREATE TABLE areas AS SELECT 'england' AS area, * FROM (VALUES ('A'), ('B')) t(la_code)`
			);
			const rows = (
				await c.runAndReadAll(publishedDistributionSql('dist', 'areas'))
			).getRowObjectsJS();
			expect(rows.map((r) => [Number(r.value), Number(r.n)]).sort()).toEqual([
				[4, 2],
				[9, 4]
			]);
		} finally {
			c.closeSync();
			instance.closeSync();
		}
	});
});
