// Server hooks: start-up work, sign-in (session → locals, deny by default), and headers applied
// to every response.
import { error, redirect, type Handle, type RequestEvent, type ServerInit } from '@sveltejs/kit';
import { sequence } from '@sveltejs/kit/hooks';
import {
	dataVersionInService,
	prepareSwapsWith,
	withAnalytics,
	withPinnedData,
	type AnalyticsSession
} from '$lib/server/analytics/duckdb';
import { syncDemoAccounts } from '$lib/server/auth/demo';
import { UNSUBSCRIBE_PATH } from '$lib/server/digests/links';
import { isPublicPath } from '$lib/server/auth/guard';
import {
	deleteSessionTokenCookie,
	SESSION_COOKIE,
	validateSessionToken
} from '$lib/server/auth/session';
import { config } from '$lib/server/config';
import { appDb } from '$lib/server/db/client';
import { recordAudit } from '$lib/server/audit';
import { askedParameters } from '$lib/server/request';
import { compressed } from '$lib/server/compress';
import { CHART_WIDTH_COOKIE, registerServerDrawer } from '$lib/charts/server-drawing';
import { mayKeep, PageCache, pageKey } from '$lib/server/page-cache';
import { leadershipVersion } from '$lib/server/leadership/store';
import { drawChartSvg } from '$lib/server/chart-svg';
import {
	accountsByRecentUse,
	markWarm,
	warmOpeningPages,
	warmReformEvaluations,
	warmRecentAnswers
} from '$lib/server/warm';
import { recentRequests } from '$lib/server/analytics/engine/engine';
import { rehearseFirstRequest } from '$lib/server/rehearse';

// Charts arrive drawn in the page's HTML.
registerServerDrawer(drawChartSvg);

/** Opens the app database at start-up, which applies any pending migrations. */
export const init: ServerInit = async () => {
	appDb();
	await keepDemoAccountsInStep();
	await rehearseFirstRequest();
	// Each newly loaded file has its opening pages computed before it replaces the one in
	// service; the file in service has them computed now, in the background.
	prepareSwapsWith(
		(s) => warmFor(s, Date.now() + config().prepareSeconds * 1000),
		config().prepareSeconds * 1000
	);
	if (await dataVersionInService())
		void withAnalytics((s) => warmFor(s, Date.now() + WARM_AT_START_MS)).catch((e) =>
			console.error('warming the opening pages:', e)
		);
};

/** Longest the opening pages are computed for after a start (in the background). */
const WARM_AT_START_MS = 10 * 60_000;

async function warmFor(s: AnalyticsSession, deadline: number): Promise<void> {
	const started = Date.now();
	// Asked before the opening pages add to them: what people were reading on the file before.
	const asked = recentRequests();
	const w = await warmOpeningPages(s, accountsByRecentUse(appDb()), deadline);
	const r = await warmRecentAnswers(s, asked, deadline);
	await warmReformEvaluations(s, appDb(), deadline).catch((e) =>
		console.error('warming the reform evaluations:', (e as Error).message)
	);
	markWarm(s.dataVersion.version);
	console.log(
		`data version ${s.dataVersion.version}: opening pages of ${w.viewers} viewers (${w.pages} pages, ${w.failed} failed) and ${r.answers} recent requests (${r.failed} refused) computed in ${Date.now() - started} ms${w.stopped || r.stopped ? ', stopped at the deadline' : ''}`
	);
}

let syncedVersion: string | null | undefined;

/** Demonstration accounts follow the data in service: present while synthetic, gone otherwise. */
async function keepDemoAccountsInStep(): Promise<void> {
	const data = await dataVersionInService();
	const version = data?.version ?? null;
	if (version === syncedVersion) return;
	syncedVersion = version;
	const sync = await syncDemoAccounts(appDb(), data);
	if (sync.created.length || sync.removed || sync.disabled.length)
		recordAudit(appDb(), {
			action: 'admin',
			route: 'data in service',
			details: {
				change: 'demonstration accounts follow the data',
				dataVersion: version,
				created: sync.created,
				removed: sync.removed,
				// Made while anyone could sign in with the published demonstration password.
				disabled: sync.disabled
			}
		});
}

const handleAuth: Handle = async ({ event, resolve }) => {
	await keepDemoAccountsInStep();
	const token = event.cookies.get(SESSION_COOKIE);
	event.locals.user = null;
	event.locals.session = null;
	if (token) {
		const c = config();
		const valid = validateSessionToken(appDb(), token, new Date(), {
			idleMinutes: c.sessionIdleMinutes,
			absoluteHours: c.sessionHours
		});
		if (valid) {
			event.locals.user = valid.user;
			event.locals.session = valid.session;
		} else {
			deleteSessionTokenCookie(event.cookies, event.url.host);
		}
	}
	if (!event.locals.user && !isPublicPath(event.url.pathname)) {
		if (event.request.method === 'GET' || event.request.method === 'HEAD') {
			const next = event.url.pathname + event.url.search;
			redirect(303, `/login${next === '/' ? '' : `?next=${encodeURIComponent(next)}`}`);
		}
		error(401, 'Sign in to continue.');
	}
	// Administration is for administrators only; anyone else is told there is no such page.
	if (/^\/admin(\/|$)/.test(event.url.pathname) && event.locals.user?.role !== 'admin') {
		event.locals.audit = { outcome: 'not_found', details: { asked: askedParameters(event.url) } };
		auditRead(event, 404);
		error(404, 'Page not found');
	}
	const response = await keptOrRendered(event, resolve);
	auditRead(event, response.status);
	return response;
};

/** Rendered pages kept for the same viewer and address (see page-cache.ts). */
const pages = new PageCache(64 * 1024 * 1024);

/** The page as kept for this viewer and address, or rendered (and kept for next time). */
async function keptOrRendered(
	event: RequestEvent,
	resolve: Parameters<Handle>[0]['resolve']
): Promise<Response> {
	const user = event.locals.user;
	// The address as asked: SvelteKit's own `event.url` drops the page data's suffix and the
	// parameter saying which of its parts the browser needs, both of which change the response.
	const asked = new URL(event.request.url);
	if (!user || !mayKeep(event.request.method, asked.pathname)) return resolve(event);
	const key = pageKey({
		user,
		url: asked,
		// Read within the request's pin: the version this response shows.
		dataVersion: (await dataVersionInService())?.version ?? null,
		publishedVersion: (await dataVersionInService(config().publishedDbPath))?.version ?? null,
		leadershipVersion: leadershipVersion(appDb()),
		chartWidth: event.cookies.get(CHART_WIDTH_COOKIE),
		now: new Date()
	});
	const kept = pages.take(key);
	if (kept) {
		event.locals.audit = kept.audit;
		return kept.response;
	}
	const response = await resolve(event);
	return pages.keep(key, response, event.locals.audit);
}

/**
 * Every page, download or page data a signed-in user asks for is recorded: who, when, what was
 * served (the filters the page resolved) or that it was refused or not found.
 */
function auditRead(event: RequestEvent, status: number): void {
	const user = event.locals.user;
	if (!user || event.request.method !== 'GET' || isPublicPath(event.url.pathname)) return;
	// Asked by the server itself while answering a request (the board pack renders the report
	// this way); that request is the one recorded.
	if (event.isSubRequest) return;
	// Reading the log itself is not logged, or every look at it would add to it.
	if (event.url.pathname.startsWith('/admin/audit')) return;
	// A page's data fetched during in-browser navigation counts as a request for the page.
	const route = event.url.pathname.replace(/\/__data\.json$/, '') || '/';
	const note = event.locals.audit ?? {
		outcome: status < 400 ? 'shown' : status === 404 ? 'not_found' : 'refused',
		details: { asked: askedParameters(event.url) }
	};
	recordAudit(appDb(), {
		action: /\.(csv|pdf)$/.test(route) ? 'download' : route === '/report' ? 'report' : 'view',
		user,
		route: route.slice(0, 200),
		details: { outcome: note.outcome, ...note.details }
	});
}

const UNSAFE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/**
 * Refuses state-changing requests from other origins, of every kind (forms, JSON, fetch): each
 * must carry an Origin header naming this site. The one exception is the one-click unsubscribe
 * a mail program posts (RFC 8058): it has no Origin, needs no session, and does nothing without
 * the unsubscribe key in its address.
 */
const handleOriginCheck: Handle = async ({ event, resolve }) => {
	if (UNSAFE_METHODS.has(event.request.method) && !isOneClickUnsubscribe(event)) {
		const origin = event.request.headers.get('origin');
		if (origin !== event.url.origin) error(403, 'Requests from other sites are refused.');
	}
	return resolve(event);
};

function isOneClickUnsubscribe(event: RequestEvent): boolean {
	return (
		event.request.method === 'POST' &&
		event.url.pathname === UNSUBSCRIBE_PATH &&
		event.url.searchParams.has('token')
	);
}

/** Security headers that the Content Security Policy (svelte.config.js) does not cover. */
const handleSecurityHeaders: Handle = async ({ event, resolve }) => {
	const response = await resolve(event);
	response.headers.set('x-content-type-options', 'nosniff');
	response.headers.set('referrer-policy', 'same-origin');
	response.headers.set('x-frame-options', 'DENY');
	response.headers.set('permissions-policy', 'camera=(), microphone=(), geolocation=()');
	// Served over TLS (ORIGIN is https): browsers must never fall back to plain HTTP.
	if (event.url.protocol === 'https:')
		response.headers.set('strict-transport-security', 'max-age=31536000; includeSubDomains');
	// Pages carry case-derived figures for one viewer: never keep them in a shared cache.
	if (!response.headers.has('cache-control')) response.headers.set('cache-control', 'no-store');
	return response;
};

/**
 * Every request reads one data version from start to finish, even while a load swaps a new
 * database in; the response names it in `X-Data-Version`, so a client (or a test) can tell
 * which data a page shows.
 */
const handleDataVersion: Handle = async ({ event, resolve }) => {
	const { result: response, dataVersion } = await withPinnedData(async () => resolve(event));
	if (dataVersion) {
		try {
			response.headers.set('x-data-version', dataVersion);
		} catch {
			// A response with immutable headers (none of ours) goes out without the name.
		}
	}
	return response;
};

/**
 * Compressed last, so that every header above is in the response it wraps. Preload hints name
 * the style sheet and the two entry scripts only: hinting every module a page needs (a dozen or
 * more) had Chromium fetch and compile them all while the HTML and styles arrived, and delayed
 * the first paint, which holds the figures and the chart, by about a quarter. The other modules
 * follow the entries' own imports, so a page becomes interactive about as soon as before.
 */
const handleCompression: Handle = async ({ event, resolve }) =>
	compressed(event.request, await resolve(event, { preload: onlyStylesAndEntries }));

function onlyStylesAndEntries({ type, path }: { type: string; path: string }): boolean {
	return type === 'css' || (type === 'js' && path.includes('/entry/'));
}

export const handle = sequence(
	handleCompression,
	handleDataVersion,
	handleSecurityHeaders,
	handleOriginCheck,
	handleAuth
);
