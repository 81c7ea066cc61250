// The opening pages computed ahead: each enabled account's overview and theme pages, once per
// distinct viewer, most recently active first — and then the pages themselves are answered
// entirely from the engine's cache, each viewer's from their own entries.
import { beforeAll, describe, expect, it } from 'vitest';
import { themes } from '$lib/metrics/themes';
import { partnerAgencyOf } from '$lib/server/agency-lens';
import { withAnalytics } from '$lib/server/analytics/duckdb';
import {
	computeMetrics,
	engineCacheStats,
	recentRequests,
	type MetricRequest
} from '$lib/server/analytics/engine/engine';
import { createUser, disableUser, viewerOf, type UserScope } from '$lib/server/auth/users';
import { createSession, generateSessionToken } from '$lib/server/auth/session';
import { openAppDb, type AppDb } from '$lib/server/db/client';
import { overviewData } from '$lib/server/pages/overview';
import { themeData } from '$lib/server/pages/theme';
import { viewOf } from '$lib/server/view';
import { findMetric } from '$lib/metrics/catalogue';
import { loadDataFacts } from '$lib/server/analytics/engine/data-facts';
import { goLivesFrom, OPENING_MEASURE } from '$lib/server/reform/evaluation';
import { registerNow } from '$lib/server/reform/register';
import { evaluationFor } from '$lib/server/reform/views';
import {
	accountsByRecentUse,
	warmOpeningPages,
	warmRecentAnswers,
	warmReformEvaluations
} from '$lib/server/warm';
import { loadGenerated, useScratchFolder } from '../fixtures/loaded';

const scratch = useScratchFolder('warm');
let db: string;
let las: string[];
let app: AppDb;
const password = 'a long enough password for tests';

beforeAll(async () => {
	({ dbPath: db, las } = await loadGenerated(scratch(), {
		authorities: 3,
		years: 2,
		seed: 'warm',
		workers: 2
	}));
	app = openAppDb(':memory:');
	const make = (email: string, scope: UserScope) => createUser(app, { email, password, ...scope });
	await make('first@leader.invalid', { role: 'la_leader', laCodes: [las[0]!], agency: null });
	// The same viewer as the first: computed once.
	await make('second@leader.invalid', { role: 'la_leader', laCodes: [las[0]!], agency: null });
	await make('police@partner.invalid', {
		role: 'partner',
		laCodes: [las[0]!, las[1]!],
		agency: 'police'
	});
	const national = await make('someone@national.invalid', {
		role: 'national',
		laCodes: [],
		agency: null
	});
	await make('gone@leader.invalid', { role: 'la_leader', laCodes: [las[2]!], agency: null });
	disableUser(app, 'gone@leader.invalid');
	createSession(app, generateSessionToken(), national.id, new Date());
}, 180_000);

describe('accountsByRecentUse', () => {
	it('lists enabled accounts, the most recently active first', () => {
		const emails = accountsByRecentUse(app).map((u) => u.email);
		expect(emails[0]).toBe('someone@national.invalid');
		expect(emails.toSorted()).toEqual([
			'first@leader.invalid',
			'police@partner.invalid',
			'second@leader.invalid',
			'someone@national.invalid'
		]);
	});
});

describe('warmOpeningPages', () => {
	it("computes each distinct viewer's overview and theme pages, which are then answered from the cache", async () => {
		const accounts = accountsByRecentUse(app);
		const warmed = await withAnalytics(
			(s) => warmOpeningPages(s, accounts, Date.now() + 120_000),
			db
		);
		expect(warmed).toMatchObject({
			viewers: 3,
			pages: 3 * (1 + themes.length),
			failed: 0,
			stopped: false
		});

		const before = engineCacheStats();
		const pages = await withAnalytics(async (s) => {
			const out = [];
			for (const account of accounts) {
				const view = await viewOf(s, viewerOf(account), new URL('http://localhost/'));
				const agency = partnerAgencyOf(account);
				out.push(await overviewData(s, view, agency));
				for (const t of themes) out.push(await themeData(s, view, t, agency, null));
			}
			return out;
		}, db);
		const after = engineCacheStats();
		expect(after.misses).toBe(before.misses);
		expect(after.hits).toBeGreaterThan(before.hits);
		// Each viewer's own opening scope: the leader's authority, the partnership, England.
		const scopes = pages.flatMap((p) => ('theme' in p ? [p.scope.name] : []));
		expect(new Set(scopes).size, scopes.join(', ')).toBe(3);
	});

	it('stops at its deadline', async () => {
		const warmed = await withAnalytics(
			(s) => warmOpeningPages(s, accountsByRecentUse(app), Date.now() - 1),
			db
		);
		expect(warmed).toMatchObject({ pages: 0, stopped: true });
	});
});

describe('warmRecentAnswers', () => {
	it('answers the requests people made, the most recent first, and stops at its deadline', async () => {
		const ask = (la: string, from: string): MetricRequest => ({
			scope: { kind: 'la', la },
			viewer: { role: 'la_leader', las: [la] },
			from,
			to: '2024-12-31',
			ids: ['icpc_15wd']
		});
		const [older, newer] = [ask(las[1]!, '2024-01-01'), ask(las[2]!, '2024-02-01')];
		await withAnalytics(async (s) => {
			await computeMetrics(s, older);
			await computeMetrics(s, newer);
			// Asked again: still once, now the most recent.
			await computeMetrics(s, older);
		}, db);
		const recent = recentRequests();
		expect(recent.slice(0, 2)).toEqual([older, newer]);
		expect(recent.filter((r) => r === older)).toHaveLength(1);

		const refused = { ...newer, from: '1990-01-01' };
		const warmed = await withAnalytics(
			(s) => warmRecentAnswers(s, [older, newer, refused], Date.now() + 60_000),
			db
		);
		expect(warmed).toEqual({ answers: 2, failed: 1, stopped: false });
		const late = await withAnalytics((s) => warmRecentAnswers(s, [older], Date.now() - 1), db);
		expect(late).toEqual({ answers: 0, failed: 0, stopped: true });
	});
});

describe('warmReformEvaluations', () => {
	it('computes the evaluation the tracker opens on and those asked since, most recent first', async () => {
		await withAnalytics(async (s) => {
			const facts = await loadDataFacts(s);
			const { goLive } = goLivesFrom(registerNow(app), s.dataVersion.simulatedGoLive);
			// Simulated go-lives came with the generated data: one of three authorities.
			expect(Object.keys(goLive)).toHaveLength(1);
			// Two measures asked by pages, the later one second.
			await evaluationFor(s, facts, findMetric('review_on_time')!, goLive);
			await evaluationFor(s, facts, findMetric('conference_reports_on_time')!, goLive);
			expect(await warmReformEvaluations(s, app, Date.now() + 60_000)).toEqual([
				OPENING_MEASURE,
				'conference_reports_on_time',
				'review_on_time'
			]);
			// The page's own call then finds the opening evaluation computed.
			const opening = await evaluationFor(s, facts, findMetric(OPENING_MEASURE)!, goLive);
			expect(opening.evaluation?.metric).toBe(OPENING_MEASURE);
			// Past the deadline, nothing more is computed.
			expect(await warmReformEvaluations(s, app, Date.now() - 1)).toEqual([]);
		}, db);
	});
});
