import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { writeFixtureDb } from '../fixtures/analytics-db';
import {
	AnalyticsCancelledError,
	AnalyticsTimeoutError,
	AnalyticsUnavailableError,
	closeAll,
	currentDataVersion,
	prepareSwapsWith,
	preparingSwap,
	withAnalytics,
	withPinnedData
} from '$lib/server/analytics/duckdb';
import { Gate, GateTimeoutError } from '$lib/server/analytics/gate';

let dir: string;
let file: string;

beforeEach(() => {
	dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cpo-duckdb-'));
	file = path.join(dir, 'oversight.duckdb');
});

afterEach(() => {
	closeAll();
	fs.rmSync(dir, { recursive: true, force: true });
});

// Billions of comparisons: runs far longer than any test waits, unless interrupted.
const ENDLESS = `SELECT count(*) AS n FROM range(200000) a(x), range(200000) b(y) WHERE (x * 7 + y) % 13 = 5`;

describe('bounded analytics work', () => {
	it('stops a statement that runs past its deadline, at once and with the reason', async () => {
		await writeFixtureDb(file, { version: 'v1' });
		const started = Date.now();
		await expect(
			withAnalytics((s) => s.query(ENDLESS), file, { deadline: Date.now() + 300 })
		).rejects.toBeInstanceOf(AnalyticsTimeoutError);
		expect(Date.now() - started).toBeLessThan(10_000);
		// The database goes on answering.
		expect(await withAnalytics((s) => s.query('SELECT 1 AS one'), file)).toEqual([{ one: 1 }]);
	});

	it('makes work wait for its turn only when it runs a statement', async () => {
		await writeFixtureDb(file, { version: 'v1' });
		const gate = new Gate(1);
		const held = await gate.enter();
		// Answered from memory (no statement): no turn needed, even with the gate full.
		expect(await withAnalytics(async (s) => s.dataVersion.version, file, { gates: [gate] })).toBe(
			'v1'
		);
		// A statement waits for the turn, and gives up when its deadline passes.
		await expect(
			withAnalytics((s) => s.query('SELECT 1 AS one'), file, {
				gates: [gate],
				deadline: Date.now() + 100
			})
		).rejects.toBeInstanceOf(GateTimeoutError);
		held();
		expect(await withAnalytics((s) => s.query('SELECT 1 AS one'), file, { gates: [gate] })).toEqual(
			[{ one: 1 }]
		);
		expect(gate.load).toEqual({ running: 0, waiting: 0 });
	});

	it('stops a statement whose request is abandoned', async () => {
		await writeFixtureDb(file, { version: 'v1' });
		const controller = new AbortController();
		setTimeout(() => controller.abort(), 200);
		await expect(
			withAnalytics((s) => s.query(ENDLESS), file, { signal: controller.signal })
		).rejects.toBeInstanceOf(AnalyticsCancelledError);
	});
});

describe('withAnalytics', () => {
	it('reports no data when the file does not exist', async () => {
		await expect(currentDataVersion(file)).rejects.toBeInstanceOf(AnalyticsUnavailableError);
		await expect(currentDataVersion(file)).rejects.toThrow(/No data has been loaded/);
	});

	it('reports a file that is not a database as unavailable, and recovers when a good one arrives', async () => {
		fs.writeFileSync(file, 'this is not a database');
		await expect(currentDataVersion(file)).rejects.toThrow(/could not be opened/);
		await writeFixtureDb(file, { version: 'v-good' });
		expect((await currentDataVersion(file)).version).toBe('v-good');
	});

	it('binds parameters and returns JSON-safe values', async () => {
		await writeFixtureDb(file, { version: 'v1', referralDates: ['2024-05-02', '2024-05-31'] });
		const rows = await withAnalytics(
			(s) =>
				s.query(
					`SELECT count(*) AS n, min(referral_date) AS first, $label AS label
					 FROM referrals WHERE referral_date >= $from::DATE`,
					{ from: '2024-05-10', label: "'; DROP TABLE referrals; --" }
				),
			file
		);
		expect(rows).toEqual([{ n: 1, first: '2024-05-31', label: "'; DROP TABLE referrals; --" }]);
	});

	it('opens the file read-only', async () => {
		await writeFixtureDb(file, { version: 'v1' });
		await expect(withAnalytics((s) => s.query('DELETE FROM referrals'), file)).rejects.toThrow(
			/read-only/i
		);
	});

	it('picks up a database swapped in by rename, while work in progress finishes on the old one', async () => {
		await writeFixtureDb(file, { version: 'v1', referralDates: ['2024-01-01'] });
		let inside: Promise<unknown> | undefined;
		const during = withAnalytics(async (s) => {
			// Swap while this unit of work holds the old file; it must keep seeing v1.
			inside = writeFixtureDb(file, { version: 'v2', referralDates: ['2024-01-01', '2024-01-02'] });
			await inside;
			const [row] = await s.query('SELECT count(*) AS n FROM referrals');
			return { version: s.dataVersion.version, n: row?.n };
		}, file);
		expect(await during).toEqual({ version: 'v1', n: 1 });
		const after = await withAnalytics(async (s) => {
			const [row] = await s.query('SELECT count(*) AS n FROM referrals');
			return { version: s.dataVersion.version, n: row?.n };
		}, file);
		expect(after).toEqual({ version: 'v2', n: 2 });
	});
});

describe('a swap prepared before it is served', () => {
	afterEach(() => prepareSwapsWith(null));

	const versionNow = () => withAnalytics(async (s) => s.dataVersion.version, file);
	const until = async (done: () => boolean) => {
		for (let i = 0; !done(); i++) {
			if (i > 500) throw new Error('timed out');
			await new Promise((r) => setTimeout(r, 10));
		}
	};

	it('serves the old file while the new one is prepared, then the new one', async () => {
		await writeFixtureDb(file, { version: 'v1', referralDates: ['2024-01-01'] });
		expect(await versionNow()).toBe('v1');
		let release!: () => void;
		const prepared: string[] = [];
		prepareSwapsWith(async (s) => {
			// The preparation reads the new file, with its own figures.
			const [row] = await s.query('SELECT count(*) AS n FROM referrals');
			prepared.push(`${s.dataVersion.version}:${row?.n}`);
			await new Promise<void>((r) => (release = r));
		}, 60_000);
		await writeFixtureDb(file, { version: 'v2', referralDates: ['2024-01-01', '2024-01-02'] });
		// The first use after the rename starts the preparation and is served the old file.
		expect(await versionNow()).toBe('v1');
		await until(() => prepared.length === 1);
		expect(prepared).toEqual(['v2:2']);
		expect(preparingSwap(file)).toBe(true);
		expect(await versionNow()).toBe('v1');
		expect((await currentDataVersion(file)).version).toBe('v1');
		release();
		await until(() => !preparingSwap(file));
		expect(await versionNow()).toBe('v2');
		// Prepared once, not once per use.
		expect(prepared).toEqual(['v2:2']);
	});

	it('puts the new file in service after the wait, however long the preparation takes', async () => {
		await writeFixtureDb(file, { version: 'v1' });
		await versionNow();
		prepareSwapsWith(() => new Promise(() => {}), 200);
		await writeFixtureDb(file, { version: 'v2' });
		expect(await versionNow()).toBe('v1');
		await until(() => !preparingSwap(file));
		expect(await versionNow()).toBe('v2');
	});

	it('puts the new file in service when its preparation fails', async () => {
		await writeFixtureDb(file, { version: 'v1' });
		await versionNow();
		prepareSwapsWith(async () => {
			throw new Error('a bug in the preparation');
		}, 60_000);
		await writeFixtureDb(file, { version: 'v2' });
		await versionNow();
		await until(() => !preparingSwap(file));
		expect(await versionNow()).toBe('v2');
	});

	it('reports a new file that cannot be opened, as without preparation', async () => {
		await writeFixtureDb(file, { version: 'v1' });
		await versionNow();
		prepareSwapsWith(async () => {}, 60_000);
		const broken = `${file}.next`;
		fs.writeFileSync(broken, 'not a database');
		fs.renameSync(broken, file);
		await versionNow();
		await until(() => !preparingSwap(file));
		await expect(versionNow()).rejects.toBeInstanceOf(AnalyticsUnavailableError);
	});
});

describe('withPinnedData', () => {
	it('keeps one request on one data version across separate units of work, while a swap happens', async () => {
		await writeFixtureDb(file, { version: 'v1', referralDates: ['2024-01-01'] });
		const { result, dataVersion } = await withPinnedData(async () => {
			const before = (await currentDataVersion(file)).version;
			// A load swaps a new file in between the layout's read and the page's query.
			await writeFixtureDb(file, { version: 'v2', referralDates: ['2024-01-01', '2024-01-02'] });
			const page = await withAnalytics(async (s) => {
				const [row] = await s.query('SELECT count(*) AS n FROM referrals');
				return { version: s.dataVersion.version, n: row?.n };
			}, file);
			return { before, page };
		});
		expect(result).toEqual({ before: 'v1', page: { version: 'v1', n: 1 } });
		expect(dataVersion).toBe('v1');
		// The next request reads the new file, and the old one was released.
		const next = await withPinnedData(async () => (await currentDataVersion(file)).version);
		expect(next).toEqual({ result: 'v2', dataVersion: 'v2' });
	});

	it('names no version when the request read no data', async () => {
		expect(await withPinnedData(async () => 42)).toEqual({ result: 42, dataVersion: null });
	});
});
