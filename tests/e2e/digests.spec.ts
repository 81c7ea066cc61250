// Digests from the pages and the command: a leader chooses how often on their account page,
// `npm run digests` makes the messages (kept in the outbox: no mail server here), an
// administrator reads them, and each message's link unsubscribes — by its page's button, or
// by a mail program's one-click post — without signing in.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { expectNoAxeViolations } from './axe';
import { DEMO, E2E_ADMIN, signIn } from './sign-in';

test.describe.configure({ mode: 'serial' });

const tmp = path.resolve('tests/.tmp/e2e');

/** `npm run digests` as cron runs it, on the server's own databases. */
function runDigests(origin: string) {
	const r = spawnSync('node', ['--import', 'tsx', 'scripts/digests.ts'], {
		encoding: 'utf8',
		env: {
			...process.env,
			ORIGIN: origin,
			OVERSIGHT_DB: path.join(tmp, 'oversight.duckdb'),
			OVERSIGHT_APP_DB: path.join(tmp, 'app.sqlite'),
			OVERSIGHT_SMTP_URL: '',
			OVERSIGHT_MAIL_FROM: ''
		}
	});
	expect(r.status, r.stderr).toBe(0);
	return r.stdout;
}

/** The unsubscribe link of the newest digest to `email`, as an administrator reads it. */
async function unsubscribeLinkFor(admin: Page, email: string): Promise<string> {
	await admin.goto('/admin/digests');
	const row = admin.locator('[data-digest]', { hasText: email }).first();
	await row.locator('summary').click();
	const text = await row.locator('.app-digest-text').textContent();
	return /Unsubscribe: (\S+)/.exec(text!)![1]!;
}

test('a leader chooses a weekly digest, and the command makes it for the outbox', async ({
	page,
	browser,
	baseURL
}) => {
	await signIn(page, DEMO.leader);
	await page.getByRole('link', { name: 'Your account' }).click();
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('Your account');
	await expect(page.locator('[data-no-mail]')).toBeVisible();
	await expectNoAxeViolations(page);
	await page.getByLabel('Weekly').check();
	await page.getByRole('button', { name: 'Save' }).click();
	await expect(page.locator('[data-done]')).toHaveText('You will receive the digest: weekly.');
	await expect(page.getByLabel('Weekly')).toBeChecked();

	const out = runDigests(baseURL!);
	expect(out).toMatch(/kept \d+ in the outbox/);
	// Again in the same week: nothing more.
	expect(runDigests(baseURL!)).toMatch(/made 0 with news, 0 with nothing new/);

	const adminContext = await browser.newContext();
	const admin = await adminContext.newPage();
	await signIn(admin, E2E_ADMIN.email);
	await admin.goto('/admin/digests');
	const row = admin.locator('[data-digest]', { hasText: DEMO.leader });
	await expect(row).toHaveCount(1);
	await expect(row).toContainText('Kept here (no mail server)');
	await expectNoAxeViolations(admin);
	await row.locator('summary').click();
	const text = (await row.locator('.app-digest-text').textContent())!;
	expect(text).toContain(`${baseURL}/metrics/`);
	expect(text).toContain('No figures are in this email');
	await adminContext.close();
});

test('the link in a digest unsubscribes with one press, without signing in', async ({
	browser
}) => {
	const admin = await browser.newPage();
	await signIn(admin, E2E_ADMIN.email);
	const link = await unsubscribeLinkFor(admin, DEMO.leader);
	await admin.close();

	const context = await browser.newContext();
	const page = await context.newPage();
	await page.goto(link);
	// Opening it changes nothing: a mail system checking links must not unsubscribe anyone.
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('Unsubscribe from the digest');
	await expect(page.locator('main')).toContainText(DEMO.leader);
	await expectNoAxeViolations(page);
	await page.locator('[data-unsubscribe]').click();
	await expect(page.locator('[data-unsubscribed]')).toContainText('You are unsubscribed');
	await page.goto(link);
	await expect(page.locator('[data-unknown-link]')).toBeVisible();
	await context.close();

	const leader = await browser.newPage();
	await signIn(leader, DEMO.leader, '/account');
	await expect(leader.getByLabel('Never')).toBeChecked();
	await leader.close();
});

test("a mail program's one-click unsubscribe posts without an origin, and works only with its key", async ({
	browser,
	playwright,
	baseURL
}) => {
	const police = await browser.newPage();
	await signIn(police, DEMO.police, '/account');
	await police.getByLabel('Monthly').check();
	await police.getByRole('button', { name: 'Save' }).click();
	await expect(police.locator('[data-done]')).toBeVisible();
	runDigests(baseURL!);
	const admin = await browser.newPage();
	await signIn(admin, E2E_ADMIN.email);
	const link = await unsubscribeLinkFor(admin, DEMO.police);
	await admin.close();

	// As a mail provider's server posts it (RFC 8058): no Origin, no cookies.
	const mailProgram = await playwright.request.newContext();
	const oneClick = (url: string) =>
		mailProgram.post(url, {
			headers: { 'content-type': 'application/x-www-form-urlencoded' },
			data: 'List-Unsubscribe=One-Click',
			maxRedirects: 0
		});
	const wrongKey = await oneClick(link.replace(/token=\w+/, `token=${'a'.repeat(32)}`));
	expect(wrongKey.status()).toBe(200);
	await police.reload();
	await expect(police.getByLabel('Monthly')).toBeChecked();
	// Any other post without an origin is still refused.
	expect((await mailProgram.post(`${baseURL}/account`, { form: { digest: 'off' } })).status()).toBe(
		403
	);
	expect((await oneClick(link)).status()).toBe(200);
	await police.reload();
	await expect(police.getByLabel('Never')).toBeChecked();
	await mailProgram.dispose();
	await police.close();
});
