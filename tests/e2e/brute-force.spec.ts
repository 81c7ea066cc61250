// Brute force over HTTP, on a server of its own (its limits are per process and per client
// address, and the other tests share this machine's address): after 5 failures from one address
// an account is refused there even with the right password; after 20 failures from one address,
// every account is. (That the owner elsewhere is never locked out is tested in auth.test.ts.)
import fs from 'node:fs';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { E2E_DB } from './engine';
import { postSignIn } from '../../scripts/lib/sign-in';
import { healthStatus, startOwnServer } from './own-server';

const port = Number(process.env.E2E_BRUTE_PORT ?? 4178);
const dir = path.resolve('tests/.tmp/brute-force');

test('sign-in rate limits hold over HTTP, per account and per address', async () => {
	test.setTimeout(120_000);
	fs.rmSync(dir, { recursive: true, force: true });
	fs.mkdirSync(dir, { recursive: true });
	fs.copyFileSync(E2E_DB, path.join(dir, 'oversight.duckdb'));
	const { base, process: server } = startOwnServer({
		port,
		db: path.join(dir, 'oversight.duckdb'),
		appDb: path.join(dir, 'app.sqlite')
	});
	const attempt = async (email: string, password: string) =>
		(await postSignIn(base, email, password)).status;
	try {
		await expect.poll(() => healthStatus(base), { timeout: 60_000 }).toBe(200);
		const right = 'demonstration only';
		// The right password works, then five wrong ones from here lock the account here.
		expect(await attempt('police@demo.invalid', right)).toBe(303);
		for (let i = 0; i < 5; i++)
			expect(await attempt('police@demo.invalid', `guess ${i}`)).toBe(400);
		expect(await attempt('police@demo.invalid', right)).toBe(429);
		// Another account is unaffected until the address itself reaches 20 failures.
		expect(await attempt('leader@demo.invalid', right)).toBe(303);
		for (let i = 0; i < 15; i++)
			expect(await attempt(`nobody${i}@demo.invalid`, 'x'.repeat(12))).toBe(400);
		expect(await attempt('national@demo.invalid', right)).toBe(429);
		expect(await attempt('leader@demo.invalid', right)).toBe(429);
	} finally {
		server.kill();
	}
});
