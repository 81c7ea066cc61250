// One published row's figure for a measure, worked out by hand: DfE's own value where the
// release carries one, a rate over the population otherwise, and DfE's symbols passed on, never
// turned into numbers.
import { describe, expect, it } from 'vitest';
import { publishedMeasureById } from '$lib/published/catalogue';
import { figureOf } from './figures';
import { cellOf, type Cell } from './read';

const cells = (values: Record<string, string>): Record<string, Cell> =>
	Object.fromEntries(Object.entries(values).map(([k, v]) => [k, cellOf(v)!]));
const measure = (id: string) => publishedMeasureById.get(id)!;

describe('a published figure', () => {
	it('takes DfE’s own percentage, with the counts beside it', () => {
		expect(
			figureOf(
				measure('rereferral_12m'),
				cells({ rereferral_count: '1003', referral_count: '5378', rereferral_percent: '18.7' }),
				null
			)
		).toEqual({ numerator: 1003, denominator: 5378, value: 18.7, symbol: null });
	});

	it('works out a rate per 10,000 children over the population', () => {
		// 489 plans over 100,432 children: 48.6897… per 10,000.
		const f = figureOf(measure('cp_plan_rate'), cells({ CPP_At31: '489' }), 100432);
		expect(f.value).toBeCloseTo(48.6897, 4);
		expect([f.numerator, f.denominator, f.symbol]).toEqual([489, 100432, null]);
	});

	it('sums a denominator of several columns', () => {
		// Agency FTE over agency and employed FTE: 35.2 / (35.2 + 403.7).
		const f = figureOf(
			measure('agency_rate'),
			cells({ agency_fte: '35.2', inpost_fte: '403.7', agency_rate_fte: '8' }),
			null
		);
		expect([f.numerator, f.denominator, f.value]).toEqual([35.2, 438.9, 8]);
	});

	it('passes on a suppressed numerator, and a suppressed part of a sum, as DfE’s symbol', () => {
		expect(figureOf(measure('cp_plan_rate'), cells({ CPP_At31: 'c' }), 5000)).toEqual({
			numerator: null,
			denominator: 5000,
			value: null,
			symbol: 'c'
		});
		const f = figureOf(
			measure('agency_rate'),
			cells({ agency_fte: 'low', inpost_fte: '227.4', agency_rate_fte: 'low' }),
			null
		);
		expect([f.value, f.symbol, f.denominator]).toEqual([null, 'low', null]);
	});

	it('says x where the population is not known, and z where it is nought', () => {
		expect(figureOf(measure('referral_rate'), cells({ referral_count: '40' }), null)).toMatchObject(
			{
				value: null,
				symbol: 'x'
			}
		);
		expect(figureOf(measure('referral_rate'), cells({ referral_count: '40' }), 0)).toMatchObject({
			value: null,
			symbol: 'z'
		});
	});

	it('reads DfE’s symbols and numbers, and nothing else', () => {
		expect(['c', 'x', 'z', 'u', 'low', ':'].map((s) => cellOf(s)?.symbol)).toEqual([
			'c',
			'x',
			'z',
			'u',
			'low',
			'x'
		]);
		expect(['12', '0', '13.5', '-2'].map((s) => cellOf(s)?.value)).toEqual([12, 0, 13.5, -2]);
		for (const bad of ['', 'n/a', '1,234', '12%', '1e3', 'C', '..', '9'.repeat(400)])
			expect(cellOf(bad)).toBeNull();
	});
});
