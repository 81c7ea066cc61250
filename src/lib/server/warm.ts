// The answers leaders open first, computed before anyone asks: after the server starts, and on
// a newly loaded file before it is put in service (analytics/duckdb.ts, prepareSwapsWith), so
// neither a start nor a load makes anyone's first page wait on an empty cache. For each
// account, most recently active first, the overview and every theme page as they open (no
// filters chosen): the engine requests those pages make, through the functions they use, so
// the pages find their answers cached. Then, on a newly loaded file, the requests people most
// recently made (other measures, periods, comparisons). Each answer is computed as the viewer
// who asks or asked, and kept under that viewer's key, as if they had asked.
import { desc, eq, max } from 'drizzle-orm';
import { findMetric } from '$lib/metrics/catalogue';
import { themes } from '$lib/metrics/themes';
import { loadDataFacts } from './analytics/engine/data-facts';
import { goLivesFrom, OPENING_MEASURE } from './reform/evaluation';
import { registerNow } from './reform/register';
import { evaluationFor, recentlyEvaluated } from './reform/views';
import { partnerAgencyOf } from './agency-lens';
import type { AnalyticsSession } from './analytics/duckdb';
import { computeMetrics, type MetricRequest } from './analytics/engine/engine';
import { viewerOf } from './auth/users';
import type { AppDb } from './db/client';
import { session, user, type User } from './db/schema';
import { overviewData } from './pages/overview';
import { themeData } from './pages/theme';
import { viewOf } from './view';

/** The data versions whose opening pages have been computed (the health check says so). */
const warmed = new Set<string>();

export function markWarm(version: string): void {
	warmed.add(version);
}

export function isWarm(version: string): boolean {
	return warmed.has(version);
}

/** Enabled accounts, the most recently active first (sessions last seen), then the rest. */
export function accountsByRecentUse(db: AppDb): User[] {
	const lastSeen = max(session.lastSeenAt);
	return db
		.select({ user, lastSeen })
		.from(user)
		.leftJoin(session, eq(session.userId, user.id))
		.where(eq(user.disabled, false))
		.groupBy(user.id)
		.orderBy(desc(lastSeen), user.email)
		.all()
		.map((r) => r.user);
}

export interface Warmed {
	/** Distinct viewers (role, authorities, agency) whose pages were computed. */
	viewers: number;
	/** Pages computed (a page answered from the cache already counts). */
	pages: number;
	/** Pages that failed (logged; a page that fails here fails for its viewer too). */
	failed: number;
	ms: number;
	/** Whether the deadline stopped it before every account was done. */
	stopped: boolean;
}

/** The opening pages of each account's viewer, one page at a time, until `deadline` (ms epoch). */
export async function warmOpeningPages(
	s: AnalyticsSession,
	accounts: User[],
	deadline: number
): Promise<Warmed> {
	const started = Date.now();
	const out: Warmed = { viewers: 0, pages: 0, failed: 0, ms: 0, stopped: false };
	const seen = new Set<string>();
	const opening = new URL('http://localhost/');
	for (const account of accounts) {
		const viewer = viewerOf(account);
		const agency = partnerAgencyOf(account);
		const key = JSON.stringify([viewer.role, [...viewer.las].sort(), agency]);
		if (seen.has(key)) continue;
		seen.add(key);
		out.viewers++;
		const pages = [
			async () => overviewData(s, await viewOf(s, viewer, opening), agency),
			...themes.map(
				(t) => async () => themeData(s, await viewOf(s, viewer, opening), t, agency, null)
			)
		];
		for (const page of pages) {
			if (Date.now() > deadline) {
				out.stopped = true;
				out.ms = Date.now() - started;
				return out;
			}
			try {
				await page();
				out.pages++;
			} catch (e) {
				out.failed++;
				console.error(`warming ${account.email}'s opening pages:`, (e as Error).message);
			}
		}
	}
	out.ms = Date.now() - started;
	return out;
}

/**
 * The reform evaluations the tracker opens on and those most recently asked: each bootstrap
 * makes its page the slowest first page, and its answer is the same for every viewer
 * (reform/views.ts keeps them). One at a time until `deadline` (ms epoch); returns the measures
 * evaluated.
 */
export async function warmReformEvaluations(
	s: AnalyticsSession,
	db: AppDb,
	deadline: number
): Promise<string[]> {
	// Taken before warming asks for any, which puts each first in the list.
	const ids = [...new Set([OPENING_MEASURE, ...recentlyEvaluated()])];
	const facts = await loadDataFacts(s);
	const { goLive } = goLivesFrom(registerNow(db), s.dataVersion.simulatedGoLive);
	const done: string[] = [];
	for (const id of ids) {
		if (Date.now() > deadline) break;
		const def = findMetric(id);
		if (!def || !facts.store.metrics.has(def.id)) continue;
		await evaluationFor(s, facts, def, goLive);
		done.push(def.id);
	}
	return done;
}

/** The engine requests given (most recent first), one at a time, until `deadline` (ms epoch). */
export async function warmRecentAnswers(
	s: AnalyticsSession,
	requests: MetricRequest[],
	deadline: number
): Promise<{ answers: number; failed: number; stopped: boolean }> {
	const out = { answers: 0, failed: 0, stopped: false };
	for (const request of requests) {
		if (Date.now() > deadline) {
			out.stopped = true;
			break;
		}
		try {
			await computeMetrics(s, request);
			out.answers++;
		} catch {
			// Refused on the new data (an authority no longer in it, a period outside it): the
			// viewer gets the same refusal when they ask.
			out.failed++;
		}
	}
	return out;
}
