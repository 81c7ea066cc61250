// Hostile requests against the running server: injection and traversal attempts in every
// parameter a page or download reads, oversized bodies and cross-origin posts. Each must be
// refused or ignored (never a server error), must not show another authority's figures, and
// must leave the data and the service as they were.
import { expect, test } from '@playwright/test';
import { nationalView } from './engine';
import { DEMO, signIn } from './sign-in';

const payloads = [
	"' OR '1'='1",
	"X00000001' OR la_code <> '",
	'1; DROP TABLE referrals; --',
	"'); DELETE FROM audit_event; --",
	'$la0',
	'../../../../etc/passwd',
	'..%2F..%2Fpackage.json',
	'%00',
	'<script>alert(1)</script>',
	'X'.repeat(5000),
	'2024-04-01T00:00:00Z',
	'🙂'
];

const pages = ['/', '/participation', '/metrics/icpc_15wd', '/compare', '/report', '/la/X00000001'];
const params = ['period', 'from', 'to', 'area', 'group', 'metric'];

test('injection and traversal in every parameter are refused or ignored, never obeyed', async ({
	page
}) => {
	// About 2.5 minutes on its own; longer while the accessibility sweep shares the two cores.
	test.setTimeout(360_000);
	await signIn(page, DEMO.leader);
	const own = 'X00000001';
	const others = nationalView('icpc_15wd')
		.benchmarks!.authorities!.named.filter((a) => a.code !== own)
		.map((a) => a.name);
	const version = (await (await page.request.get('/healthz')).json()).dataVersion;
	let tried = 0;
	const check = async (url: string) => {
		const res = await page.request.get(url, { maxRedirects: 0 });
		tried++;
		expect([200, 400, 404, 414], url).toContain(res.status());
		const body = await res.text();
		for (const name of others) expect(body, `${url} shows ${name}`).not.toContain(name);
		expect(body).not.toContain('<script>alert(1)</script>');
	};
	for (const p of pages)
		for (const name of params)
			for (const value of payloads) await check(`${p}?${name}=${encodeURIComponent(value)}`);
	// Path parameters: the metric id, the authority code, the theme and the download name.
	for (const value of payloads) {
		const v = encodeURIComponent(value);
		for (const url of [`/metrics/${v}`, `/metrics/${v}.csv`, `/la/${v}`, `/${v}`]) await check(url);
	}
	expect(tried).toBeGreaterThan(400);
	console.log(`attacks: ${tried} hostile requests, none obeyed, no server error`);
	// Nothing was dropped or changed: the same data version serves, with its figures.
	const after = await page.request.get('/healthz');
	expect((await after.json()).dataVersion).toBe(version);
	await page.goto('/');
	await expect(page.locator('[data-tile]').first()).toBeVisible();
});

test('oversized bodies are refused without harm', async ({ request }) => {
	const big = 'a'.repeat(2 * 1024 * 1024);
	const res = await request.post('/login', {
		headers: {
			origin: 'http://127.0.0.1:' + (process.env.E2E_PORT ?? '4173'),
			'content-type': 'application/x-www-form-urlencoded'
		},
		data: `email=${big}&password=${big}`,
		maxRedirects: 0
	});
	expect(res.status()).toBe(413);
	expect((await request.get('/healthz')).status()).toBe(200);
});

test('posts from another origin are refused, as forms and as JSON', async ({ page }) => {
	await signIn(page, DEMO.admin);
	for (const [path, contentType, data] of [
		['/login', 'application/x-www-form-urlencoded', 'email=a%40b.c&password=x'],
		['/logout', 'application/x-www-form-urlencoded', ''],
		['/admin/users?/disable', 'application/x-www-form-urlencoded', 'id=1'],
		['/logout', 'application/json', '{}'],
		['/admin/users?/create', 'application/json', '{"email":"x@y.z","role":"admin"}']
	] as const) {
		const res = await page.request.post(path, {
			headers: { origin: 'https://attacker.example', 'content-type': contentType },
			data,
			maxRedirects: 0
		});
		expect(res.status(), `${path} ${contentType}`).toBe(403);
	}
	// Still signed in: nothing was done on the attacker's behalf.
	await page.goto('/admin/users');
	await expect(page.getByRole('button', { name: 'Sign out' })).toBeVisible();
});
