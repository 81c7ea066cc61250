// The board pack: the board report as a tagged A4 PDF, holding the report's own figures for the
// viewer who asks, refused as the report is, and recorded as a download.
import { expect, test, type Page } from '@playwright/test';
import { pageNumbersOf, pdfTagsOf, pdfTextByPage } from '../../src/lib/server/pdf/pdf-pages';
import { csvFields } from './csv';
import { DEMO, E2E_ADMIN, signIn } from './sign-in';

/** What the report page shows that the pack must hold: tile figures and every table row. */
async function reportFigures(page: Page) {
	return page.evaluate(() => ({
		runningHead: document.querySelector('[data-running-head]')!.textContent!.trim(),
		tiles: [...document.querySelectorAll('[data-tile] [data-value]')].map((e) =>
			e.textContent!.trim()
		),
		rows: [...document.querySelectorAll('.app-report table tbody tr')].map((tr) =>
			[...tr.querySelectorAll('th, td')]
				.map((c) => c.textContent!.replace(/\s+/g, ' ').trim())
				.filter(Boolean)
				.join(' ')
		),
		charts: [...document.querySelectorAll('[data-chart]')].length,
		contents: [...document.querySelectorAll('[data-contents-page]')].map((e) =>
			e.getAttribute('data-contents-page')!
		)
	}));
}

async function boardPack(page: Page, query: string) {
	const res = await page.request.get(`/report.pdf${query}`);
	expect(res.status()).toBe(200);
	expect(res.headers()['content-type']).toBe('application/pdf');
	expect(res.headers()['content-disposition']).toMatch(
		/^attachment; filename="board-report-.+\.pdf"$/
	);
	return new Uint8Array(await res.body());
}

for (const [who, query] of [
	[DEMO.leader, '?period=2024-25'],
	// Central government's pack of a region: every figure under disclosure control, as on the page.
	[DEMO.national, '?period=2024-25&area=region-E12000001']
] as const) {
	test(`the board pack holds the report's figures for ${who}, on numbered pages with running heads`, async ({
		page
	}) => {
		test.setTimeout(90_000);
		await signIn(page, who);
		await page.goto(`/report${query}`);
		const shown = await reportFigures(page);
		expect(shown.tiles.length).toBeGreaterThan(10);
		const pdf = await boardPack(page, query);
		const text = await pdfTextByPage(pdf);
		const all = text.join(' ');

		for (const [i, p] of text.entries()) {
			expect(p, `page ${i + 1}`).toContain(shown.runningHead);
			expect(p, `page ${i + 1}`).toContain(`Page ${i + 1} of ${text.length}`);
		}
		for (const figure of shown.tiles) expect(all).toContain(figure);
		for (const row of shown.rows) expect(all).toContain(row);

		// The contents gives each section's page, and each section is there.
		const where = await pageNumbersOf(pdf, shown.contents);
		expect(where.targets.size).toBe(shown.contents.length);
		const listed = [...where.targets.values()];
		expect(listed).toEqual([...listed].sort((a, b) => a - b));
		expect(text[0]).toMatch(new RegExp(`Headline measures and signals ${listed[0]}\\b`));

		// Charts as vector graphics: the file holds no raster image at all.
		expect(Buffer.from(pdf).toString('latin1')).not.toContain('/Subtype /Image');

		// Tagged: headings, and each chart a figure with its title as alternative text.
		const tags = await pdfTagsOf(pdf);
		expect(tags.filter((t) => t.role === 'H1')).toHaveLength(1);
		expect(tags.filter((t) => t.role === 'H2').length).toBeGreaterThanOrEqual(
			shown.contents.length
		);
		const charts = tags.filter((t) => t.role === 'Figure' && /month by month$/.test(t.alt ?? ''));
		expect(new Set(charts.map((c) => c.alt)).size).toBe(shown.charts);
		expect(tags.filter((t) => t.role === 'Table').length).toBeGreaterThanOrEqual(shown.charts);
	});
}

test('a pack the viewer may not have is refused as the report is, and each pack is audited once', async ({
	browser
}) => {
	test.setTimeout(90_000);
	const page = await browser.newPage();
	await signIn(page, DEMO.police);
	const marker = `probe-${crypto.randomUUID()}`;
	// Outside the partnership: the report's own 404, with nothing of the report in it.
	const outside = await page.request.get(`/report.pdf?area=X00000005&probe=${marker}`);
	expect(outside.status()).toBe(404);
	expect(outside.headers()['content-type']).not.toContain('pdf');
	expect(await outside.text()).not.toContain('data-tile');
	// A filter the report refuses (given twice) is refused here too.
	const bad = await page.request.get(`/report.pdf?period=2024-25&period=latest&probe=${marker}`);
	expect(bad.status()).toBe(400);
	await boardPack(page, `?period=2024-25&probe=${marker}`);
	// The page offers the pack with its own filters.
	await page.goto('/report?period=2024-25');
	await expect(page.locator('[data-pdf-link]')).toHaveAttribute(
		'href',
		/^\/report\.pdf\?.*period=2024-25/
	);
	await page.close();

	const admin = await browser.newPage();
	await signIn(admin, E2E_ADMIN.email);
	const csv = await (
		await admin.request.get(`/admin/audit.csv?user=${encodeURIComponent(DEMO.police)}`)
	).text();
	await admin.close();
	const rows = csv
		.split('\r\n')
		.filter((l) => l.includes(marker))
		.map(csvFields);
	// Three requests, three entries: the report each rendered inside the server is not another.
	expect(rows).toHaveLength(3);
	for (const r of rows) {
		expect(r).toContain('download');
		expect(r).toContain('/report.pdf');
	}
	const outcomes = rows.map((r) => JSON.parse(r.at(-1)!).outcome).sort();
	expect(outcomes).toEqual(['not_found', 'refused', 'shown']);
});
