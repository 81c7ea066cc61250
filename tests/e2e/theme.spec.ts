// Theme pages show the numbers the metric engine gives for the same scope and period: the test
// asks the `metrics` command (the same engine) and compares, rather than trusting literals.
import { expect, test, type Page } from '@playwright/test';
import { formatFigure } from '../../src/lib/components/format';
import { expectNoAxeViolations } from './axe';
import { engine as ask, LATEST } from './engine';
import { DEMO, signIn } from './sign-in';

const engine = (scope: string[], ids: string[]) =>
	ask(scope, LATEST, ['--monthly', '--benchmarks', ...ids.flatMap((id) => ['--id', id])]);

/** The theme's measures as the at-a-glance table shows them, in its order. */
async function glance(page: Page) {
	const ids = await page
		.locator('[data-glance]')
		.evaluateAll((els) => els.map((e) => e.getAttribute('data-glance')!));
	const values = await page.locator('[data-glance] [data-value]').allTextContents();
	const bands = await page.locator('[data-glance] [data-band]').allTextContents();
	return { ids, values: values.map((t) => t.trim()), bands: bands.map((t) => t.trim()) };
}

for (const theme of ['participation', 'timeliness']) {
	test(`the ${theme} page shows the engine's figures for a leader's own authority`, async ({
		page
	}) => {
		// The engine runs once more through the command, and axe checks the page.
		test.setTimeout(90_000);
		await signIn(page, DEMO.leader, `/${theme}`);
		const la = (await page.locator('header').textContent())!.match(/X\d{8}/)![0];
		const g = await glance(page);
		expect(g.ids.length).toBeGreaterThanOrEqual(4);
		const e = engine(['--la', la], g.ids);
		expect(g.values).toEqual(e.metrics.map((m) => formatFigure(m, m.kind, m.unit)));
		expect(g.bands.map((b) => b.slice(0, 1))).toEqual(
			e.metrics.map((m) => (m.benchmarks!.band ?? 'n').slice(0, 1))
		);
		// One measure in detail, the first: its England benchmark is the engine's.
		const card = page.locator('[data-metric]');
		await expect(card).toHaveCount(1);
		await expect(card).toHaveAttribute('data-metric', g.ids[0]!);
		await expect(card.locator('[data-benchmark="england"]')).toHaveText(
			formatFigure(e.metrics[0]!.benchmarks!.england!, e.metrics[0]!.kind, e.metrics[0]!.unit)
		);
		await expectNoAxeViolations(page);
	});
}

test('a national viewer sees England, with figures under disclosure control', async ({ page }) => {
	test.setTimeout(90_000);
	await signIn(page, DEMO.national, '/decisions');
	await expect(page.locator('[data-scope]')).toContainText('England');
	await expect(page.locator('[data-scope]')).toContainText('disclosure control');
	const g = await glance(page);
	const e = engine(['--england'], g.ids);
	expect(g.values).toEqual(e.metrics.map((m) => formatFigure(m, m.kind, m.unit)));
});

test('a measure of the glance opens its detail by keyboard, in a URL that can be shared', async ({
	page
}) => {
	await signIn(page, DEMO.leader, '/timeliness');
	const link = page.locator('[data-glance="icpc_15wd"] th a');
	await link.focus();
	await page.keyboard.press('Enter');
	await expect(page).toHaveURL(/measure=icpc_15wd#measure-detail/);
	await expect(page.locator('[data-metric]')).toHaveAttribute('data-metric', 'icpc_15wd');
	await expect(page.locator('[data-glance="icpc_15wd"] th a')).toHaveAttribute(
		'aria-current',
		'true'
	);
	// The filters keep the measure chosen.
	await page.selectOption('#filter-period', { index: 1 });
	await page.click('button:has-text("Apply filters")');
	await expect(page).toHaveURL(/measure=icpc_15wd/);
	await expect(page.locator('[data-metric]')).toHaveAttribute('data-metric', 'icpc_15wd');
	// A measure of another theme, or none, is refused.
	const r = await page.request.get('/timeliness?measure=repeat_plan');
	expect(r.status()).toBe(400);
});

test('a police lead sees the police first, and where the police was not in the room by authority', async ({
	page
}) => {
	test.setTimeout(90_000);
	await signIn(page, DEMO.police, '/participation');
	// The measures broken down by agency lead the glance, with the police figure beside each.
	const g = await glance(page);
	const byAgency = [
		'strategy_agency_attendance',
		'conference_agency_attendance',
		'conference_reports_on_time',
		'info_response_median_days',
		'escalation_resolved_20wd'
	];
	expect(g.ids.slice(0, byAgency.length)).toEqual(byAgency);
	// The lens: the partnership, then each authority; each police figure is the engine's.
	const areas = await page
		.locator('[data-lens-area]')
		.evaluateAll((els) => els.map((e) => e.getAttribute('data-lens-area')!));
	expect(areas[0]).toBe('own');
	expect(areas.slice(1)).toEqual(['X00000001', 'X00000002', 'X00000003']);
	for (const la of areas.slice(1)) {
		const e = ask(['--la', la], LATEST, [
			'--breakdown',
			'agency',
			...byAgency.flatMap((id) => ['--id', id])
		]);
		const row = page.locator(`[data-lens-area="${la}"]`);
		for (const m of e.metrics) {
			const police = m.breakdown.find((b) => b.key === 'police')!;
			await expect(
				row.locator(`[data-lens-measure="${m.id}"] [data-lens-value]`),
				`${la} ${m.id}`
			).toHaveText(formatFigure(police, m.kind, m.unit));
		}
	}
	await expectNoAxeViolations(page);
});

test('a period disclosure control does not allow is refused without figures', async ({ page }) => {
	// A partner holds its authorities in detail; a custom period is fine for them.
	await signIn(page, DEMO.police, '/workforce?period=custom&from=2024-05-01&to=2025-02-28');
	await expect(page.locator('[data-scope]')).toContainText('May 2024 to February 2025');
	// A date that does not exist is refused; one that is not a date is ignored for the default.
	const bad = await page.request.get('/workforce?period=custom&from=2024-05-01&to=2025-02-30');
	expect(bad.status()).toBe(400);
	expect(await bad.text()).not.toContain('data-value');
	const junk = await page.request.get('/workforce?period=custom&from=2025-13&to=x');
	expect(junk.status()).toBe(200);
	expect(await junk.text()).toContain('April 2024 to March 2025');

	// A national viewer gets a single authority for whole financial years only.
	await page.context().clearCookies();
	await signIn(page, DEMO.national, '/workforce?area=X00000002&period=2023-24');
	await expect(page.locator('[data-scope]')).toContainText('April 2023 to March 2024');
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
	await signIn(page, DEMO.leader, '/timeliness?measure=icpc_15wd');
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
