// What a national viewer is sent carries no figure that disclosure control withholds, and no
// viewer can widen their scope through the URL. Exact counts are read straight from the
// database the server is using, so the test knows what must not appear.
import path from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { expect, test } from '@playwright/test';
import { formatFigure } from '../../src/lib/components/format';
import { engine, LATEST } from './engine';
import { DEMO, signIn } from './sign-in';

const db = path.resolve('tests/.tmp/e2e/oversight.duckdb');

async function exactMonthlyReferrals(laCodes: string[] | null): Promise<Map<string, number>> {
	const instance = await DuckDBInstance.create(db, { access_mode: 'READ_ONLY' });
	const c = await instance.connect();
	try {
		const filter = laCodes
			? `WHERE la_code IN (${laCodes.map((_, i) => `$la${i}`).join(', ')})`
			: '';
		const params = Object.fromEntries((laCodes ?? []).map((la, i) => [`la${i}`, la]));
		const reader = await c.runAndReadAll(
			`SELECT strftime(referral_date, '%Y-%m') AS month, count(*) AS n FROM referrals ${filter} GROUP BY 1`,
			params
		);
		return new Map(reader.getRowObjectsJS().map((r) => [String(r.month), Number(r.n)]));
	} finally {
		c.closeSync();
		instance.closeSync();
	}
}

async function tableCounts(page: import('@playwright/test').Page): Promise<string[]> {
	return page
		.locator('[data-table="referrals-by-month-table"] tbody tr td:last-child')
		.allTextContents();
}

test('a national viewer sees England counts rounded to 10, never the exact ones', async ({
	page
}) => {
	await signIn(page, DEMO.national);
	const html = await (await page.request.get('/')).text();
	const shown = (await tableCounts(page)).map((t) => Number(t.replace(/,/g, '')));
	expect(shown).toHaveLength(12);
	for (const n of shown) expect(n % 10).toBe(0);
	// The page carries its data for the browser in this form, so the scan below can see it.
	expect(html).toMatch(new RegExp(`count:${shown[0]}[,}]`));
	const exact = await exactMonthlyReferrals(null);
	for (const n of exact.values()) {
		if (n % 10 === 0) continue; // a count that rounds to itself gives nothing away
		// Not in a table cell or bar title, nor in the data the page carries for the browser.
		expect(html).not.toContain(`>${n.toLocaleString('en-GB')}<`);
		expect(html).not.toContain(`: ${n.toLocaleString('en-GB')}<`);
		expect(html).not.toMatch(new RegExp(`count:${n}[,}]`));
	}
});

test('a leader sees their own authority exactly, whatever the URL asks for', async ({ page }) => {
	await signIn(page, DEMO.leader);
	const own = (await page.locator('header').textContent())!.match(/X\d{8}/)![0];
	const exact = await exactMonthlyReferrals([own]);
	for (const url of [
		'/',
		'/?la=X00000006',
		'/?scope=england',
		'/?las=X00000002,X00000003&role=national'
	]) {
		await page.goto(url);
		const shown = (await tableCounts(page)).map((t) => Number(t.replace(/,/g, '')));
		const months = await page
			.locator('[data-table="referrals-by-month-table"] tbody tr > :first-child')
			.allTextContents();
		expect(shown.length, url).toBe(12);
		// The last month in the table is March 2025; the counts are the leader's own.
		expect(months.at(-1)).toBe('Mar 25');
		expect(shown.at(-1), url).toBe(exact.get('2025-03'));
	}
});

test('a national viewer comparing authorities gets nothing of a suppressed figure', async ({
	page
}) => {
	test.setTimeout(180_000);
	await signIn(page, DEMO.national);
	// What each authority's own director sees: exact, uncontrolled figures.
	const national = engine(['--england'], LATEST, [
		'--role',
		'national',
		'--benchmarks',
		'--authorities',
		'--breakdown',
		'none'
	]);
	const codeOf = new Map(
		national.metrics[0]!.benchmarks!.authorities!.named.map((a) => [a.name, a.code])
	);
	const exact = new Map(
		[...codeOf.values()].map((la) => [
			la,
			new Map(engine(['--la', la], LATEST, ['--breakdown', 'none']).metrics.map((m) => [m.id, m]))
		])
	);
	let suppressed = 0;
	for (const metric of national.metrics) {
		await page.goto(`/compare?metric=${metric.id}&group=england&period=2024-25`);
		const html = await page.content();
		const rows = await page
			.locator(`[data-table="${metric.id}-authorities"] tbody tr`)
			.evaluateAll((trs) => trs.map((tr) => [...tr.children].map((c) => c.textContent!.trim())));
		expect(rows.length, metric.id).toBe(codeOf.size);
		const headers = await page
			.locator(`[data-table="${metric.id}-authorities"] thead th`)
			.allTextContents();
		const column = (name: string) => headers.findIndex((h) => h.trim() === name);
		// Texts the page shows legitimately: other authorities' published values, England's, and
		// the regions' (each published under disclosure control in its own right).
		const regions = await page
			.locator('[data-table="within"] tbody tr td:first-of-type')
			.allTextContents();
		const published = new Set([
			...rows.map((r) => r[column('Value')]!).filter((v) => v !== 'c'),
			...regions.map((v) => v.trim()).filter((v) => v !== 'c'),
			formatFigure(metric, metric.kind, metric.unit)
		]);
		for (const row of rows) {
			const [name, value] = [row[column('Authority')]!, row[column('Value')]!];
			if (value !== 'c') continue;
			suppressed++;
			// Nothing in the row narrows the figure down: no counts, rank or band.
			const rank = column('Rank') >= 0 ? row[column('Rank')] : '';
			expect(
				[rank, row[column('Numerator')], row[column('Denominator')], row[column('Quartile band')]],
				`${metric.id} ${name}`
			).toEqual(['', 'c', 'c', '']);
			// And the exact figure is nowhere on the page.
			const truth = exact.get(codeOf.get(name!)!)!.get(metric.id)!;
			if (truth.value !== null) {
				const text = formatFigure(truth, truth.kind, truth.unit);
				if (!published.has(text))
					expect(html, `${metric.id} ${name} ${text}`).not.toContain(`>${text}<`);
			}
		}
	}
	// The scan would prove nothing if no figure were suppressed in the test data.
	expect(suppressed).toBeGreaterThan(5);
});
