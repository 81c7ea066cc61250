// Loads while people are reading: a second server on its own copy of the data serves 20
// clients reading pages while the data is reloaded three times. No response may fail, and each
// must come from exactly one data version: the version in its header is the one its footer
// shows. Each load is served once the server has prepared it.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { signInCookie } from '../../scripts/lib/sign-in';
import { healthStatus, startOwnServer } from './own-server';

const port = Number(process.env.E2E_SWAP_PORT ?? 4176);
const base = `http://127.0.0.1:${port}`;
const dir = path.resolve('tests/.tmp/swap');
const extract = path.resolve('tests/.tmp/e2e/extract');
const db = path.join(dir, 'oversight.duckdb');

/** Runs the real loader in its own process; asynchronous, so the readers keep reading. */
function load(): Promise<void> {
	return new Promise((resolve, reject) => {
		const child = spawn('npx', ['tsx', 'scripts/load.ts', extract, '--db', db], {
			stdio: ['ignore', 'ignore', 'pipe'],
			env: { ...process.env, OVERSIGHT_APP_DB: path.join(dir, 'app.sqlite') }
		});
		let stderr = '';
		child.stderr.on('data', (d) => (stderr += d));
		child.on('exit', (code) =>
			code === 0 ? resolve() : reject(new Error(`load failed: ${stderr}`))
		);
	});
}

test('20 readers see no error and one data version per response while the data is reloaded', async () => {
	test.setTimeout(300_000);
	fs.rmSync(dir, { recursive: true, force: true });
	fs.mkdirSync(dir, { recursive: true });
	await load();
	const server = startOwnServer({ port, db, appDb: path.join(dir, 'app.sqlite') }).process;
	try {
		await expect.poll(() => healthStatus(base), { timeout: 60_000 }).toBe(200);
		const cookie = await signInCookie(base, 'leader@demo.invalid', 'demonstration only');

		const paths = ['/', '/participation', '/metrics/icpc_15wd', '/compare', '/healthz'];
		const seen = new Map<string, number>();
		const failures: string[] = [];
		let served = 0;
		let reading = true;
		const reader = async (i: number) => {
			for (let n = i; reading; n++) {
				const p = paths[n % paths.length]!;
				const res = await fetch(base + p, { headers: { cookie }, redirect: 'manual' });
				const body = await res.text();
				served++;
				const version = res.headers.get('x-data-version') ?? '';
				seen.set(version, (seen.get(version) ?? 0) + 1);
				if (res.status !== 200) failures.push(`${p}: ${res.status}`);
				else if (p === '/healthz') {
					if (JSON.parse(body).dataVersion !== version) failures.push(`${p}: mixed versions`);
				} else if (!body.includes(`Data version ${version}`))
					failures.push(
						`${p}: header ${version} but footer ${/Data version (\S+?),/.exec(body)?.[1]}`
					);
			}
		};
		const readers = Array.from({ length: 20 }, (_, i) => reader(i));
		for (let k = 0; k < 3; k++) await load();
		// A load is put in service once the server has computed its opening pages (the old one
		// serves meanwhile): read on until no load is being prepared, three checks running.
		let settled = 0;
		await expect
			.poll(
				async () => {
					const h = (await (await fetch(`${base}/healthz`)).json()) as { preparing: boolean };
					settled = h.preparing ? 0 : settled + 1;
					return settled;
				},
				{ timeout: 120_000, intervals: [200] }
			)
			.toBeGreaterThanOrEqual(3);
		// Keep reading a moment on the last version too.
		await new Promise((r) => setTimeout(r, 2000));
		reading = false;
		await Promise.all(readers);

		console.log(
			`swap: ${served} responses during 3 reloads, ${seen.size} data versions seen, ${failures.length} failures`
		);
		expect(failures).toEqual([]);
		// Every reload was seen being served (the first version plus three new ones).
		expect([...seen.keys()].filter((v) => v).length).toBe(4);
		expect(served).toBeGreaterThan(100);
	} finally {
		server.kill();
	}
});
