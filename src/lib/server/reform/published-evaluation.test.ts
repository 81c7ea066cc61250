import { DuckDBInstance } from '@duckdb/node-api';
import { describe, expect, it } from 'vitest';
import { publishedMeasures } from '$lib/published/catalogue';
import { rowsOf } from '../analytics/load/sql';
import type { AnalyticsSession } from '../analytics/duckdb';
import {
	NAMED_AREAS,
	publishedEvaluation,
	publishedMeasureFor,
	publishedNotEvaluable
} from './published-evaluation';

describe('which published measures are evaluated', () => {
	it('takes the children in need census rates and says why not for the rest', () => {
		expect(publishedNotEvaluable(publishedMeasureFor('rereferral_12m')!)).toBeNull();
		expect(publishedNotEvaluable(publishedMeasureFor('turnover_rate')!)).toMatch(/30 September/);
		const count = publishedMeasures.find((m) => m.denominator === null);
		if (count) expect(publishedNotEvaluable(count)).toMatch(/count/);
		expect(publishedMeasureFor('strategy_core_attendance')).toBeNull();
	});
	it('names the ten areas the programme named, by their current codes', () => {
		expect(NAMED_AREAS).toHaveLength(10);
		expect(NAMED_AREAS.filter((a) => a.firstYear === 2024).map((a) => a.name)).toEqual([
			'Dorset',
			'Lincolnshire',
			'Wolverhampton'
		]);
	});
});

describe('publishedEvaluation on figures worked by hand', () => {
	it('aligns areas on their first year live, from their three-year mean, up to 2025 only', async () => {
		// Dorset (first live 2024): 10 10 10 | 20 22; Lewisham (first live 2025): 5 5 5 5 | 15;
		// another authority: 30 30 30 31 32. 2026 (everyone under the national programme) and the
		// old Dorset's code (not current) are left out, whatever they hold.
		// Dorset, base 10: 2024: (20−10) − mean(Lewisham 5−5, other 31−30) = 9.5;
		//                  2025: (22−10) − (other 32−30) = 10 (Lewisham is live).
		// Lewisham, base mean(2022..2024) = 5: 2025: (15−5) − (other 32 − 30⅓) = 8⅓.
		// First year live: (9.5 + 8⅓) / 2 = 8.91666…; second: 10. The estimate: 9.458333….
		const instance = await DuckDBInstance.create(':memory:');
		const c = await instance.connect();
		await c.run(`CREATE TABLE published_figures (measure VARCHAR, year INTEGER, level VARCHAR,
			area_code VARCHAR, current BOOLEAN, value DOUBLE)`);
		const series: [string, boolean, number[]][] = [
			['E06000059', true, [10, 10, 10, 20, 22, 99]],
			['E09000023', true, [5, 5, 5, 5, 15, 99]],
			['E08000001', true, [30, 30, 30, 31, 32, 99]],
			['E10000009', false, [1000, 1000, 1000, 0, 0, 0]]
		];
		for (const [code, current, values] of series)
			for (const [i, v] of values.entries())
				await c.run(
					`INSERT INTO published_figures VALUES ('rereferral_12m', ${2021 + i}, 'la', '${code}', ${current}, ${v})`
				);
		const session = {
			dataVersion: { version: 'hand-built' },
			query: (sql: string, p?: Record<string, string>) => rowsOf(c, sql, p)
		} as unknown as AnalyticsSession;
		const r = (await publishedEvaluation(session, publishedMeasureFor('rereferral_12m')!))!;
		expect(r.estimate).toBeCloseTo((8 + 11 / 12 + 10) / 2, 10);
		expect(r.years).toEqual({ from: 2021, to: 2025 });
		expect(r.adopted.map((a) => a.name)).toEqual(['Dorset', 'Lewisham']);
		expect(r.comparison).toBe(1);
		const byE = Object.fromEntries(r.eventTimes.map((e) => [e.e, e.estimate]));
		expect(byE[0]).toBeCloseTo(8 + 11 / 12, 10);
		expect(byE[1]).toBeCloseTo(10, 10);
		c.closeSync();
		instance.closeSync();
	});
});
