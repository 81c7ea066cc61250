// The version of everything leaders keep (and of the reform register, whose go-lives are change
// points): it moves with every change, and every kept page's key includes it, so no page shows
// an item's old state once it has changed.
import { eq, sql } from 'drizzle-orm';
import { preparedOnce, type AppDb } from '../db/client';
import { appState } from '../db/schema';

const VERSION_KEY = 'leadership_version';

/** Moves whenever any area's items change: part of every kept page's key. */
export function leadershipVersion(db: AppDb): string {
	return readVersion(db).get()?.value ?? '0';
}

const readVersion = preparedOnce((db) =>
	db.select({ value: appState.value }).from(appState).where(eq(appState.key, VERSION_KEY)).prepare()
);

/** Moves the leadership version on (within the caller's transaction). */
export function bumpLeadershipVersion(db: AppDb): void {
	db.insert(appState)
		.values({ key: VERSION_KEY, value: '1' })
		.onConflictDoUpdate({
			target: appState.key,
			set: { value: sql`CAST(${appState.value} AS INTEGER) + 1` }
		})
		.run();
}
