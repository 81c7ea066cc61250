import { DuckDBInstance } from '@duckdb/node-api';
import { describe, expect, it } from 'vitest';
import { findMetric } from '$lib/metrics/catalogue';
import { rowsOf } from '../analytics/load/sql';
import {
	evaluate,
	goLivesFrom,
	monthlyValues,
	monthlyValuesBoth,
	notEvaluable,
	type MonthValue
} from './evaluation';

const core = findMetric('strategy_core_attendance')!;

describe('notEvaluable', () => {
	it('offers measures with one value per authority and says why not for the rest', () => {
		expect(notEvaluable(core)).toBeNull();
		expect(notEvaluable(findMetric('caseload_avg')!)).toBeNull();
		expect(notEvaluable(findMetric('info_response_median_days')!)).toMatch(/median/);
		expect(notEvaluable(findMetric('strategy_agency_attendance')!)).toMatch(/distribution/);
	});
});

describe('evaluate on values worked by hand', () => {
	// Months 2024-01 to 2024-04. A goes live on 15 March (its first month live is March), B and C
	// never. A: 40 40 50 52; B: 30 32 32 34; C: 60 60 62 62. Each is measured from its mean over
	// the months before A's go-live that the data has (January and February): A 40, B 31, C 60.
	// Event time 0 (March): (50−40) − mean(B 32−31, C 62−60) = 10 − 1.5 = 8.5.
	// Event time 1 (April): (52−40) − mean(34−31, 62−60) = 12 − 2.5 = 9.5. Estimate (0..1): 9.
	// Placebos: e = −1 (February): (40−40) − mean(32−31, 60−60) = −0.5;
	//           e = −2 (January):  (40−40) − mean(30−31, 60−60) = +0.5.
	const months = ['2024-01', '2024-02', '2024-03', '2024-04'];
	const series: Record<string, number[]> = {
		A: [40, 40, 50, 52],
		B: [30, 32, 32, 34],
		C: [60, 60, 62, 62]
	};
	const values: MonthValue[] = Object.entries(series).flatMap(([la, v]) =>
		v.map((value, i) => ({ la, month: months[i]!, value }))
	);

	it('gives the hand-worked estimate, event study and groups', () => {
		const r = evaluate(core, values, ['A', 'B', 'C'], { A: '2024-03-15' })!;
		expect(r.estimate).toBeCloseTo(9, 10);
		expect(r.eventTimes.map((e) => [e.e, e.estimate])).toEqual([
			[-2, 0.5],
			[-1, -0.5],
			[0, 8.5],
			[1, 9.5]
		]);
		expect(r.adopted).toEqual(['A']);
		expect(r.comparison).toEqual(['B', 'C']);
		expect(r.months).toEqual({ from: '2024-01', to: '2024-04' });
	});

	it('leaves out an authority live from the first month, and one going live after the data', () => {
		const r = evaluate(core, values, ['A', 'B', 'C'], {
			A: '2024-03-01',
			B: '2023-06-01',
			C: '2024-07-01'
		})!;
		expect(r.liveThroughout).toEqual(['B']);
		// C is not live within the data: the comparison, alone (base 60). (50−40) − (62−60) = 8;
		// (52−40) − (62−60) = 10.
		expect(r.comparison).toEqual(['C']);
		expect(r.estimate).toBeCloseTo(9, 10);
	});

	it('has no estimate without a comparison or a month before go-live', () => {
		expect(evaluate(core, values, ['A', 'B', 'C'], {})).toBeNull();
		expect(evaluate(core, values, ['A'], { A: '2024-03-01' })).toBeNull();
		expect(evaluate(core, values, ['A', 'B'], { A: '2024-01-01' })).toBeNull();
	});
});

describe('goLivesFrom', () => {
	it('takes the register where it speaks and the simulation elsewhere', () => {
		const register = new Map([
			['A', { macpt: { stage: 'live', date: '2024-05-01' } }],
			['B', { macpt: { stage: 'planned', date: '2025-01-01' } }],
			['D', {}]
		]);
		const simulated = { A: '2023-09-01', B: '2023-09-01', C: '2024-03-01', D: '2024-04-01' };
		expect(goLivesFrom(register, simulated)).toEqual({
			goLive: { A: '2024-05-01', C: '2024-03-01', D: '2024-04-01' },
			source: { A: 'register', C: 'simulated', D: 'simulated' }
		});
	});
});

describe('monthlyValues', () => {
	async function withTotals(
		rows: string,
		run: (
			q: (sql: string, p: Record<string, string>) => Promise<Record<string, unknown>[]>
		) => Promise<void>
	) {
		const instance = await DuckDBInstance.create(':memory:');
		const c = await instance.connect();
		await c.run(`CREATE TABLE metric_totals (metric VARCHAR, la_code VARCHAR, month DATE,
			num DOUBLE, den DOUBLE, num_n DOUBLE, den_n DOUBLE)`);
		await c.run(`INSERT INTO metric_totals VALUES ${rows}`);
		await run((sql, p) => rowsOf(c, sql, p));
		c.closeSync();
		instance.closeSync();
	}

	it('gives each authority-month its value, and as published when protected', async () => {
		// January: A 3 of 50, B 47 of 50 (England 50%), C 2 of 4. February: A 10 of 20.
		await withTotals(
			`('strategy_core_attendance', 'A', '2024-01-01', 3, 50, NULL, NULL),
			('strategy_core_attendance', 'B', '2024-01-01', 47, 50, NULL, NULL),
			('strategy_core_attendance', 'C', '2024-01-01', 2, 4, NULL, NULL),
			('strategy_core_attendance', 'A', '2024-02-01', 10, 20, NULL, NULL),
			('icpc_15wd', 'A', '2024-01-01', 1, 1, NULL, NULL)`,
			async (q) => {
				const raw = await monthlyValues(q, core, { protect: false });
				expect(raw.map((v) => [v.la, v.month, v.value])).toEqual([
					['A', '2024-01', 6],
					['A', '2024-02', 50],
					['B', '2024-01', 94],
					['C', '2024-01', 50]
				]);
				const safe = await monthlyValues(q, core, { protect: true });
				// A's 3 counts as the mean of a binomial(50, 0.5) count given it is 1 to 5:
				// (1·50 + 2·1225 + 3·19600 + 4·230300 + 5·2118760) / (50 + 1225 + 19600 + 230300
				// + 2118760) = 11576300 / 2369935 = 4.88463…; 100 × that / 50 = 9.769…%.
				// C's denominator of 4 is small: left out.
				expect(safe.map((v) => [v.la, v.month])).toEqual([
					['A', '2024-01'],
					['A', '2024-02'],
					['B', '2024-01'],
					['C', '2024-01']
				]);
				expect(safe[0]!.value).toBeCloseTo((100 * (11576300 / 2369935)) / 50, 9);
				expect(safe[1]!.value).toBe(50);
				expect(safe[2]!.value).toBe(94);
				expect(safe[3]!.value).toBeNull();
				// Both from one reading of the store are the same as each read alone.
				expect(await monthlyValuesBoth(q, core)).toEqual({ published: safe, own: raw });
			}
		);
	});
});
