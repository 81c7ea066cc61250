// Which kind of data the service last served — the demonstration data, real data or none —
// kept in the app database so that account changes made from the command line know it too.
import { eq } from 'drizzle-orm';
import type { AppDb } from '../db/client';
import { appState } from '../db/schema';

export type ServedData = 'demonstration' | 'real' | 'none';

const SERVED_KEY = 'served_data';

/** The kind of data last served ('none' before any was). */
export function servedData(db: AppDb): ServedData {
	const row = db.select().from(appState).where(eq(appState.key, SERVED_KEY)).get();
	return (row?.value as ServedData | undefined) ?? 'none';
}

export function recordServed(db: AppDb, served: ServedData): void {
	db.insert(appState)
		.values({ key: SERVED_KEY, value: served })
		.onConflictDoUpdate({ target: appState.key, set: { value: served } })
		.run();
}
