// The access matrix: every route for every role (and no session), allowed or refused as
// designed, and refusals carry nothing of what was refused.
import { expect, test, type APIRequestContext } from '@playwright/test';
import { themes } from '../../src/lib/metrics/themes';
import { expectNoAxeViolations } from './axe';
import { csvFields } from './csv';
import { ADVERSARY_LEADERS, DEMO, E2E_ADMIN, signIn } from './sign-in';

type Outcome = 'ok' | 'sign-in' | 'not-found';

const routes = [
	'/metrics/icpc_15wd.csv',
	'/',
	...themes.map((t) => `/${t.id}`),
	'/metrics/icpc_15wd',
	'/compare',
	'/report',
	// The leader's own authority (held by the police partnership too), and one outside both.
	'/la/X00000001',
	'/la/X00000005',
	'/?area=X00000005',
	'/metrics/icpc_15wd?area=X00000005',
	'/compare?area=X00000005',
	'/report?area=X00000005',
	'/report.pdf',
	'/report.pdf?area=X00000005',
	'/data',
	'/published',
	'/published.csv',
	'/accessibility',
	'/healthz',
	'/account',
	'/admin/users',
	'/admin/digests',
	'/admin/audit',
	'/admin/audit.csv'
];
const page_ = (r: string): Outcome =>
	r === '/accessibility' || r === '/healthz' ? 'ok' : 'sign-in';
const expected: Record<string, (route: string) => Outcome> = {
	none: page_,
	[DEMO.leader]: (r) => (r.startsWith('/admin') || r.includes('X00000005') ? 'not-found' : 'ok'),
	[DEMO.police]: (r) => (r.startsWith('/admin') || r.includes('X00000005') ? 'not-found' : 'ok'),
	[DEMO.national]: (r) => (r.startsWith('/admin') ? 'not-found' : 'ok'),
	[DEMO.admin]: () => 'ok'
};

async function outcome(
	request: APIRequestContext,
	route: string
): Promise<{ outcome: Outcome; body: string }> {
	const res = await request.get(route, { maxRedirects: 0 });
	const body = await res.text();
	if (res.status() === 303 && res.headers().location?.startsWith('/login'))
		return { outcome: 'sign-in', body };
	if (res.status() === 404) return { outcome: 'not-found', body };
	expect(res.status(), route).toBe(200);
	return { outcome: 'ok', body };
}

for (const [who, rule] of Object.entries(expected)) {
	test(`access matrix: ${who}`, async ({ page }) => {
		if (who !== 'none') await signIn(page, who);
		for (const route of routes) {
			const r = await outcome(page.request, route);
			expect(r.outcome, `${who} ${route}`).toBe(rule(route));
			if (r.outcome !== 'ok') {
				// Nothing of the refused page: no accounts, no audit entries, no figures.
				expect(r.body).not.toContain('@demo.invalid</td>');
				expect(r.body).not.toContain('sign_in');
				expect(r.body).not.toContain('data-table');
				expect(r.body).not.toContain('data-value');
				expect(r.body).not.toContain('data-tile');
			}
		}
	});
}

test('the demonstration administrator may look at accounts but not make one', async ({ page }) => {
	await signIn(page, DEMO.admin);
	await page.goto('/admin/users');
	await expect(page.getByRole('heading', { level: 1, name: 'Users' })).toBeVisible();
	await page.getByLabel('Email address').fill('backdoor@example.gov.uk');
	await page.locator('#new-role').selectOption('admin');
	await page.getByRole('button', { name: 'Add account' }).click();
	await expect(page.getByRole('status')).toContainText('Demonstration accounts cannot create');
	await page.goto('/admin/users');
	await expect(page.locator('body')).not.toContainText('backdoor@example.gov.uk');
});

test('an administrator manages accounts and reads the audit log, which passes axe', async ({
	page
}) => {
	await signIn(page, E2E_ADMIN.email);
	await page.getByRole('link', { name: 'Administration' }).click();
	await expect(page.getByRole('heading', { level: 1, name: 'Users' })).toBeVisible();
	await expectNoAxeViolations(page);

	await page.getByLabel('Email address').fill('new.lead@example.gov.uk');
	await page.locator('#new-role').selectOption('la_leader');
	await page.getByLabel('LA codes', { exact: true }).last().fill('X00000002');
	await page.getByRole('button', { name: 'Add account' }).click();
	await expect(page.getByRole('status')).toContainText(
		'Account created for new.lead@example.gov.uk'
	);
	const password = (await page.locator('[data-password]').textContent())!;
	expect(password).toMatch(/^[a-z2-7]{20}$/);

	// The new account can sign in and sees its own authority.
	const other = await page.context().browser()!.newContext();
	const p2 = await other.newPage();
	await p2.goto('/login');
	await p2.getByLabel('Email address').fill('new.lead@example.gov.uk');
	await p2.getByLabel('Password').fill(password);
	await p2.getByRole('button', { name: 'Sign in' }).click();
	await expect(p2.getByRole('button', { name: 'Sign out' })).toBeVisible();
	await expect(p2.locator('header')).toContainText('X00000002');

	// Disabling it ends that session at once.
	await page.getByRole('button', { name: 'Disable new.lead@example.gov.uk' }).click();
	await expect(page.getByRole('status')).toContainText('is disabled');
	await p2.goto('/');
	await expect(p2).toHaveURL(/\/login/);
	await other.close();

	await page.getByRole('link', { name: 'Audit log' }).click();
	await page.getByLabel('Action').selectOption('admin');
	await page.getByRole('button', { name: 'Filter' }).click();
	await expect(page.locator('[data-table="audit"] tbody tr').first()).toContainText('disable user');
	await expectNoAxeViolations(page);
	const csv = await page.request.get('/admin/audit.csv?action=sign_in');
	expect(csv.headers()['content-type']).toContain('text/csv');
	const lines = (await csv.text()).trim().split('\r\n');
	expect(lines[0]).toBe('id,at,user_id,email,role,scope,action,route,details');
	expect(lines.slice(1).every((l) => l.includes(',sign_in,'))).toBe(true);
	expect(lines.some((l) => l.includes(E2E_ADMIN.email))).toBe(true);
});

test('the audit log records what each request was actually served, and every refusal', async ({
	browser
}) => {
	// A leader of its own (the demonstration leader's log is shared with the other tests).
	const context = await browser.newContext();
	const page = await context.newPage();
	await signIn(page, DEMO.police);
	const get = async (url: string) => (await page.request.get(url, { maxRedirects: 0 })).status();
	// A marker no other logged value can contain (a date-like one matched resolved dates).
	const marker = `probe-${crypto.randomUUID()}`;
	expect(await get(`/metrics/icpc_15wd?period=2024-25&area=X00000002&probe=${marker}`)).toBe(200);
	// Out of scope, as a page and as the page data the browser fetches when navigating.
	expect(await get(`/?area=X00000005&probe=${marker}`)).toBe(404);
	expect(await get(`/__data.json?area=X00000005&probe=${marker}`)).toBe(200);
	// A filter given twice: which one would be served is an accident, so neither is.
	expect(await get(`/timeliness?period=2024-25&period=latest&probe=${marker}`)).toBe(400);
	await context.close();

	const admin = await browser.newPage();
	await signIn(admin, E2E_ADMIN.email);
	const csv = await (
		await admin.request.get(`/admin/audit.csv?user=${encodeURIComponent(DEMO.police)}`)
	).text();
	await admin.close();
	const rows = csv
		.split('\r\n')
		.filter((l) => l.includes(marker))
		.map((l) => JSON.parse(csvFields(l).at(-1)!));
	expect(rows).toHaveLength(4);
	const byOutcome = (o: string) => rows.filter((r) => r.outcome === o);
	// Served: the resolved filters, not merely the ones asked for.
	expect(byOutcome('shown')).toEqual([
		expect.objectContaining({
			metric: 'icpc_15wd',
			period: '2024-25',
			from: '2024-04-01',
			to: '2025-03-31',
			area: 'X00000002',
			group: 'neighbours'
		})
	]);
	expect(byOutcome('not_found')).toHaveLength(2);
	for (const r of byOutcome('not_found')) expect(r.asked.area).toBe('X00000005');
	expect(byOutcome('refused')).toEqual([
		expect.objectContaining({
			asked: expect.objectContaining({ period: ['2024-25', 'latest'] }),
			reason: expect.stringContaining('period')
		})
	]);
});

test('a page kept for one viewer is never served to another, and every view of it is audited', async ({
	browser
}) => {
	const [a, b] = ADVERSARY_LEADERS;
	const marker = `kept-${crypto.randomUUID()}`;
	const paths = [
		'/',
		'/__data.json',
		'/participation',
		'/participation/__data.json',
		'/metrics/icpc_15wd'
	].map((p) => `${p}?probe=${marker}`);
	const bodies = new Map<string, string[]>();
	for (const leader of [a!, b!, a!]) {
		const context = await browser.newContext();
		const page = await context.newPage();
		await signIn(page, leader.email);
		for (const p of paths) {
			for (let i = 0; i < 2; i++) {
				const res = await page.request.get(p);
				expect(res.status(), p).toBe(200);
				// A page's data and the page are different responses at one address.
				expect(res.headers()['content-type'], p).toContain(
					p.includes('__data.json') ? 'application/json' : 'text/html'
				);
				const body = await res.text();
				const other = leader === a ? b! : a!;
				expect(body, `${leader.la} ${p}`).toContain(leader.la);
				expect(body, `${leader.la} ${p}`).not.toContain(other.la);
				const key = `${leader.la} ${p}`;
				bodies.set(key, [...(bodies.get(key) ?? []), body]);
			}
		}
		await context.close();
	}
	// The same viewer asking again gets the same page, rendered or kept.
	for (const [key, seen] of bodies) expect(new Set(seen).size, key).toBe(1);

	const admin = await browser.newPage();
	await signIn(admin, E2E_ADMIN.email);
	const csv = await (
		await admin.request.get(`/admin/audit.csv?user=${encodeURIComponent(a!.email)}`)
	).text();
	await admin.close();
	const rows = csv.split('\r\n').filter((l) => l.includes(marker));
	// Twice in each of two sessions, for each address: every view recorded, kept or not.
	expect(rows).toHaveLength(paths.length * 4);
	for (const r of rows) expect(JSON.parse(csvFields(r).at(-1)!).outcome).toBe('shown');
});
