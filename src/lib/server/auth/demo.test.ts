import { describe, expect, it } from 'vitest';
import { openAppDb } from '../db/client';
import { syncDemoAccounts } from './demo';
import { createUser, listUsers } from './users';

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
