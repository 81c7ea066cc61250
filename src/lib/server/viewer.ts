// The signed-in user's default view: which scope their pages open on, and the latest 12
// complete months of data. Every page takes the scope from here — never from the URL alone.
import type { User } from './db/schema';
import type { Scope, Viewer } from './analytics/metrics/scope';
import { viewerOf } from './auth/users';
import { addDays, addMonths, monthStart } from '$lib/stats/dates';

export function defaultScope(viewer: Viewer): Scope {
	if (viewer.role === 'national') return { kind: 'england' };
	return viewer.las.length === 1
		? { kind: 'la', la: viewer.las[0]! }
		: { kind: 'las', las: viewer.las };
}

/** The 12 whole months ending on the last month-end on or before the extraction date. */
export function latestTwelveMonths(extracted: string): { from: string; to: string } {
	const next = addDays(extracted, 1);
	const to = next.endsWith('-01') ? extracted : addDays(monthStart(extracted), -1);
	return { from: addMonths(addDays(to, 1), -12), to };
}

export function viewOf(user: User): { viewer: Viewer; scope: Scope } {
	const viewer = viewerOf(user);
	return { viewer, scope: defaultScope(viewer) };
}
