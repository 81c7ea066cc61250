// Fault injection: the real loader (`scripts/load.ts`, one process) is killed with SIGKILL at
// seeded random moments of a load, over and over. After every kill the served database must be
// byte for byte the one before and still answer; the next complete load must succeed, clean up
// what the killed ones left behind, and be served.
import { spawn } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { withAnalytics } from '$lib/server/analytics/duckdb';
import { generateInto, useScratchFolder } from '../fixtures/loaded';

const folder = useScratchFolder('faults');
let root: string;
let extract: string;
let dbPath: string;

/** Starts a load in its own process; resolves with how it ended and how long it took. */
function startLoad(killAfterMs: number | null) {
	const started = performance.now();
	const child = spawn('node', ['--import', 'tsx', 'scripts/load.ts', extract, '--db', dbPath], {
		stdio: 'ignore',
		env: { ...process.env, OVERSIGHT_APP_DB: path.join(root, 'app.sqlite') }
	});
	const timer = killAfterMs === null ? null : setTimeout(() => child.kill('SIGKILL'), killAfterMs);
	return new Promise<{ code: number | null; signal: string | null; ms: number }>((resolve) =>
		child.on('exit', (code, signal) => {
			if (timer) clearTimeout(timer);
			resolve({ code, signal, ms: performance.now() - started });
		})
	);
}

const hash = () => crypto.createHash('sha256').update(fs.readFileSync(dbPath)).digest('hex');
const served = () =>
	withAnalytics(
		async (s) => ({
			version: s.dataVersion.version,
			referrals: Number((await s.query('SELECT count(*) AS n FROM referrals'))[0]!.n)
		}),
		dbPath
	);
const scratch = () =>
	fs.readdirSync(root).filter((f) => f.startsWith('oversight.duckdb.') && !f.endsWith('.wal'));

let fullLoadMs = 0;

beforeAll(async () => {
	root = folder();
	dbPath = path.join(root, 'oversight.duckdb');
	({ extract } = await generateInto(root, {
		authorities: 3,
		years: 1,
		seed: 'faults',
		workers: 1
	}));
	const first = await startLoad(null);
	expect(first.code).toBe(0);
	// A second load times the loads to come (the first pays for cold caches, and may have run
	// while other tests were busy): kills timed from a slow load would come after the swap.
	const second = await startLoad(null);
	expect(second.code).toBe(0);
	fullLoadMs = Math.min(first.ms, second.ms);
}, 180_000);

describe('a loader killed part-way', () => {
	const trials = Number(process.env.FAULT_TRIALS ?? 6);
	it(`${trials} kills at random moments leave the served database as it was`, async () => {
		// Seeded, so a failure can be replayed.
		let seed = 20261126;
		const next = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
		let killed = 0;
		let leftBehind = 0;
		let swapped = 0;
		for (let t = 0; t < trials; t++) {
			const before = { hash: hash(), served: await served() };
			// Anywhere from process start-up to the moment before the swap.
			const at = Math.round(fullLoadMs * (0.1 + 0.85 * next()));
			const r = await startLoad(at);
			const now = await served();
			if (r.signal === 'SIGKILL' && hash() === before.hash) {
				// Killed before the swap: the served file is byte for byte the one before.
				killed++;
				leftBehind += scratch().length;
				expect(now, `trial ${t}`).toEqual(before.served);
			} else {
				// Finished, or killed in the instant after the rename: then a complete new database
				// is served, never a part of one.
				swapped++;
				if (r.signal !== 'SIGKILL') {
					expect(r.code, `trial ${t}`).toBe(0);
					// Faster than the loads timed so far: later kills are timed from this one.
					fullLoadMs = Math.min(fullLoadMs, r.ms);
				}
				expect(now.version, `trial ${t}, ended at ${at} ms`).not.toBe(before.served.version);
				expect(now.referrals, `trial ${t}`).toBe(before.served.referrals);
			}
		}
		expect(killed).toBeGreaterThan(trials / 2);
		// Some kills came late enough to leave scratch files, so the clean-up below is tested.
		expect(leftBehind).toBeGreaterThan(0);

		// The next load succeeds, removes the killed loads' scratch files and lock, and serves.
		const before = await served();
		const last = await startLoad(null);
		expect(last.code).toBe(0);
		expect(scratch()).toEqual([]);
		const after = await served();
		expect(after.version).not.toBe(before.version);
		expect(after.referrals).toBe(before.referrals);
		console.log(
			`fault injection: ${trials} trials, ${killed} loads killed before the swap (served database unchanged each time), ${swapped} finished or swapped first, ${leftBehind} scratch files left and cleaned`
		);
	}, 600_000);
});
