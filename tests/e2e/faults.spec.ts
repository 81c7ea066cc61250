// A server started without usable data: a missing database, then a corrupt one, then a good
// one swapped in by rename — the health check says which, pages explain it, and service comes
// back as soon as good data arrives, without a restart.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { startOwnServer } from './own-server';
import { E2E_DB } from './engine';

const port = Number(process.env.E2E_FAULTS_PORT ?? 4177);
const base = `http://127.0.0.1:${port}`;
const dir = path.resolve('tests/.tmp/faults');
const db = path.join(dir, 'oversight.duckdb');

test('a missing or corrupt database is a clear 503 until a good one is swapped in', async ({
	page
}) => {
	test.setTimeout(120_000);
	fs.rmSync(dir, { recursive: true, force: true });
	fs.mkdirSync(dir, { recursive: true });
	// A real account (demonstration accounts exist only while synthetic data is in service).
	const password = 'a long passphrase for operations';
	const added = spawnSync(
		'node',
		[
			'--import',
			'tsx',
			'scripts/users.ts',
			'add',
			'--email',
			'ops@example.gov.uk',
			'--role',
			'national'
		],
		{
			input: `${password}\n`,
			env: { ...process.env, OVERSIGHT_APP_DB: path.join(dir, 'app.sqlite') }
		}
	);
	expect(added.status, String(added.stderr)).toBe(0);
	const server = startOwnServer({ port, db, appDb: path.join(dir, 'app.sqlite') }).process;
	try {
		const health = async () => {
			const r = await fetch(`${base}/healthz`).catch(() => null);
			return r ? { status: r.status, body: await r.json() } : null;
		};
		await expect.poll(async () => (await health())?.status, { timeout: 60_000 }).toBe(503);
		expect((await health())!.body).toMatchObject({ status: 'unavailable' });
		expect((await health())!.body.reason).toMatch(/No data has been loaded/);
		// The sign-in page still works, and says nothing is loaded rather than failing.
		const login = await fetch(`${base}/login`);
		expect(login.status).toBe(200);

		// A corrupt file: still 503, with the reason.
		fs.writeFileSync(db, 'this is not a database, it was cut short by a full disk');
		await expect
			.poll(async () => (await health())?.body.reason, { timeout: 10_000 })
			.toMatch(/could not be opened/);

		// A good database arrives by rename, as the loader delivers it: served at once.
		fs.copyFileSync(E2E_DB, `${db}.incoming`);
		fs.renameSync(`${db}.incoming`, db);
		await expect.poll(async () => (await health())?.status, { timeout: 10_000 }).toBe(200);
		await page.goto(`${base}/login`);
		await page.getByLabel('Email address').fill('ops@example.gov.uk');
		await page.getByLabel('Password').fill(password);
		await page.getByRole('button', { name: 'Sign in' }).click();
		await expect(page.locator('[data-tile]').first()).toBeVisible();

		// The file disappears again: signed-in pages explain with a 503 page, not a crash.
		fs.rmSync(db);
		const gone = await page.goto(`${base}/participation`);
		expect(gone?.status()).toBe(503);
		await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
		await expect(page.locator('main')).toContainText('no data');
	} finally {
		server.kill();
	}
});
