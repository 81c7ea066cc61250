// Runs a page's analytics work within the service's bounds and turns failures into HTTP answers:
// no usable database → 503 with a message a user can act on; work that outlives its deadline,
// waits too long for its turn or whose request was abandoned → stopped, 503. At most
// `maxQueries` units run at once for everyone and `maxQueriesPerUser` for one user, so no one
// user can take the server. Anything else is a bug and surfaces as a 500.
import { error } from '@sveltejs/kit';
import { getRequestEvent } from '$app/server';
import {
	AnalyticsCancelledError,
	AnalyticsTimeoutError,
	AnalyticsUnavailableError,
	withAnalytics,
	type AnalyticsSession
} from './analytics/duckdb';
import { Gate, GateAbandonedError, GateTimeoutError } from './analytics/gate';
import { config } from './config';

let everyone: Gate | undefined;
const perUser = new Map<string, Gate>();

function gatesFor(userId: string): Gate[] {
	const c = config();
	everyone ??= new Gate(c.maxQueries);
	let mine = perUser.get(userId);
	if (!mine) {
		mine = new Gate(c.maxQueriesPerUser);
		perUser.set(userId, mine);
	}
	return [mine, everyone];
}

/** Forgets a user's gate once nothing of theirs runs or waits (the map would otherwise grow). */
function tidyGate(userId: string): void {
	const g = perUser.get(userId);
	if (g && g.load.running === 0 && g.load.waiting === 0) perUser.delete(userId);
}

export async function withAnalyticsOr503<T>(
	work: (s: AnalyticsSession) => Promise<T>,
	userId: string
): Promise<T> {
	const { request } = getRequestEvent();
	try {
		return await withAnalytics(work, undefined, {
			signal: request.signal,
			deadline: Date.now() + config().queryTimeoutSeconds * 1000,
			gates: gatesFor(userId)
		});
	} catch (e) {
		if (e instanceof AnalyticsUnavailableError)
			error(503, `The dashboard has no data to show. ${e.message}`);
		if (e instanceof AnalyticsTimeoutError || e instanceof GateTimeoutError)
			error(503, `${e.message} Try a shorter period, or try again in a moment.`);
		if (e instanceof AnalyticsCancelledError || e instanceof GateAbandonedError)
			error(503, e.message);
		throw e;
	} finally {
		tidyGate(userId);
	}
}
