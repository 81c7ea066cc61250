// Charts arrive drawn in the server's HTML: seen without script, with their title, description
// and table; kept as drawn when script starts (no redraw, no shift) when the browser's width is
// the one the server drew at; drawn again in the browser when the figures change.
import { expect, test, type Page } from '@playwright/test';
import { DEMO, signIn } from './sign-in';

const PAGES = [
	'/',
	'/participation',
	'/timeliness?measure=icpc_15wd',
	'/metrics/icpc_15wd',
	'/compare',
	'/report',
	'/published'
];

/** Each figure's chart as the page holds it: its name, description and table. */
async function figures(page: Page) {
	return page.locator('figure.app-figure').evaluateAll((figs) =>
		figs.map((f) => {
			const svg = f.querySelector('.app-chart svg[role="img"]');
			const described = svg?.getAttribute('aria-describedby');
			return {
				heading: f.querySelector('h2, h3, h4')?.textContent?.trim(),
				label: svg?.getAttribute('aria-label'),
				description: described ? document.getElementById(described)?.textContent?.trim() : null,
				figureDescription: f.querySelector('.app-figure__description')?.textContent?.trim(),
				marks: svg?.querySelectorAll('title').length ?? 0,
				tableRows: f.querySelectorAll('table tbody tr').length
			};
		})
	);
}

test.describe('without JavaScript', () => {
	test.use({ javaScriptEnabled: false });

	for (const email of [DEMO.leader, DEMO.national]) {
		test(`every chart is in the server's HTML with its title, description and table (${email})`, async ({
			page
		}) => {
			test.setTimeout(90_000);
			await signIn(page, email);
			for (const path of PAGES) {
				await page.goto(path);
				const found = await figures(page);
				expect(found.length, path).toBeGreaterThan(0);
				for (const f of found) {
					expect(f.label, `${path}: ${f.heading}`).toBe(f.heading);
					expect(f.description, `${path}: ${f.heading}`).toBe(f.figureDescription);
					expect(f.description!.length).toBeGreaterThan(20);
					expect(f.marks, `${path}: ${f.heading} has marks with hover labels`).toBeGreaterThan(0);
					expect(f.tableRows, `${path}: ${f.heading} has its table`).toBeGreaterThan(0);
				}
			}
		});
	}
});

/** Counts SVGs removed from the page from its first byte on. */
async function watchRedraws(page: Page) {
	await page.addInitScript(() => {
		const w = window as unknown as { __redrawn: number };
		w.__redrawn = 0;
		new MutationObserver((list) => {
			for (const m of list)
				for (const n of m.removedNodes) if (n.nodeName.toLowerCase() === 'svg') w.__redrawn++;
		}).observe(document, { childList: true, subtree: true });
	});
	return () => page.evaluate(() => (window as unknown as { __redrawn: number }).__redrawn);
}

const chartWidths = (page: Page) =>
	page
		.locator('.app-chart svg[role="img"]')
		.evaluateAll((svgs) => svgs.map((s) => Number(s.getAttribute('width'))));

test('on a desktop the server draws at the page width and script keeps its drawing', async ({
	page
}) => {
	await page.setViewportSize({ width: 1280, height: 800 });
	await signIn(page);
	const redrawn = await watchRedraws(page);
	await page.goto('/metrics/icpc_15wd');
	await page.waitForLoadState('networkidle');
	const widths = await chartWidths(page);
	expect(widths.length).toBe(2);
	const column = await page
		.locator('.app-chart')
		.first()
		.evaluate((e) => e.clientWidth);
	for (const w of widths) expect(w).toBe(column);
	expect(await redrawn()).toBe(0);
	// Script has started: the downloads are usable on the server's drawing.
	await expect(page.locator('[data-download="svg"]').first()).toBeEnabled();
});

test("on a phone the first chart is redrawn to fit, and the server draws the next page's at that width", async ({
	page,
	context
}) => {
	await page.setViewportSize({ width: 390, height: 844 });
	const redrawn = await watchRedraws(page);
	// Signing in lands on the overview, with its one chart, drawn by the server at the page's
	// widest column: the browser draws it again to fit.
	await signIn(page);
	const column = await page
		.locator('.app-chart')
		.first()
		.evaluate((e) => e.clientWidth);
	await expect.poll(() => chartWidths(page)).toEqual([column]);
	expect(await redrawn()).toBeGreaterThanOrEqual(1);
	const cookie = (await context.cookies()).find((c) => c.name === 'chart-width');
	expect(cookie?.value).toBe(String(column));
	// A session cookie, readable by the page's script and sent only to this site.
	expect(cookie?.expires).toBe(-1);
	expect(cookie?.sameSite).toBe('Lax');

	// The next page arrives drawn at the phone's width: nothing to redraw.
	const html = await (await page.request.get('/participation')).text();
	expect(html).toMatch(
		new RegExp(
			`<svg[^>]*role="img"[^>]*width="${column}"|<svg[^>]*width="${column}"[^>]*role="img"`
		)
	);
	await page.goto('/participation');
	await page.waitForLoadState('networkidle');
	expect(await redrawn()).toBe(0);
});

test('a chart is drawn again in the browser when its figures change', async ({ page }) => {
	await signIn(page, DEMO.leader, '/metrics/icpc_15wd');
	const chart = page.locator('[data-chart="icpc_15wd-trend"] svg[role="img"]');
	const before = await chart.locator('title').allTextContents();
	// Another period through the filters: a navigation in the browser, not a new page.
	const period = page.getByLabel('Period');
	const options = await period
		.locator('option')
		.evaluateAll((os) => os.map((o) => (o as HTMLOptionElement).value));
	const chosen = await period.inputValue();
	// The earliest year: other months than the opening period, whichever that is.
	const other = options.filter((v) => v !== chosen && v !== 'custom').at(-1)!;
	await period.selectOption(other);
	await page.getByRole('button', { name: 'Apply filters' }).click();
	await expect(page).toHaveURL(new RegExp(`period=${other}`));
	await expect
		.poll(async () => (await chart.locator('title').allTextContents()).join())
		.not.toBe(before.join());
	await expect(chart).toHaveAttribute('aria-describedby', 'icpc_15wd-trend-description');
});
