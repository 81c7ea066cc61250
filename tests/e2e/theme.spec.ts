// Theme pages show the numbers the metric engine gives for the same scope and period: the test
// asks the `metrics` command (the same engine) and compares, rather than trusting literals.
import { expect, test, type Page } from '@playwright/test';
import { formatFigure } from '../../src/lib/components/format';
import { expectNoAxeViolations } from './axe';
import { engine as ask, LATEST } from './engine';
import { DEMO, signIn } from './sign-in';

const engine = (scope: string[], ids: string[]) =>
	ask(scope, LATEST, ['--monthly', '--benchmarks', ...ids.flatMap((id) => ['--id', id])]);

async function shown(page: Page) {
	const ids = await page
		.locator('[data-metric]')
		.evaluateAll((els) => els.map((e) => e.getAttribute('data-metric')!));
	const values = await page.locator('[data-metric] [data-value]').allTextContents();
	const england = await page.locator('[data-metric] [data-benchmark="england"]').allTextContents();
	return { ids, values, england: england.map((t) => t.trim()) };
}

for (const theme of ['participation', 'timeliness']) {
	test(`the ${theme} page shows the engine's figures for a leader's own authority`, async ({
		page
	}) => {
		// The engine runs once more through the command, and axe checks a long page.
		test.setTimeout(90_000);
		await signIn(page, DEMO.leader, `/${theme}`);
		const la = (await page.locator('header').textContent())!.match(/X\d{8}/)![0];
		const s = await shown(page);
		expect(s.ids.length).toBeGreaterThanOrEqual(4);
		const e = engine(['--la', la], s.ids);
		expect(s.values).toEqual(e.metrics.map((m) => formatFigure(m, m.kind, m.unit)));
		expect(s.england).toEqual(
			e.metrics.map((m) => formatFigure(m.benchmarks!.england!, m.kind, m.unit))
		);
		await expectNoAxeViolations(page);
	});
}

test('a national viewer sees England, with figures under disclosure control', async ({ page }) => {
	test.setTimeout(90_000);
	await signIn(page, DEMO.national, '/decisions');
	await expect(page.locator('[data-scope]')).toContainText('England');
	await expect(page.locator('[data-scope]')).toContainText('disclosure control');
	const s = await shown(page);
	const e = engine(['--england'], s.ids);
	expect(s.values).toEqual(e.metrics.map((m) => formatFigure(m, m.kind, m.unit)));
});

test('a period disclosure control does not allow is refused without figures', async ({ page }) => {
	// A partner holds its authorities in detail; a custom period is fine for them.
	await signIn(page, DEMO.police, '/workforce?period=custom&from=2024-05-01&to=2025-02-28');
	await expect(page.locator('[data-scope]')).toContainText('2024-05-01 to 2025-02-28');
	// A date that does not exist is refused; one that is not a date is ignored for the default.
	const bad = await page.request.get('/workforce?period=custom&from=2024-05-01&to=2025-02-30');
	expect(bad.status()).toBe(400);
	expect(await bad.text()).not.toContain('data-value');
	const junk = await page.request.get('/workforce?period=custom&from=2025-13&to=x');
	expect(junk.status()).toBe(200);
	expect(await junk.text()).toContain('2024-04-01 to 2025-03-31');

	// A national viewer gets a single authority for whole financial years only.
	await page.context().clearCookies();
	await signIn(page, DEMO.national, '/workforce?area=X00000002&period=2023-24');
	await expect(page.locator('[data-scope]')).toContainText('2023-04-01 to 2024-03-31');
	const overlapping = await page.request.get(
		'/workforce?area=X00000002&period=custom&from=2023-05-01&to=2024-04-30'
	);
	expect(overlapping.status()).toBe(400);
	const body = await overlapping.text();
	expect(body).toContain('financial years');
	expect(body).not.toContain('data-value');
});

test('a metric downloads as CSV holding the figures of its table, for the viewer only', async ({
	page
}) => {
	await signIn(page, DEMO.leader, '/timeliness');
	const scopeName = (await page.locator('[data-scope]').textContent())!.split(',')[0]!.trim();
	const href = (await page.locator('[data-metric="icpc_15wd"] [data-csv]').getAttribute('href'))!;
	const res = await page.request.get(href);
	expect(res.headers()['content-disposition']).toContain('icpc_15wd_2024-04-01_2025-03-31.csv');
	const lines = (await res.text()).trim().split('\r\n');
	expect(lines[1]).toBe(`Area,${scopeName}`);
	const csvNumerators = lines.filter((l) => l.startsWith('Month,')).map((l) => l.split(',')[3]);
	const shownNumerators = await page
		.locator('[data-table="icpc_15wd-months"] tbody tr > :nth-child(3)')
		.allTextContents();
	expect(csvNumerators).toEqual(shownNumerators.map((t) => t.replace(/,/g, '')));

	// Nothing in the URL changes whose figures these are, and unknown names are 404.
	const tampered = await page.request.get(`${href}&la=X00000006&scope=england&role=national`);
	expect((await tampered.text()).split('\r\n')[1]).toBe(`Area,${scopeName}`);
	for (const area of ['X00000006', 'england', 'region-E12000001', 'own']) {
		const r = await page.request.get(`/metrics/icpc_15wd.csv?area=${area}`);
		expect(r.status(), area).toBe(404);
		expect(await r.text()).not.toContain('Numerator');
	}
	for (const bad of ['/metrics/no_such_metric.csv', '/metrics/..%2F..%2Fpackage.json.csv']) {
		const r = await page.request.get(bad, { maxRedirects: 0 });
		expect(r.status(), bad).toBe(404);
		expect(await r.text()).not.toContain('"name"');
	}
});
