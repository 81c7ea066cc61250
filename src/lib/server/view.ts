// What a dashboard page's load function starts from: the signed-in viewer, the filters the URL
// asks for (checked against what the viewer may see) and an analytics session — with the
// failures every page answers the same way: no data → 503, an area outside the viewer's scope
// → 404 without figures, a request the engine refuses → 400 with its reason.
//
// A page's analytics work runs within the service's bounds: at most `maxQueries` units at once
// for everyone and `maxQueriesPerUser` for one user, so no one user can take the server; work
// that outlives its deadline, waits too long for its turn or whose request was abandoned is
// stopped (503). Anything else is a bug and surfaces as a 500.
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
import {
	DisclosureError,
	MetricRequestError,
	ScopeForbiddenError
} from './analytics/engine/errors';
import { loadDataFacts, type DataFacts } from './analytics/engine/data-facts';
import type { Viewer } from './analytics/engine/scope';
import { viewerOf } from './auth/users';
import type { User } from './db/schema';
import { AreaNotInScopeError, FilterError } from './filters';
import { badRequest, noteServed, notFound, requireUser } from './request';
import { viewOf, type View } from './view-figures';

export {
	metricsFor,
	publicFilters,
	summaryMetrics,
	viewOf,
	type FilterView,
	type View
} from './view-figures';

/**
 * Runs a dashboard page's work for the signed-in viewer on the filters the URL asks for, and
 * records in the audit log what was resolved and served (`subject` names the page's own choice,
 * such as the metric) — or, when refused, what was asked and why.
 */
export async function withView<T>(
	url: URL,
	work: (s: AnalyticsSession, view: View) => Promise<T>,
	options: { opening?: 'latest' | 'year'; subject?: Record<string, string> } = {}
): Promise<T> {
	const user = requireUser();
	const viewer = viewerOf(user);
	try {
		return await withAnalyticsOr503(async (s) => {
			const view = await viewOf(s, viewer, url, options.opening);
			const { filters } = view;
			noteServed({
				...options.subject,
				period: filters.period,
				from: filters.from,
				to: filters.to,
				area: filters.area,
				group: filters.group
			});
			return work(s, view);
		}, user.id);
	} catch (e) {
		if (e instanceof AreaNotInScopeError || e instanceof ScopeForbiddenError) notFound();
		if (e instanceof MetricRequestError || e instanceof DisclosureError || e instanceof FilterError)
			badRequest(e.message);
		throw e;
	}
}

/**
 * Runs a page's work that needs the data's facts but no filters (the data page, the reform
 * tracker), for the signed-in viewer, within the same limits as every page's.
 */
export async function withFacts<T>(
	work: (facts: DataFacts, viewer: Viewer, user: User, s: AnalyticsSession) => Promise<T> | T
): Promise<T> {
	const user = requireUser();
	return withAnalyticsOr503(
		async (s) => work(await loadDataFacts(s), viewerOf(user), user, s),
		user.id
	);
}

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

/**
 * Runs a page's work on DfE's published statistics (the published-figures store, which needs no
 * case data), for the signed-in user, within the same limits as every page's.
 */
export async function withPublished<T>(work: (s: AnalyticsSession) => Promise<T>): Promise<T> {
	const user = requireUser();
	return withAnalyticsOr503(work, user.id, {
		dbPath: config().publishedDbPath,
		missing: 'DfE’s published statistics have not been read in (npm run published).'
	});
}

async function withAnalyticsOr503<T>(
	work: (s: AnalyticsSession) => Promise<T>,
	userId: string,
	store: { dbPath?: string; missing: string } = { missing: 'The dashboard has no data to show.' }
): Promise<T> {
	const { request } = getRequestEvent();
	try {
		return await withAnalytics(work, store.dbPath, {
			signal: request.signal,
			deadline: Date.now() + config().queryTimeoutSeconds * 1000,
			gates: gatesFor(userId)
		});
	} catch (e) {
		if (e instanceof AnalyticsUnavailableError) error(503, `${store.missing} ${e.message}`);
		if (e instanceof AnalyticsTimeoutError || e instanceof GateTimeoutError)
			error(503, `${e.message} Try a shorter period, or try again in a moment.`);
		if (e instanceof AnalyticsCancelledError || e instanceof GateAbandonedError)
			error(503, e.message);
		throw e;
	} finally {
		tidyGate(userId);
	}
}
