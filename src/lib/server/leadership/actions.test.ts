import { beforeEach, describe, expect, it } from 'vitest';
import { readAudit } from '../audit';
import { createUser } from '../auth/users';
import { openAppDb, type AppDb } from '../db/client';
import type { User } from '../db/schema';
import { actionsFor, raiseAction, updateAction } from './actions';
import { AreaNotHeldError, LeadershipError } from './store';

const LA1 = 'E09000001';
const LA2 = 'E09000002';
const password = 'correct horse battery staple 7';
const route = '/actions';
const partnership = `las:${LA1},${LA2}`;

let db: AppDb;
let director: User;
let police: User;
let health: User;
let stranger: User;
let national: User;

const raise = (user: User, over: Partial<Parameters<typeof raiseAction>[2]> = {}) =>
	raiseAction(db, user, {
		area: `la:${LA1}`,
		metricId: 'strategy_core_attendance',
		month: '2025-03',
		title: 'Police to attend every strategy discussion',
		agency: 'police',
		owner: 'Detective Inspector, child protection',
		due: '2025-06-30',
		route,
		...over
	});

beforeEach(async () => {
	db = openAppDb(':memory:');
	const make = (
		email: string,
		role: 'la_leader' | 'partner' | 'national',
		las: string[],
		agency: 'police' | 'health' | null = null
	) => createUser(db, { email, password, role, laCodes: las, agency });
	director = await make('director@example.test', 'la_leader', [LA1]);
	police = await make('police@example.test', 'partner', [LA1, LA2], 'police');
	health = await make('health@example.test', 'partner', [LA1, LA2], 'health');
	stranger = await make('stranger@example.test', 'la_leader', [LA2]);
	national = await make('national@example.test', 'national', []);
});

describe('raising actions', () => {
	it('lets a director raise for any agency, and a partner only for their own', () => {
		expect(raise(director)).toBeGreaterThan(0);
		expect(raise(director, { agency: 'local_authority' })).toBeGreaterThan(0);
		expect(raise(police, { agency: 'police' })).toBeGreaterThan(0);
		expect(() => raise(police, { agency: 'health' })).toThrow(/their own agency/);
		expect(() => raise(health, { agency: 'local_authority' })).toThrow(LeadershipError);
		expect(actionsFor(db, `la:${LA1}`, '2025-01-01')).toHaveLength(3);
	});

	it('refuses areas not held, by anyone, in any spelling', () => {
		for (const area of [`la:${LA2}`, partnership, `la:${LA1},${LA2}`, 'england'])
			expect(() => raise(director, { area }), area).toThrow(AreaNotHeldError);
		expect(() => raise(stranger)).toThrow(AreaNotHeldError);
		expect(() => raise(national)).toThrow(AreaNotHeldError);
		expect(readAudit(db, { action: 'leadership' })).toHaveLength(0);
	});

	it('checks every field', () => {
		expect(() => raise(director, { agency: 'education' })).toThrow(/agency/);
		expect(() => raise(director, { due: '2025-02-30' })).toThrow(/due date/);
		expect(() => raise(director, { title: '  ' })).toThrow(/cannot be empty/);
		expect(() => raise(director, { title: 'x'.repeat(201) })).toThrow(/at most 200/);
		expect(() => raise(director, { owner: 'Social worker for NHS 943 476 5919' })).toThrow(
			/NHS number/
		);
		expect(() => raise(director, { metricId: 'nope' })).toThrow(/No measure/);
		expect(() => raise(director, { month: '2025-13' })).toThrow(LeadershipError);
	});
});

describe('progress', () => {
	it("is recorded by the owning agency only; the latest entry is the action's status", () => {
		const id = raise(director, { agency: 'police' });
		expect(() =>
			updateAction(db, director, { area: `la:${LA1}`, id, status: 'done', note: 'x', route })
		).toThrow(/belongs to police/);
		updateAction(db, police, {
			area: `la:${LA1}`,
			id,
			status: 'in_progress',
			note: 'Rota agreed.',
			route
		});
		updateAction(db, police, {
			area: `la:${LA1}`,
			id,
			status: 'done',
			note: 'Attending since May.',
			route
		});
		const [a] = actionsFor(db, `la:${LA1}`, '2026-01-01');
		expect(a).toMatchObject({ status: 'done', overdue: false });
		expect(a!.updates.map((u) => [u.status, u.note, u.by])).toEqual([
			['in_progress', 'Rota agreed.', 'police@example.test'],
			['done', 'Attending since May.', 'police@example.test']
		]);
	});

	it('is overdue after its due date until done or dropped', () => {
		const id = raise(director, { agency: 'local_authority', due: '2025-06-30' });
		expect(actionsFor(db, `la:${LA1}`, '2025-06-30')[0]!.overdue).toBe(false);
		expect(actionsFor(db, `la:${LA1}`, '2025-07-01')[0]!.overdue).toBe(true);
		updateAction(db, director, {
			area: `la:${LA1}`,
			id,
			status: 'dropped',
			note: 'Superseded.',
			route
		});
		expect(actionsFor(db, `la:${LA1}`, '2025-07-01')[0]!.overdue).toBe(false);
	});

	it("cannot reach another area's action through an area the writer holds", () => {
		const theirs = raiseAction(db, stranger, {
			area: `la:${LA2}`,
			metricId: null,
			month: null,
			title: 'Their action',
			agency: 'local_authority',
			owner: 'Their head of service',
			due: '2025-06-30',
			route
		});
		expect(() =>
			updateAction(db, director, {
				area: `la:${LA1}`,
				id: theirs,
				status: 'done',
				note: 'x',
				route
			})
		).toThrow(/not in this area/);
		expect(() =>
			updateAction(db, director, {
				area: `la:${LA2}`,
				id: theirs,
				status: 'done',
				note: 'x',
				route
			})
		).toThrow(AreaNotHeldError);
		expect(actionsFor(db, `la:${LA2}`, '2025-01-01')[0]!.updates).toEqual([]);
		// And the partnership's log holds none of one authority's actions.
		raise(director);
		expect(actionsFor(db, partnership, '2025-01-01')).toEqual([]);
	});
});
