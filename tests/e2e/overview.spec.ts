import { expect, test } from '@playwright/test';
import { expectNoAxeViolations } from './axe';
import { DEMO, signIn } from './sign-in';

test('the overview shows the referrals chart with its data table', async ({ page }) => {
	await signIn(page);
	await expect(page.getByRole('heading', { level: 1, name: 'Overview' })).toBeVisible();

	const svg = page.locator('[data-chart="referrals-by-month"] svg');
	await expect(svg).toBeVisible();
	await expect(svg).toHaveAttribute('aria-label', 'Referrals received each month');

	const table = page.locator('[data-table="referrals-by-month-table"]');
	const rows = table.locator('tbody tr');
	await expect(rows).toHaveCount(12);
	// The chart draws one bar per row of the table, labelled with the same figures.
	const barLabels = await svg
		.locator('rect > title')
		.evaluateAll((els) => els.map((e) => e.textContent));
	const tableRows = await rows.evaluateAll((trs) =>
		trs.map((tr) => [...tr.children].map((c) => c.textContent?.trim()).join(': '))
	);
	expect(barLabels).toEqual(tableRows);

	await expectNoAxeViolations(page);
});

test('every theme page is reachable from the navigation and passes axe', async ({ page }) => {
	// Four full pages of tables, each checked by axe.
	test.setTimeout(120_000);
	await signIn(page);
	for (const name of ['Participation', 'Decisions', 'Timeliness', 'Workforce']) {
		await page.getByRole('navigation', { name: 'Themes' }).getByRole('link', { name }).click();
		await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
		await expect(
			page.getByRole('navigation', { name: 'Themes' }).getByRole('link', { name })
		).toHaveAttribute('aria-current', 'page');
		await expectNoAxeViolations(page);
	}
});

test('the accessibility statement passes axe', async ({ page }) => {
	await page.goto('/accessibility');
	await expect(page.getByRole('heading', { level: 1 })).toContainText('Accessibility statement');
	await expectNoAxeViolations(page);
});

test('a banner says the data is synthetic', async ({ page }) => {
	await page.goto('/login');
	await expect(page.getByRole('region', { name: 'About this data' })).toContainText(
		'Synthetic data'
	);
});

test('pages, page data and CSV come compressed: brotli when asked, gzip otherwise', async ({
	page
}) => {
	await signIn(page);
	for (const path of [
		'/',
		'/participation',
		'/__data.json',
		'/published.csv?measure=rereferral_12m'
	]) {
		const br = await page.request.get(path, { headers: { 'accept-encoding': 'gzip, br' } });
		expect(br.headers()['content-encoding'], path).toBe('br');
		expect(br.headers()['vary'], path).toContain('Accept-Encoding');
		// Decoded by the client: the same page either way.
		const plain = await page.request.get(path, { headers: { 'accept-encoding': 'identity' } });
		expect(plain.headers()['content-encoding'], path).toBeUndefined();
		expect((await br.body()).length, path).toBe((await plain.body()).length);
		const gz = await page.request.get(path, { headers: { 'accept-encoding': 'gzip' } });
		expect(gz.headers()['content-encoding'], path).toBe('gzip');
	}
});

test('a page hints its style sheet and entry scripts only, and still becomes interactive', async ({
	page
}) => {
	await signIn(page);
	for (const path of ['/', '/metrics/icpc_15wd', '/accessibility']) {
		const res = await page.request.get(path);
		const hinted = (res.headers()['link'] ?? '').split(',').map((l) => l.trim());
		expect(
			hinted.filter((l) => /rel="preload"; as="style"/.test(l)),
			path
		).toHaveLength(1);
		const scripts = hinted.filter((l) => l.includes('rel="modulepreload"'));
		// start and app: the rest of a page's modules follow their imports.
		expect(scripts, path).toHaveLength(2);
		for (const s of scripts) expect(s, path).toMatch(/\/_app\/immutable\/entry\//);
		await page.goto(path);
		await expect(page.locator('html')).toHaveAttribute('data-hydrated', 'true');
	}
});

test('a folded section opened before the page’s script runs stays open once it has', async ({
	page
}) => {
	await signIn(page);
	let release = () => {};
	const held = new Promise<void>((resolve) => (release = resolve));
	await page.route('**/_app/immutable/entry/**', async (route) => {
		await held;
		await route.continue();
	});
	await page.goto('/', { waitUntil: 'domcontentloaded' });
	const custom = page.locator('details', { hasText: 'Custom months' });
	await custom.locator('summary').click();
	await expect(custom).toHaveAttribute('open', '');
	release();
	await expect(page.locator('html')).toHaveAttribute('data-hydrated', 'true');
	await expect(custom).toHaveAttribute('open', '');
});

test('text typed before the page’s script runs is still there once it has', async ({ page }) => {
	await signIn(page);
	for (const [path, id] of [
		['/reform', 'note'],
		['/metrics/icpc_15wd', 'commentary-body']
	] as const) {
		let release = () => {};
		const held = new Promise<void>((resolve) => (release = resolve));
		await page.route('**/_app/immutable/entry/**', async (route) => {
			await held;
			await route.continue();
		});
		await page.goto(path, { waitUntil: 'domcontentloaded' });
		const field = page.locator(`textarea#${id}`);
		await field.fill('Typed before the script ran 20261130');
		release();
		await expect(page.locator('html')).toHaveAttribute('data-hydrated', 'true');
		await expect(field, path).toHaveValue('Typed before the script ran 20261130');
		await page.unroute('**/_app/immutable/entry/**');
	}
});

test('the health check and every page name the data version they read', async ({ page }) => {
	const res = await page.request.get('/healthz');
	expect(res.status()).toBe(200);
	const health = await res.json();
	expect(health).toMatchObject({ status: 'ok', synthetic: true, extracted: '2025-03-31' });
	expect(res.headers()['x-data-version']).toBe(health.dataVersion);
	await signIn(page);
	for (const path of ['/', '/participation', '/metrics/icpc_15wd.csv', '/compare']) {
		const r = await page.request.get(path);
		expect(r.headers()['x-data-version'], path).toBe(health.dataVersion);
	}
	// The footer shows the same version the page was built from.
	await page.goto('/');
	await expect(page.locator('footer')).toContainText(health.dataVersion);
});

test('an unknown page answers 404 with an accessible page', async ({ page }) => {
	await signIn(page);
	const res = await page.goto('/no-such-page');
	expect(res?.status()).toBe(404);
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('Page not found');
	await expectNoAxeViolations(page);
});

test('the data page says how current a director’s authority is, and passes axe', async ({
	page
}) => {
	await signIn(page, DEMO.leader, '/data');
	const rows = page.locator('[data-table="currency"] tbody tr');
	await expect(rows).toHaveCount(1);
	await expect(rows.first()).toContainText('X00000001');
	await expect(page.locator('[data-table="currency"] thead')).not.toContainText('Loaded');
	await expectNoAxeViolations(page);
});

test('the data page shows an administrator every authority and who loaded it, and passes axe', async ({
	page
}) => {
	await signIn(page, DEMO.admin, '/data');
	await expect(page.locator('[data-table="currency"] thead')).toContainText('Loaded');
	expect(await page.locator('[data-table="currency"] tbody tr').count()).toBeGreaterThan(1);
	await expectNoAxeViolations(page);
});
