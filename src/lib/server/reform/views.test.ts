import { describe, expect, it } from 'vitest';
import type { DataFacts } from '../analytics/engine/data-facts';
import type { ReformEntry } from '../db/schema';
import type { Evaluation, MonthValue } from './evaluation';
import {
	beforeAndAfter,
	evaluationView,
	MIN_GROUP,
	rolloutView,
	seriesOf as series,
	stagesNow,
	type Register
} from './views';

/** Authorities A1..A6 in the North East, B1..B6 in London. */
function facts(): DataFacts {
	const authorities = new Map(
		['A', 'B'].flatMap((r) =>
			[1, 2, 3, 4, 5, 6].map((i) => [
				`${r}${i}`,
				{
					code: `${r}${i}`,
					name: `${r === 'A' ? 'Northby' : 'Londham'} ${i}`,
					regionCode: r,
					regionName: r === 'A' ? 'North East' : 'London',
					population: 1000
				}
			])
		)
	);
	return {
		authorities,
		regions: new Map([
			['A', { name: 'North East', las: ['A1', 'A2', 'A3', 'A4', 'A5', 'A6'] }],
			['B', { name: 'London', las: ['B1', 'B2', 'B3', 'B4', 'B5', 'B6'] }]
		]),
		period: { first: '2023-04-01', last: '2024-03-31' }
	} as unknown as DataFacts;
}

const entry = (stage: string, date: string) => ({ stage, date }) as ReformEntry;

describe('stagesNow and rolloutView', () => {
	// A1 live in the register (Jan 2024); A2 simulated live (Nov 2023) but the register says
	// planned, which wins; B1 simulated live (Nov 2023); everyone else not started.
	const register: Register = new Map([
		['A1', { macpt: entry('live', '2024-01-15') }],
		[
			'A2',
			{
				macpt: entry('planned', '2025-01-01'),
				programme: entry('families_first_2025', '2025-04-01')
			}
		]
	]);
	const stages = stagesNow(facts(), register, { A2: '2023-11-01', B1: '2023-11-01' });

	it('takes the register where it speaks and the simulation elsewhere', () => {
		const by = Object.fromEntries(stages.map((s) => [s.code, s]));
		expect(by.A1).toMatchObject({ stage: 'live', date: '2024-01-15', source: 'register' });
		expect(by.A2).toMatchObject({ stage: 'planned', date: '2025-01-01', source: 'register' });
		expect(by.A2!.wave).toBe('Families First Partnership programme (from April 2025)');
		expect(by.B1).toMatchObject({ stage: 'live', date: '2023-11-01', source: 'simulated' });
		expect(by.B2).toMatchObject({ stage: 'not_started', date: null, source: null });
	});

	it('counts by region and month, naming every authority to national users only', () => {
		const national = rolloutView(facts(), { role: 'national', las: [] }, stages);
		expect(national.totals).toEqual({ live: 2, planned: 1, not_started: 9 });
		expect(national.byRegion).toEqual([
			{ region: 'North East', live: 1, planned: 1, notStarted: 4 },
			{ region: 'London', live: 1, planned: 0, notStarted: 5 }
		]);
		// From the month before the first go-live to the data's last month.
		expect(national.overTime.map((o) => [o.month, o.live])).toEqual([
			['2023-10-01', 0],
			['2023-11-01', 1],
			['2023-12-01', 1],
			['2024-01-01', 2],
			['2024-02-01', 2],
			['2024-03-01', 2]
		]);
		expect(national.overTime[3]!.byRegion).toEqual({ 'North East': 1, London: 1 });
		expect(national.authorities).toHaveLength(12);
		expect(national.authorities.slice(0, 3).map((a) => a.code)).toEqual(['B1', 'A1', 'A2']);
		expect(national.simulated).toBe(true);

		const director = rolloutView(facts(), { role: 'la_leader', las: ['A3'] }, stages);
		expect(director.totals).toEqual(national.totals);
		expect(director.authorities.map((a) => a.code)).toEqual(['A3']);
		expect(director.named).toBe(false);
	});
});

describe('evaluationView', () => {
	const go = (n: number) =>
		Object.fromEntries(Array.from({ length: n }, (_, i) => [`A${i + 1}`, '2023-10-01']));
	const evaluation = (adopted: number, comparison: number): Evaluation => ({
		metric: 'm',
		estimate: 12.345,
		lower: 10.04,
		upper: 14.66,
		method: 'method',
		adopted: Object.keys(go(adopted)),
		comparison: Array.from({ length: comparison }, (_, i) => `B${i + 1}`),
		liveThroughout: [],
		eventTimes: [
			{ e: -1, estimate: 0.26, lower: -1.04, upper: 1.5, units: 4 },
			{ e: 0, estimate: 11.94, lower: 9.1, upper: 14.2, units: 5 }
		],
		months: { from: '2023-04', to: '2024-03' }
	});
	const values: MonthValue[] = [
		{ la: 'A1', month: '2023-09', value: 40 },
		{ la: 'A1', month: '2023-10', value: 52 }
	];
	const computed = (a: number, c: number) => ({
		evaluation: evaluation(a, c),
		own: series(values)
	});
	const source = (n: number) =>
		Object.fromEntries(Object.keys(go(n)).map((k) => [k, 'simulated' as const]));

	it('rounds to one decimal, and shows no month with fewer than five authorities live', () => {
		const v = evaluationView(
			computed(5, 6),
			facts(),
			{ role: 'national', las: [] },
			go(5),
			source(5)
		);
		expect(v.estimate).toEqual({ value: 12.3, lower: 10, upper: 14.7 });
		expect(v.eventTimes.map((e) => [e.e, e.estimate, e.lower, e.upper])).toEqual([
			[0, 11.9, 9.1, 14.2]
		]);
		expect(v.adopted!.map((a) => a.name)).toEqual([
			'Northby 1',
			'Northby 2',
			'Northby 3',
			'Northby 4',
			'Northby 5'
		]);
		// Named to national users, with no figures of an authority they do not hold.
		expect(v.beforeAfter[0]).toMatchObject({ code: 'A1', held: false, before: null, after: null });
	});

	it(`withholds the estimate unless each group has at least ${MIN_GROUP}`, () => {
		const few = evaluationView(
			computed(4, 6),
			facts(),
			{ role: 'national', las: [] },
			go(4),
			source(4)
		);
		expect(few.estimate).toBeNull();
		expect(few.eventTimes).toEqual([]);
		expect(few.withheld).toContain('4 authorities have gone live');
		const fewCompared = evaluationView(
			computed(6, 4),
			facts(),
			{ role: 'national', las: [] },
			go(6),
			source(6)
		);
		expect(fewCompared.estimate).toBeNull();
	});

	it('names no other authority to a director, and gives their own before and after', () => {
		const v = evaluationView(
			computed(5, 6),
			facts(),
			{ role: 'la_leader', las: ['A1'] },
			go(5),
			source(5)
		);
		expect(v.adopted).toBeNull();
		expect(v.comparison).toBeNull();
		expect(v.beforeAfter).toEqual([
			expect.objectContaining({
				code: 'A1',
				held: true,
				before: 40,
				after: 52,
				monthsBefore: 1,
				monthsAfter: 1
			})
		]);
		expect(JSON.stringify(v)).not.toMatch(/Northby [2-9]|Londham/);
	});
});

describe('beforeAndAfter', () => {
	it('averages the 12 months before the go-live month and the first 12 live', () => {
		// Go-live 15 March 2024: before is March 2023 to February 2024, after March 2024 to
		// February 2025. Values outside those windows, and nulls, are left out.
		const values: MonthValue[] = [
			{ la: 'X', month: '2023-02', value: 1000 },
			{ la: 'X', month: '2023-03', value: 10 },
			{ la: 'X', month: '2024-02', value: 20 },
			{ la: 'X', month: '2024-03', value: 30 },
			{ la: 'X', month: '2024-04', value: null },
			{ la: 'X', month: '2025-02', value: 41 },
			{ la: 'X', month: '2025-03', value: 1000 },
			{ la: 'Y', month: '2024-03', value: 1000 }
		];
		expect(
			beforeAndAfter(series(values), {
				code: 'X',
				name: 'X',
				goLive: '2024-03-15',
				source: 'register'
			})
		).toMatchObject({ before: 15, after: 35.5, monthsBefore: 2, monthsAfter: 2, held: true });
	});
});
