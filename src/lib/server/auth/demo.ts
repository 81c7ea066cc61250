// Demonstration accounts, one per role, exist only while the data in service is the project's
// own demonstration data: synthetic, with fictional authorities (the loader refuses an extract
// that calls itself synthetic but names a real authority). Their password is public — it is
// printed on the sign-in page — which is harmless only because the data is invented. So they
// can look but never change an account, and anything made while they could sign in is not
// trusted once real data arrives: accounts created then are disabled the first time real data
// is served.
import { eq } from 'drizzle-orm';
import type { AppDb } from '../db/client';
import { user as userTable } from '../db/schema';
import { recordServed, type ServedData } from './served';
import { invalidateUserSessions } from './session';
import { createUser, type UserScope } from './users';

export const DEMO_PASSWORD = 'demonstration only';

export interface DemoAccount extends UserScope {
	email: string;
	label: string;
}

/** The accounts for a synthetic dataset covering `laCodes` (sorted). */
export function demoAccounts(laCodes: string[]): DemoAccount[] {
	const las = [...laCodes].sort();
	if (las.length === 0) return [];
	return [
		{
			email: 'leader@demo.invalid',
			label: `Director of children's services (${las[0]})`,
			role: 'la_leader',
			laCodes: [las[0]!],
			agency: null
		},
		{
			email: 'police@demo.invalid',
			label: `Police safeguarding lead (${las.slice(0, 3).join(', ')})`,
			role: 'partner',
			laCodes: las.slice(0, 3),
			agency: 'police'
		},
		{
			email: 'national@demo.invalid',
			label: 'Central government (national aggregates)',
			role: 'national',
			laCodes: [],
			agency: null
		},
		{
			email: 'admin@demo.invalid',
			label: 'Administrator',
			role: 'admin',
			laCodes: [],
			agency: null
		}
	];
}

export interface DemoSync {
	created: string[];
	removed: number;
	/** Accounts made while demonstration data was served, disabled as real data arrived. */
	disabled: string[];
}

/** Makes the demonstration accounts match the data in service. Returns what changed. */
export async function syncDemoAccounts(
	db: AppDb,
	data: { synthetic: boolean; laCodes: string[] } | null
): Promise<DemoSync> {
	const served: ServedData = data === null ? 'none' : data.synthetic ? 'demonstration' : 'real';
	recordServed(db, served);
	if (served !== 'demonstration') {
		// No demonstration account may exist. Sessions go with them.
		const removed = db.delete(userTable).where(eq(userTable.demo, true)).run().changes;
		const disabled: string[] = [];
		if (served === 'real') {
			// Once only: the flag is cleared, so an account an administrator deliberately
			// re-enables later is not disabled again.
			const suspect = db
				.select()
				.from(userTable)
				.where(eq(userTable.createdOnDemoData, true))
				.all();
			for (const u of suspect) {
				db.update(userTable)
					.set({ disabled: true, createdOnDemoData: false })
					.where(eq(userTable.id, u.id))
					.run();
				invalidateUserSessions(db, u.id);
				disabled.push(u.email);
			}
		}
		return { created: [], removed, disabled };
	}
	const existing = db.select().from(userTable).where(eq(userTable.demo, true)).all();
	const created: string[] = [];
	for (const a of demoAccounts(data!.laCodes)) {
		const found = existing.find((u) => u.email === a.email);
		if (found) {
			// Scope follows the data; a disabled demonstration account stays disabled.
			db.update(userTable)
				.set({ role: a.role, laCodes: JSON.stringify(a.laCodes), agency: a.agency })
				.where(eq(userTable.id, found.id))
				.run();
		} else {
			await createUser(db, { ...a, password: DEMO_PASSWORD, demo: true });
			created.push(a.email);
		}
	}
	return { created, removed: 0, disabled: [] };
}
