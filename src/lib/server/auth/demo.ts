// Demonstration accounts, one per role, exist only while the loaded data is synthetic: they
// are created (or their scope brought up to date) when synthetic data is in service, and
// removed, with their sessions, as soon as real data is. Their password is public — it is
// printed on the sign-in page — which is harmless only because the data is invented.
import { eq } from 'drizzle-orm';
import type { AppDb } from '../db/client';
import { user as userTable } from '../db/schema';
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

/** Makes the demonstration accounts match the data in service. Returns what changed. */
export async function syncDemoAccounts(
	db: AppDb,
	data: { synthetic: boolean; laCodes: string[] } | null
): Promise<{ created: string[]; removed: number }> {
	const existing = db.select().from(userTable).where(eq(userTable.demo, true)).all();
	if (!data?.synthetic) {
		// Real data (or none): no demonstration account may exist. Sessions go with them.
		const removed = db.delete(userTable).where(eq(userTable.demo, true)).run().changes;
		return { created: [], removed };
	}
	const created: string[] = [];
	for (const a of demoAccounts(data.laCodes)) {
		const found = existing.find((u) => u.email === a.email);
		if (found) {
			db.update(userTable)
				.set({
					role: a.role,
					laCodes: JSON.stringify(a.laCodes),
					agency: a.agency,
					disabled: false
				})
				.where(eq(userTable.id, found.id))
				.run();
		} else {
			await createUser(db, { ...a, password: DEMO_PASSWORD, demo: true });
			created.push(a.email);
		}
	}
	return { created, removed: 0 };
}
