import { describe, expect, it } from 'vitest';
import { openAppDb } from '../db/client';
import { syncDemoAccounts } from './demo';
import { servedData } from './served';
import { createSession, generateSessionToken, validateSessionToken } from './session';
import { createUser, disableUser, listUsers } from './users';

describe('demonstration accounts', () => {
	it('exist, one per role, only while the data is synthetic', async () => {
		const db = openAppDb(':memory:');
		await createUser(db, {
			email: 'real@example.gov.uk',
			password: 'a long harbour lantern',
			role: 'national',
			laCodes: [],
			agency: null
		});
		const made = await syncDemoAccounts(db, {
			synthetic: true,
			laCodes: ['X00000003', 'X00000001', 'X00000002', 'X00000004']
		});
		expect(made.created).toHaveLength(4);
		const demo = listUsers(db).filter((u) => u.demo);
		expect(demo.map((u) => u.role).sort()).toEqual(['admin', 'la_leader', 'national', 'partner']);
		expect(demo.find((u) => u.role === 'la_leader')!.laCodes).toBe('["X00000001"]');
		// A second sync changes nothing; a new synthetic dataset moves the scope.
		expect(
			(await syncDemoAccounts(db, { synthetic: true, laCodes: ['X00000001'] })).created
		).toEqual([]);
		await syncDemoAccounts(db, { synthetic: true, laCodes: ['X00000009'] });
		expect(listUsers(db).find((u) => u.role === 'la_leader' && u.demo)!.laCodes).toBe(
			'["X00000009"]'
		);
		// Real data removes them all, and leaves real accounts alone.
		expect((await syncDemoAccounts(db, { synthetic: false, laCodes: ['E06000001'] })).removed).toBe(
			4
		);
		expect(listUsers(db).map((u) => u.email)).toEqual(['real@example.gov.uk']);
	});
});

describe('demonstration mode cannot leave a way in behind it', () => {
	const real = { synthetic: false, laCodes: ['E06000001'] };
	const demoData = { synthetic: true, laCodes: ['X00000001', 'X00000002'] };

	it('keeps a disabled demonstration account disabled at every later load', async () => {
		const db = openAppDb(':memory:');
		await syncDemoAccounts(db, demoData);
		disableUser(db, 'leader@demo.invalid');
		await syncDemoAccounts(db, { synthetic: true, laCodes: ['X00000007'] });
		const leader = listUsers(db).find((u) => u.email === 'leader@demo.invalid')!;
		expect(leader.disabled).toBe(true);
		expect(leader.laCodes).toBe('["X00000007"]');
	});

	it('disables, once, every account made while demonstration data was served', async () => {
		const db = openAppDb(':memory:');
		const account = (email: string) => ({
			email,
			password: 'a long harbour lantern',
			role: 'admin' as const,
			laCodes: [],
			agency: null
		});
		await createUser(db, account('before@example.gov.uk'));
		await syncDemoAccounts(db, demoData);
		expect(servedData(db)).toBe('demonstration');
		const during = await createUser(db, account('during@example.gov.uk'));
		const token = generateSessionToken();
		createSession(db, token, during.id, new Date());

		const sync = await syncDemoAccounts(db, real);
		expect(sync.disabled).toEqual(['during@example.gov.uk']);
		const byEmail = new Map(listUsers(db).map((u) => [u.email, u]));
		expect(byEmail.get('during@example.gov.uk')!.disabled).toBe(true);
		expect(byEmail.get('before@example.gov.uk')!.disabled).toBe(false);
		// Its sessions end with it.
		expect(
			validateSessionToken(db, token, new Date(), { idleMinutes: 30, absoluteHours: 12 })
		).toBe(null);
		// Made after real data arrived: trusted; and a later real load disables nothing more.
		await createUser(db, account('after@example.gov.uk'));
		expect((await syncDemoAccounts(db, real)).disabled).toEqual([]);
		expect(listUsers(db).find((u) => u.email === 'after@example.gov.uk')!.disabled).toBe(false);
	});
});
