// The dashboard pages — overview, metric detail, compare, authority profile and board report —
// each compared with the metric engine's answer for the same scope and period, checked with axe
// and walked with the keyboard alone.
import fs from 'node:fs';
import { expect, test, type Page } from '@playwright/test';
import { formatFigure } from '../../src/lib/components/format';
import { expectNoAxeViolations } from './axe';
import { engine, LATEST, nationalView, type EngineMetric } from './engine';
import { DEMO, signIn } from './sign-in';

const show = (m: EngineMetric) => formatFigure(m, m.kind, m.unit);
const quiet = new Set(['common_cause', 'insufficient_data']);

async function tiles(page: Page) {
	return page.locator('[data-tile]').evaluateAll((els) =>
		els.map((e) => ({
			id: e.getAttribute('data-tile')!,
			value: e.querySelector('[data-value]')!.textContent!.trim(),
			comparator: e.querySelector('[data-comparator] strong')?.textContent?.trim() ?? null,
			verdict: e.querySelector('[data-verdict]')?.getAttribute('data-verdict') ?? null
		}))
	);
}

async function ownCode(page: Page) {
	return (await page.locator('header').textContent())!.match(/X\d{8}/)![0];
}

test('the overview tiles and signals are the engine figures, and the filters change them', async ({
	page
}) => {
	test.setTimeout(120_000);
	await signIn(page, DEMO.leader);
	const la = await ownCode(page);
	const shown = await tiles(page);
	expect(shown.length).toBeGreaterThanOrEqual(8);
	const e = engine(['--la', la], LATEST, ['--monthly', '--benchmarks', '--breakdown', 'none']);
	const byId = new Map(e.metrics.map((m) => [m.id, m]));
	for (const t of shown) {
		const m = byId.get(t.id)!;
		expect(t.value, t.id).toBe(show(m));
		const n = m.benchmarks!.neighbours!;
		expect(t.comparator, t.id).toBe(
			formatFigure({ value: n.value, symbol: n.value === null ? 'z' : null }, m.kind, m.unit)
		);
		expect(t.verdict, t.id).toBe(m.spc!.variation.icon);
	}
	// Signals: exactly the measures whose latest month is a special cause, concerns first.
	const signals = await page
		.locator('[data-signal]')
		.evaluateAll((els) =>
			els.map((e) => [e.getAttribute('data-signal')!, e.getAttribute('data-icon')!])
		);
	const expected = e.metrics.filter((m) => !quiet.has(m.spc!.variation.icon)).map((m) => m.id);
	expect(signals.map(([id]) => id).sort()).toEqual(expected.sort());
	const firstNonConcern = signals.findIndex(([, icon]) => !icon!.startsWith('concern'));
	if (firstNonConcern >= 0)
		expect(signals.slice(firstNonConcern).every(([, icon]) => !icon!.startsWith('concern'))).toBe(
			true
		);

	// Choosing another financial year puts it in the URL and shows that year's figures.
	await page.selectOption('#filter-period', '2023-24');
	await page.getByRole('button', { name: 'Apply filters' }).click();
	await expect(page).toHaveURL(/period=2023-24/);
	await expect(page.locator('[data-scope]')).toContainText('April 2023 to March 2024');
	const earlier = await tiles(page);
	const e2 = engine(['--la', la], { from: '2023-04-01', to: '2024-03-31' }, [
		'--benchmarks',
		'--breakdown',
		'none'
	]);
	const byId2 = new Map(e2.metrics.map((m) => [m.id, m]));
	for (const t of earlier) expect(t.value, t.id).toBe(show(byId2.get(t.id)!));
	expect(earlier.map((t) => t.value)).not.toEqual(shown.map((t) => t.value));
	// The bookmarked URL reproduces the view.
	await page.goto(page.url());
	expect((await tiles(page)).map((t) => t.value)).toEqual(earlier.map((t) => t.value));
	await expectNoAxeViolations(page);
});

test('a metric page shows the engine figures, other authorities unnamed, and saves its charts', async ({
	page
}) => {
	test.setTimeout(120_000);
	await signIn(page, DEMO.leader, '/metrics/icpc_15wd?group=england');
	const la = await ownCode(page);
	const e = engine(['--la', la], LATEST, [
		'--benchmarks',
		'--authorities',
		'--group',
		'england',
		'--id',
		'icpc_15wd'
	]);
	const m = e.metrics[0]!;
	await expect(page.locator('[data-metric="icpc_15wd"] [data-value]')).toHaveText(show(m));
	// Among all of England: this authority by name, every other as a rounded value, lowest first.
	const c = m.benchmarks!.authorities!;
	const rows = page.locator('[data-table="icpc_15wd-authorities"] tbody tr');
	await expect(rows).toHaveCount(c.named.length + c.anonymous.length);
	const labels = await rows.locator(':scope > :first-child').allTextContents();
	expect(labels.filter((l) => l.includes('(this area)'))).toHaveLength(1);
	expect(labels.filter((l) => l.startsWith('Not named'))).toHaveLength(c.anonymous.length);
	await expect(page.locator('[data-chart="icpc_15wd-comparison"] svg')).toBeVisible();
	// Among the statistical neighbours, a director gets their median, not their points.
	await page.goto('/metrics/icpc_15wd?group=neighbours');
	await expect(rows).toHaveCount(1);
	await expect(page.locator('[data-comparison-note]')).toBeVisible();
	await page.goto('/metrics/icpc_15wd?group=england');

	// No other authority is named anywhere on a local leader's page.
	const all = nationalView('icpc_15wd').benchmarks!.authorities!.named;
	const html = await page.content();
	for (const a of all)
		if (a.code !== la) {
			expect(html, a.name).not.toContain(a.name);
			expect(html, a.code).not.toContain(a.code);
		}

	// Each chart can be saved as SVG and as PNG.
	const [svg] = await Promise.all([
		page.waitForEvent('download'),
		page.locator('[data-download="svg"]').first().click()
	]);
	expect(svg.suggestedFilename()).toBe('icpc_15wd-trend.svg');
	const svgText = fs.readFileSync((await svg.path())!, 'utf8');
	expect(svgText).toMatch(/^<svg[^>]+xmlns="http:\/\/www.w3.org\/2000\/svg"/);
	expect(svgText).toContain('month by month</title>');
	const [png] = await Promise.all([
		page.waitForEvent('download'),
		page.locator('[data-download="png"]').first().click()
	]);
	expect(png.suggestedFilename()).toBe('icpc_15wd-trend.png');
	const bytes = fs.readFileSync((await png.path())!);
	expect([...bytes.subarray(0, 8)]).toEqual([137, 80, 78, 71, 13, 10, 26, 10]);
	await expectNoAxeViolations(page);
});

test('compare ranks every authority for a national viewer, as the engine does', async ({
	page
}) => {
	test.setTimeout(90_000);
	await signIn(page, DEMO.national, '/compare?metric=cp_unallocated&group=england');
	const all = nationalView('cp_unallocated');
	const rows = await page
		.locator('[data-table="cp_unallocated-authorities"] tbody tr')
		.evaluateAll((trs) =>
			trs.map((tr) => [...tr.children].slice(0, 3).map((c) => c.textContent!.trim()))
		);
	const named = all.benchmarks!.authorities!.named;
	// The rank column is shown only when some authority has a rank.
	const ranked = named.some((a) => a.rank !== null);
	const expected = named
		.toSorted((x, y) => (x.value ?? Infinity) - (y.value ?? Infinity))
		.map((a) => [
			a.name,
			...(ranked ? [a.rank === null ? '' : String(a.rank)] : []),
			formatFigure(a, all.kind, all.unit),
			...(ranked ? [] : [expect.any(String)])
		]);
	expect(rows).toEqual(expected);
	// Another measure and group through the form: the URL says so.
	await page.selectOption('#filter-metric', 'icpc_15wd');
	await page.getByRole('button', { name: 'Apply filters' }).click();
	await expect(page).toHaveURL(/metric=icpc_15wd/);
	await expect(page.locator('[data-chart="icpc_15wd-comparison"] svg')).toBeVisible();
	await expectNoAxeViolations(page);
});

test('central government goes down from England to a region’s authorities; a partner to its own', async ({
	page
}) => {
	test.setTimeout(90_000);
	await signIn(page, DEMO.national, '/compare?metric=rereferral_12m&period=2024-25');
	const rows = page.locator('[data-table="within"] tbody tr');
	const names = (await rows.locator('th').allTextContents()).map((t) => t.trim());
	expect(names.length).toBeGreaterThanOrEqual(2);
	// Each region's figure is the engine's for that region as a national viewer sees it.
	const first = (await rows.first().locator('a').getAttribute('href'))!;
	const region = first.match(/area=region-(E12\d{6})/)![1]!;
	const e = engine(['--region', region], LATEST, [
		'--role',
		'national',
		'--id',
		'rereferral_12m',
		'--breakdown',
		'none'
	]).metrics[0]!;
	await expect(rows.first().locator('td').first()).toHaveText(show(e));
	await expectNoAxeViolations(page);
	await rows.first().locator('a').click();
	await expect(page).toHaveURL(new RegExp(`area=region-${region}.*group=region`));
	await expect(page.locator('[data-table="rereferral_12m-authorities"] caption')).toContainText(
		'authorities in the region'
	);

	await page.context().clearCookies();
	await signIn(page, DEMO.police, '/compare?metric=rereferral_12m&period=2024-25&area=own');
	await expect(page.locator('[data-table="within"] tbody tr')).toHaveCount(3);
	await expect(page.locator('#within-heading')).toContainText('each authority of the partnership');
});

test('an authority profile shows that authority to a partner who holds it', async ({ page }) => {
	test.setTimeout(90_000);
	await signIn(page, DEMO.police, '/la/X00000002');
	const e = engine(['--la', 'X00000002'], LATEST, ['--benchmarks', '--breakdown', 'none']);
	await expect(page.locator('h1')).toHaveText(e.scope.name);
	const byId = new Map(e.metrics.map((m) => [m.id, m]));
	for (const t of await tiles(page)) expect(t.value, t.id).toBe(show(byId.get(t.id)!));
	await expectNoAxeViolations(page);
});

test('the board report prints on A4 with the filters and data date on every page', async ({
	page
}) => {
	test.setTimeout(90_000);
	await signIn(page, DEMO.leader, '/');
	const overview = (await tiles(page)).map((t) => t.value);
	await page.goto('/report');
	expect((await tiles(page)).map((t) => t.value)).toEqual(overview);
	// The title and contents, the summary, one page for each of the four themes, and the action
	// log of the area; the contents lists the six after the first.
	const heads = await page.locator('[data-running-head]').allTextContents();
	expect(heads.length).toBe(7);
	await expect(page.locator('[data-contents-page]')).toHaveCount(6);
	await expect(page.locator('[data-report-actions]')).toBeVisible();
	for (const h of heads) expect(h).toMatch(/2024-04-01 to 2025-03-31 · data extracted 2025-03-31/);
	await expect(page.locator('[data-chart]')).toHaveCount(4);
	await expectNoAxeViolations(page);
	await page.emulateMedia({ media: 'print' });
	await expect(page.locator('[data-filters]')).toBeHidden();
	const pdf = (await page.pdf({ format: 'A4', printBackground: true })).toString('latin1');
	const pages = pdf.match(/\/Type\s*\/Page[^s]/g)?.length ?? 0;
	// A summary page (or two), one page per theme and the action log.
	expect(pages).toBeGreaterThanOrEqual(6);
});

// Tabbing from the top of the page must reach every link, button, field and scrollable table.
async function expectKeyboardReachesEverything(page: Page) {
	// The keys are pressed once script has taken over, so that the page tested is the one a
	// reader using the keyboard meets.
	await page.locator('html[data-hydrated]').waitFor({ state: 'attached' });
	// Folded sections open with Enter, and what they hold must then be reachable too.
	const closed = page.locator('details:not([open]) > summary');
	for (let left = await closed.count(); left > 0; left--) {
		await closed.first().focus();
		await page.keyboard.press('Enter');
	}
	await expect(page.locator('details:not([open])')).toHaveCount(0);
	const total = await page.evaluate(() => {
		const selector =
			'a[href], button:not([disabled]), select, input:not([type="hidden"]), summary, [tabindex="0"]';
		const els = [...document.querySelectorAll<HTMLElement>(selector)].filter((el) =>
			el.checkVisibility({ visibilityProperty: true })
		);
		els.forEach((el, i) => el.setAttribute('data-kb', String(i)));
		return els.length;
	});
	expect(total).toBeGreaterThan(10);
	// Each element focused is recorded in the page, so pressing Tab needs no round trip to read it.
	await page.evaluate(() => {
		const w = window as unknown as { __reached: Set<string> };
		w.__reached = new Set();
		document.addEventListener('focusin', (e) => {
			const k = (e.target as Element | null)?.getAttribute?.('data-kb');
			if (k) w.__reached.add(k);
		});
	});
	await page.locator('body').focus();
	const reachedSoFar = () =>
		page.evaluate(() => [...(window as unknown as { __reached: Set<string> }).__reached]);
	for (let i = 0; i < 2 * total + 10; i++) {
		await page.keyboard.press('Tab');
		if (i % 25 === 24 && (await reachedSoFar()).length >= total) break;
	}
	const reached = await reachedSoFar();
	const missed = await page.evaluate(
		(got) =>
			[...document.querySelectorAll('[data-kb]')]
				.filter((el) => !got.includes(el.getAttribute('data-kb')!))
				.map((el) => el.outerHTML.slice(0, 120)),
		reached
	);
	expect(missed).toEqual([]);
}

for (const path of ['/', '/timeliness', '/metrics/icpc_15wd', '/compare', '/report']) {
	test(`keyboard alone reaches every control on ${path}`, async ({ page }) => {
		test.setTimeout(180_000);
		await signIn(page, DEMO.leader, path);
		await page.locator('[data-chart] svg').first().waitFor();
		await expectKeyboardReachesEverything(page);
	});
}
