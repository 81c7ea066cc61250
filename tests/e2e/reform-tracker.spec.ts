// The reform tracker's pages: where teams are live and whether a measure changed, for central
// government (authorities named) and for a director (counts, their own authority named, no other
// authority's name or code anywhere in the page or its data), and the register kept from the page.
import fs from 'node:fs';
import path from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { expectNoAxeViolations } from './axe';
import { DEMO, REFORM, signIn } from './sign-in';

const extract = path.resolve('tests/.tmp/e2e/extract');
const manifest = JSON.parse(fs.readFileSync(path.join(extract, 'manifest.json'), 'utf8')) as {
	la_codes: string[];
	reform: { go_live: Record<string, string> };
};
/** Every authority's name, from the extract's reference table (name is its second column). */
const names = new Map(
	fs
		.readFileSync(path.join(extract, 'local_authorities.csv'), 'utf8')
		.trim()
		.split('\n')
		.slice(1)
		.map((line) => {
			const [code, name] = line.split(',');
			return [code!, name!.replace(/^"|"$/g, '')] as const;
		})
);

/** The page's HTML and its page data, as the browser was sent them. */
async function sent(page: Page, url: string): Promise<string> {
	const html = await (await page.request.get(url)).text();
	const [pathname, search = ''] = url.split('?');
	const data = await (
		await page.request.get(
			`${pathname!.replace(/\/$/, '')}/__data.json${search ? `?${search}` : ''}`
		)
	).text();
	return html + data;
}

test('central government sees every authority’s stage, by region and over time', async ({
	browser
}) => {
	const context = await browser.newContext();
	const page = await context.newPage();
	await signIn(page, DEMO.national, '/reform');
	const live = Object.keys(manifest.reform.go_live).length;
	await expect(page.locator('.govuk-body-l').first()).toContainText(
		`${live} of ${manifest.la_codes.length} authorities have a live team`
	);
	// Both charts drawn on the server, each with its table.
	await expect(
		page.locator('[data-chart] svg[role="img"], [data-chart] figure svg')
	).not.toHaveCount(0);
	await expect(page.locator('[data-table="reform-regions-table"] tbody tr')).toHaveCount(9);
	await expect(page.locator('[data-table="reform-over-time-table"] tbody tr')).not.toHaveCount(0);
	await expect(page.locator('[data-table="reform-authorities"] tbody tr')).toHaveCount(
		manifest.la_codes.length
	);
	await expect(page.locator('[data-simulated]')).toBeVisible();
	await expectNoAxeViolations(page);

	await page.goto('/reform/evaluation');
	await expect(page.locator('[data-estimate]')).toContainText('percentage points');
	await expect(page.locator('[data-estimate]')).toContainText('95% interval');
	await expect(page.locator('[data-table="reform-event-study-table"] tbody tr')).not.toHaveCount(0);
	await expect(page.locator('[data-table="reform-before-after"] tbody tr')).toHaveCount(live);
	await expect(page.getByText('The authorities in each group')).toBeVisible();
	await expectNoAxeViolations(page);

	await expect(page.locator('[data-published-why]')).toContainText('DfE publishes no figure');

	// The same question of DfE's published statistics: the named areas against every other.
	await page.goto('/reform/evaluation?metric=rereferral_12m');
	await expect(page.locator('[data-published-estimate]')).toContainText('95% interval');
	await expect(page.locator('[data-table="reform-published-table"] tbody tr')).not.toHaveCount(0);
	await expect(page.getByText('Areas counted as live: Dorset')).toBeVisible();
	await expectNoAxeViolations(page);

	await page.goto('/reform/evaluation?metric=info_response_median_days');
	await expect(page.locator('[data-not-evaluable]')).toContainText('median');
	await context.close();
});

test('a director sees counts and their own authority, never another by name or code', async ({
	browser
}) => {
	const context = await browser.newContext();
	const page = await context.newPage();
	await signIn(page, REFORM.director, '/reform');
	await expect(page.locator('[data-table="reform-authorities"] tbody tr')).toHaveCount(1);
	await expectNoAxeViolations(page);
	for (const url of [
		'/reform',
		'/reform/evaluation',
		'/reform/evaluation?metric=conference_reports_on_time'
	]) {
		const body = await sent(page, url);
		for (const code of manifest.la_codes.filter((c) => c !== REFORM.la)) {
			expect(body, `${url} names ${code}`).not.toContain(code);
			expect(body, `${url} names ${names.get(code)}`).not.toContain(names.get(code)!);
		}
	}
	await page.goto('/reform/evaluation');
	await expect(page.locator('[data-estimate]')).toBeVisible();
	await expect(page.getByText('The authorities in each group')).toHaveCount(0);
	await expectNoAxeViolations(page);
	await context.close();
});

test('a director records their own authority’s programme wave, and no other’s', async ({
	browser,
	baseURL
}) => {
	// Notes of this run alone (eight digits: nothing the personal-data guard refuses), so the
	// entries are new however often the tests run on one database.
	const marker = String(Date.now() % 1e8).padStart(8, '0');
	const context = await browser.newContext();
	const page = await context.newPage();
	await signIn(page, REFORM.director, '/reform#record');
	await page.getByLabel('What and which stage').selectOption('programme:pathfinder_2024');
	await page.getByLabel('From (the day it happened, or is planned to)').fill('2024-06-01');
	await page.getByLabel('Note (optional)').fill(`Joined with 9 others, ${marker}`);
	await page.getByRole('button', { name: 'Record' }).click();
	await expect(page.getByRole('status')).toContainText('Recorded for');
	await expect(page.locator(`[data-table="reform-history-${REFORM.la}"]`)).toContainText(
		`Joined with 9 others, ${marker}`
	);
	// The same form, sent for another authority: refused, nothing recorded.
	const other = manifest.la_codes.find((c) => c !== REFORM.la)!;
	const refused = await page.request.post('/reform?/record', {
		headers: { origin: baseURL!, accept: 'text/html' },
		form: { la_code: other, change: 'macpt:live', date: '2024-01-01', note: '' }
	});
	expect(refused.status()).toBe(400);
	expect(await refused.text()).toContain(`You may not record the reform for ${other}.`);
	// Script in the note is kept as text, never run.
	await page.goto('/reform#record');
	await page.getByLabel('What and which stage').selectOption('lcpp:planned');
	await page.getByLabel('From (the day it happened, or is planned to)').fill('2026-01-01');
	await page.getByLabel('Note (optional)').fill(`<img src=x onerror="window.pwned=1"> ${marker}`);
	await page.getByRole('button', { name: 'Record' }).click();
	await expect(page.getByRole('status')).toContainText('Recorded for');
	await expect(page.locator(`[data-table="reform-history-${REFORM.la}"]`)).toContainText(
		'<img src=x'
	);
	expect(await page.evaluate(() => (window as { pwned?: number }).pwned)).toBeUndefined();
	await context.close();
});
