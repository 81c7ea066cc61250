import { describe, expect, it } from 'vitest';
import { mayKeep, PageCache, pageKey, type KeyParts } from './page-cache';

const base: KeyParts = {
	user: { id: 'u1', role: 'la_leader', laCodes: '["E09000001"]', agency: null },
	url: new URL('http://localhost/participation?period=fy2024'),
	dataVersion: 'v1',
	publishedVersion: 'p1',
	leadershipVersion: '7',
	chartWidth: undefined,
	now: new Date('2026-11-30T10:00:00Z')
};

describe('mayKeep', () => {
	it("keeps the dashboard's pages and their page data", () => {
		for (const p of [
			'/',
			'/__data.json',
			'/participation',
			'/workforce/__data.json',
			'/metrics/icpc_15wd',
			'/compare',
			'/published',
			'/reform',
			'/reform/evaluation/__data.json',
			'/la/E09000001'
		])
			expect(mayKeep('GET', p), p).toBe(true);
	});

	it('keeps nothing else: other methods, downloads, administration, data, sign-in', () => {
		expect(mayKeep('POST', '/')).toBe(false);
		expect(mayKeep('HEAD', '/')).toBe(false);
		for (const p of [
			// The board report says when it was generated.
			'/report',
			'/metrics/icpc_15wd.csv',
			'/published.csv',
			'/admin/users',
			'/admin/audit',
			'/data',
			'/login',
			'/healthz',
			'/participation/extra',
			'/metrics/../admin'
		])
			expect(mayKeep('GET', p), p).toBe(false);
	});
});

describe('pageKey', () => {
	it('differs with every part that decides what the page holds', () => {
		const key = pageKey(base);
		expect(pageKey({ ...base, url: new URL(base.url) })).toBe(key);
		const others: Partial<KeyParts>[] = [
			{ user: { ...base.user, id: 'u2' } },
			{ user: { ...base.user, role: 'partner' } },
			{ user: { ...base.user, laCodes: '["E09000002"]' } },
			{ user: { ...base.user, agency: 'police' } },
			{ url: new URL('http://localhost/participation?period=fy2023') },
			{ url: new URL('http://localhost/decisions?period=fy2024') },
			// The page's data, and the same data with only some of its parts, are other responses.
			{ url: new URL('http://localhost/participation/__data.json?period=fy2024') },
			{
				url: new URL(
					'http://localhost/participation/__data.json?period=fy2024&x-sveltekit-invalidated=01'
				)
			},
			{ dataVersion: 'v2' },
			{ publishedVersion: null },
			{ leadershipVersion: '8' },
			{ chartWidth: '360' },
			{ now: new Date('2026-12-01T00:00:00Z') }
		];
		const keys = others.map((o) => pageKey({ ...base, ...o }));
		expect(new Set([key, ...keys]).size).toBe(others.length + 1);
	});
});

const page = (body: string, init: ResponseInit = {}) =>
	new Response(body, { status: 200, headers: { 'content-type': 'text/html' }, ...init });

describe('PageCache', () => {
	it('gives back the same bytes, headers and audit note for the same key only', async () => {
		const cache = new PageCache(1024 * 1024);
		const audit = { outcome: 'shown' as const, details: { area: 'E09000001' } };
		const sent = await cache.keep('k', page('<p>figures</p>'), audit);
		expect(await sent.text()).toBe('<p>figures</p>');
		expect(cache.take('other')).toBeUndefined();
		const kept = cache.take('k')!;
		expect(await kept.response.text()).toBe('<p>figures</p>');
		expect(kept.response.headers.get('content-type')).toBe('text/html');
		expect(kept.audit).toEqual(audit);
		// Each response has its own body.
		expect(await cache.take('k')!.response.text()).toBe('<p>figures</p>');
		expect([cache.hits, cache.misses]).toEqual([2, 1]);
	});

	it('keeps no refusal, error or response that sets a cookie', async () => {
		const cache = new PageCache(1024 * 1024);
		await cache.keep('a', page('no', { status: 404 }), undefined);
		await cache.keep('b', page('no', { status: 500 }), undefined);
		await cache.keep(
			'c',
			page('x', { headers: { 'set-cookie': 'session=; Max-Age=0' } }),
			undefined
		);
		expect(cache.size).toBe(0);
	});

	it('holds at most its budget, dropping the least recently used', async () => {
		const cache = new PageCache(800);
		for (const k of ['a', 'b', 'c']) await cache.keep(k, page('x'.repeat(100)), undefined);
		cache.take('a');
		for (const k of ['d', 'e', 'f', 'g', 'h', 'i'])
			await cache.keep(k, page('x'.repeat(100)), undefined);
		expect(cache.size).toBe(8);
		expect(cache.take('a')).toBeDefined();
		expect(cache.take('b')).toBeUndefined();
		// A page larger than an eighth of the budget is sent but not kept.
		await cache.keep('big', page('x'.repeat(101)), undefined);
		expect(cache.take('big')).toBeUndefined();
	});
});
