import { describe, expect, it } from 'vitest';
import { buildAuthorities } from './authorities';
import { jointDiscussionChance, planRollout, registerCsv } from './reform';

const authorities = buildAuthorities('test-seed', 153, new Set());

describe('planRollout', () => {
	const plan = planRollout('test-seed', authorities, '2025-03-31', {
		strategy_core_attendance: 12
	});

	it('follows the programme: 3 test areas 18 months before the end, 7 pathfinders 6 to 12 months before', () => {
		const waves = Object.values(plan.wave);
		expect(waves.filter((w) => w === 'test_2023')).toHaveLength(3);
		expect(waves.filter((w) => w === 'pathfinder_2024')).toHaveLength(7);
		expect(waves.filter((w) => w === 'families_first_2025')).toHaveLength(143);
		for (const [code, date] of Object.entries(plan.goLive)) {
			expect(date.endsWith('-01')).toBe(true);
			if (plan.wave[code] === 'test_2023') expect(date).toBe('2023-09-01');
			else expect(date >= '2024-03-01' && date <= '2024-09-01').toBe(true);
		}
		// Everyone else is planned after the data: the comparison group within it.
		for (const date of Object.values(plan.planned)) expect(date > '2025-03-31').toBe(true);
		expect(plan.programmeStart).toBe('2025-04-01');
	});

	it('is the same for the same seed and differs for another', () => {
		expect(planRollout('test-seed', authorities, '2025-03-31', {})).toEqual({
			...plan,
			effects: {}
		});
		expect(planRollout('other', authorities, '2025-03-31', {}).goLive).not.toEqual(plan.goLive);
	});

	it('refuses an effect the model cannot make', () => {
		expect(() =>
			planRollout('s', authorities, '2025-03-31', { strategy_core_attendance: -5 })
		).toThrow(/0 to 50 points/);
		expect(() =>
			planRollout('s', authorities, '2025-03-31', { icpc_15wd: 5 } as Record<string, number>)
		).toThrow(/icpc_15wd/);
	});

	it('gives a very small extract one authority going live, and as many as asked', () => {
		const three = buildAuthorities('s', 3, new Set());
		const small = planRollout('s', three, '2025-03-31', {});
		expect(Object.keys(small.goLive)).toHaveLength(1);
		expect(Object.values(small.wave).filter((w) => w === 'test_2023')).toHaveLength(1);
		const asked = planRollout('s', authorities, '2025-03-31', {}, 20);
		expect(Object.keys(asked.goLive)).toHaveLength(20);
		// 3 in 10 test areas, as in the programme: 6 of 20.
		expect(Object.values(asked.wave).filter((w) => w === 'test_2023')).toHaveLength(6);
		expect(planRollout('s', three, '2025-03-31', {}, 0).goLive).toEqual({});
	});
});

describe('jointDiscussionChance', () => {
	it('lifts the share with all three there by exactly the effect', () => {
		// Half attended by all three before; +12 points: 0.5 + q × 0.5 = 0.62, so q = 0.24.
		expect(jointDiscussionChance(0.5, 12)).toBeCloseTo(0.24, 12);
		// 0.8 + 0.5 × 0.2 = 0.9: 10 points.
		expect(jointDiscussionChance(0.8, 10)).toBeCloseTo(0.5, 12);
	});
	it('cannot pass 100% and never lowers attendance', () => {
		expect(jointDiscussionChance(0.95, 12)).toBe(1);
		expect(jointDiscussionChance(0.5, 0)).toBe(0);
		expect(jointDiscussionChance(0.5, -5)).toBe(0);
	});
});

describe('registerCsv', () => {
	it('writes the register the rollout implies, in the import format', () => {
		const plan = {
			goLive: { X00000002: '2023-09-01' },
			wave: { X00000001: 'families_first_2025', X00000002: 'test_2023' } as const,
			planned: { X00000001: '2025-06-01' },
			programmeStart: '2025-04-01',
			effects: {}
		};
		expect(registerCsv({ ...plan, wave: { ...plan.wave } }).split('\n')).toEqual([
			'la_code,element,stage,date,note',
			'X00000001,programme,families_first_2025,2025-04-01,Simulated (synthetic data)',
			'X00000001,macpt,planned,2025-06-01,Simulated (synthetic data)',
			'X00000002,programme,test_2023,2023-09-01,Simulated (synthetic data)',
			'X00000002,macpt,live,2023-09-01,Simulated (synthetic data)',
			'X00000002,lcpp,live,2023-09-01,Simulated (synthetic data)',
			''
		]);
	});
});
