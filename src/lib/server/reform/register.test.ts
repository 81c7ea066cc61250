import { beforeEach, describe, expect, it } from 'vitest';
import { readAudit } from '../audit';
import { createUser } from '../auth/users';
import { openAppDb, type AppDb } from '../db/client';
import type { User } from '../db/schema';
import { leadershipVersion, readLeadership } from '../leadership/store';
import { csvFromBytes } from '../published/csv';
import {
	importRegister,
	recordEntries,
	RegisterError,
	registerHistory,
	registerNow
} from './register';

const csv = (name: string, text: string) => csvFromBytes(name, Buffer.from(text));
const knownLas = new Set(['X00000001', 'X00000002', 'X00000003']);
const route = 'test';
let db: AppDb;
let official: User;
let director: User;
let police: User;

beforeEach(async () => {
	db = openAppDb(':memory:');
	const password = 'a long enough password for tests';
	official = await createUser(db, {
		email: 'official@national.invalid',
		password,
		role: 'national',
		laCodes: [],
		agency: null
	});
	director = await createUser(db, {
		email: 'director@la.invalid',
		password,
		role: 'la_leader',
		laCodes: ['X00000001'],
		agency: null
	});
	police = await createUser(db, {
		email: 'police@partner.invalid',
		password,
		role: 'partner',
		laCodes: ['X00000001', 'X00000002'],
		agency: 'police'
	});
});

describe('the implementation register', () => {
	it('keeps every version; the latest is the stage; a repeat is no new version', () => {
		const live = { laCode: 'X00000002', element: 'macpt', stage: 'live', date: '2024-09-02' };
		expect(recordEntries(db, official, [live], { knownLas, route })).toBe(1);
		expect(recordEntries(db, official, [live], { knownLas, route })).toBe(0);
		// A correction of the date is a new version; the old one stays in the history.
		expect(
			recordEntries(
				db,
				official,
				[{ ...live, date: '2024-10-01', note: 'Went live in October.' }],
				{
					knownLas,
					route
				}
			)
		).toBe(1);
		expect(registerNow(db).get('X00000002')?.macpt).toMatchObject({
			stage: 'live',
			date: '2024-10-01',
			recordedBy: official.email
		});
		expect(registerHistory(db, 'X00000002').map((e) => e.date)).toEqual([
			'2024-09-02',
			'2024-10-01'
		]);
		expect(readAudit(db, { action: 'reform' })).toHaveLength(2);
	});

	it('lets a director record their own authority only, and no partner any', () => {
		const own = { laCode: 'X00000001', element: 'lcpp', stage: 'planned', date: '2026-04-01' };
		expect(recordEntries(db, director, [own], { knownLas, route })).toBe(1);
		for (const [who, laCode] of [
			[director, 'X00000002'],
			[police, 'X00000001']
		] as const)
			expect(() => recordEntries(db, who, [{ ...own, laCode }], { knownLas, route })).toThrow(
				RegisterError
			);
		expect(registerNow(db).get('X00000002')).toBeUndefined();
	});

	it('refuses what it cannot record, naming the field', () => {
		const base = { laCode: 'X00000001', element: 'macpt', stage: 'live', date: '2025-04-01' };
		const refused = (over: Record<string, string>) => {
			try {
				recordEntries(db, official, [{ ...base, ...over }], { knownLas, route });
			} catch (e) {
				return [(e as RegisterError).column, (e as Error).message];
			}
			return null;
		};
		expect(refused({ laCode: 'X99999999' })?.[0]).toBe('la_code');
		expect(refused({ element: 'macpu' })?.[0]).toBe('element');
		expect(refused({ stage: 'pathfinder_2024' })?.[0]).toBe('stage');
		expect(refused({ date: '2025-02-30' })?.[0]).toBe('date');
		expect(refused({ note: 'Jayden Smith (12/03/2015) moved' })).toEqual([
			'note',
			expect.stringContaining('date')
		]);
		expect(registerNow(db).size).toBe(0);
	});
});

describe("go-lives on an authority's charts", () => {
	it('are change points of the authority, the latest entry deciding, and move the pages on', () => {
		const before = leadershipVersion(db);
		recordEntries(
			db,
			official,
			[
				{ laCode: 'X00000001', element: 'macpt', stage: 'live', date: '2024-04-15' },
				{ laCode: 'X00000001', element: 'lcpp', stage: 'planned', date: '2025-01-06' },
				{ laCode: 'X00000002', element: 'macpt', stage: 'live', date: '2024-09-02' }
			],
			{ knownLas, route }
		);
		expect(leadershipVersion(db)).not.toBe(before);
		const changes = readLeadership(db, 'la:X00000001').changes;
		// Only the live element, in the month it went live; planned is not a change yet.
		expect(changes.map((c) => [c.month, c.label, c.fromRegister, c.id < 0])).toEqual([
			['2024-04', 'Multi-agency child protection team live', true, true]
		]);
		// A partnership's charts and another authority's are not this authority's timeline.
		expect(readLeadership(db, 'las:X00000001,X00000002').changes).toEqual([]);
		expect(readLeadership(db, 'la:X00000003').changes).toEqual([]);
		// Withdrawn in the register: gone from the charts.
		recordEntries(
			db,
			official,
			[{ laCode: 'X00000001', element: 'macpt', stage: 'not_started', date: '2024-05-01' }],
			{ knownLas, route }
		);
		expect(readLeadership(db, 'la:X00000001').changes).toEqual([]);
	});
});

describe('importRegister', () => {
	it('records a whole file', () => {
		const text = [
			'la_code,element,stage,date,note',
			'X00000001,macpt,live,2023-09-01,"Tested, with police and health"',
			'X00000001,programme,test_2023,2023-09-01,',
			'X00000002,macpt,planned,2026-01-05,'
		].join('\n');
		expect(importRegister(db, official, csv('register.csv', text), { knownLas, route })).toBe(3);
		expect(registerNow(db).get('X00000001')?.macpt?.note).toBe('Tested, with police and health');
	});

	it('refuses a file with any problem, naming file, line, column and value, and records none', () => {
		const text = [
			'la_code,element,stage,date',
			'X00000001,macpt,live,2023-09-01',
			'X00000002,macpt,golive,2024-01-01'
		].join('\r\n');
		expect(() =>
			importRegister(db, official, csv('register.csv', text), { knownLas, route })
		).toThrow('register.csv: line 3, column 3 (stage): "golive" is not a stage of macpt');
		expect(registerNow(db).size).toBe(0);
		expect(() =>
			importRegister(db, official, csv('r.csv', 'code,element,stage,date\n'), { knownLas, route })
		).toThrow(/r\.csv: line 1: the header must be la_code,element,stage,date,note/);
		expect(() =>
			importRegister(
				db,
				director,
				csv('mine.csv', 'la_code,element,stage,date\nX00000003,macpt,live,2025-01-01'),
				{ knownLas, route }
			)
		).toThrow('mine.csv: line 2, column 1 (la_code): You may not record the reform for X00000003.');
	});
});
