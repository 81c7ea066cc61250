// The loader on extracts it should accept: every table typed, the calendar built, ids
// pseudonymised, CSV or Parquet, and a good load swapped in for the next reader while a failed
// one leaves the served database as it was. Every refusal of bad input is in refusals.test.ts.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { withAnalytics } from '$lib/server/analytics/duckdb';
import { ExtractError } from '$lib/server/analytics/load/errors';
import { cleanLeftovers } from '$lib/server/analytics/load/loader';
import {
	LA,
	minimalExtract,
	writeParquet,
	type ExtractFiles,
	type ExtractFolder
} from '../fixtures/extract';
import { loadFiles, useScratchFolder } from '../fixtures/loaded';

const scratch = useScratchFolder('load');
let root = '';
beforeAll(() => {
	root = scratch();
});

const load = (files: ExtractFolder, dbPath?: string, pseudonymiseKey?: Buffer) =>
	loadFiles(root, files, { dbPath, pseudonymiseKey });

function edit(change: (f: ExtractFiles) => void): ExtractFiles {
	const f = minimalExtract();
	change(f);
	return f;
}

describe('loadExtract on a valid extract', () => {
	it('loads every table with proper types and a data version', async () => {
		const { summary, dbPath } = await load(minimalExtract());
		expect(summary.rows).toMatchObject({ children: 2, referrals: 2, conferences: 2, cp_plans: 1 });
		expect(summary.rows.bank_holidays).toBeGreaterThan(100); // shipped reference table
		expect(summary.period).toEqual({ from: '2024-05-01', to: '2024-06-03' });
		const got = await withAnalytics(
			(s) =>
				s.query(
					`SELECT r.referral_date, r.nfa, a.factors, p.end_date, c.birth_month
					 FROM referrals r JOIN assessments a USING (referral_id) JOIN cp_plans p ON p.child_id = r.child_id
					 JOIN children c ON c.child_id = r.child_id`
				),
			dbPath
		);
		expect(got).toEqual([
			{
				referral_date: '2024-05-01',
				nfa: false,
				factors: ['16A', '3A'],
				end_date: null,
				birth_month: '2015-06-01'
			}
		]);
	});

	it('leaves absent optional tables absent, so their measures show no data', async () => {
		const { dbPath } = await load(minimalExtract());
		const tables = await withAnalytics(
			(s) => s.query(`SELECT table_name FROM information_schema.tables`),
			dbPath
		);
		const names = tables.map((t) => t.table_name);
		expect(names).toContain('cp_plans');
		expect(names).not.toContain('cp_visits');
		expect(names).not.toContain('practitioners');
	});

	it('builds a working-day calendar that skips weekends and bank holidays', async () => {
		const { dbPath } = await load(minimalExtract());
		const [r] = await withAnalytics(
			(s) =>
				s.query(
					`SELECT b.wd_index - a.wd_index AS wd FROM calendar a, calendar b
					 WHERE a.date = DATE '2024-12-20' AND b.date = DATE '2025-01-15'`
				),
			dbPath
		);
		expect(r?.wd).toBe(15);
	});

	it('accepts CRLF line ends, a byte-order mark and quoted fields', async () => {
		const f = minimalExtract();
		f['children.csv'] =
			'\ufeff' + f['children.csv']!.replace(/\n/g, '\r\n').replace('C2,', '"C2",');
		const { summary } = await load(f);
		expect(summary.rows.children).toBe(2);
	});

	it('pseudonymises every id with HMAC-SHA-256, consistently across tables', async () => {
		const key = Buffer.from('a test key of enough length');
		const { dbPath } = await load(minimalExtract(), undefined, key);
		const hmac = (id: string) => crypto.createHmac('sha256', key).update(id).digest('hex');
		const rows = await withAnalytics(
			(s) =>
				s.query(
					`SELECT (SELECT child_id FROM referrals WHERE referral_id = $r1) AS r, (SELECT child_id FROM cp_plans) AS p,
						(SELECT count(*) FROM assessments WHERE referral_id = $r1) AS a`,
					{ r1: hmac('R1') }
				),
			dbPath
		);
		expect(rows).toEqual([{ r: hmac('C1'), p: hmac('C1'), a: 1 }]);
	});
});

describe('Parquet files', () => {
	it('loads a table given as Parquet with DATE and BOOLEAN columns', async () => {
		const { summary, dbPath } = await load(
			await writeParquet(
				minimalExtract(),
				'referrals',
				`referral_id, child_id, la_code, CAST(referral_date AS DATE) AS referral_date, source, primary_need, CAST(nfa AS BOOLEAN) AS nfa, CAST(close_date AS DATE) AS close_date, close_reason`
			)
		);
		expect(summary.rows.referrals).toBe(2);
		const rows = await withAnalytics(
			(s) => s.query('SELECT referral_date, nfa FROM referrals ORDER BY referral_id'),
			dbPath
		);
		expect(rows).toEqual([
			{ referral_date: '2024-05-01', nfa: false },
			{ referral_date: '2024-06-03', nfa: true }
		]);
	});
});

describe('swapping databases', () => {
	it('leaves the served database byte for byte unchanged after a failed load, and keeps answering', async () => {
		const dbPath = path.join(root, 'served.duckdb');
		await load(minimalExtract(), dbPath);
		const hash = () => crypto.createHash('sha256').update(fs.readFileSync(dbPath)).digest('hex');
		const before = hash();
		const versionBefore = await withAnalytics(async (s) => s.dataVersion.version, dbPath);

		let reading = true;
		let answered = 0;
		const reader = (async () => {
			while (reading) {
				const [r] = await withAnalytics(
					(s) => s.query('SELECT count(*) AS n FROM referrals'),
					dbPath
				);
				expect(r?.n).toBe(2);
				answered++;
			}
		})();
		const bad = edit((f) => (f['referrals.csv'] = f['referrals.csv']!.replace('R2,C2,', 'R2,C9,')));
		await expect(load(bad, dbPath)).rejects.toBeInstanceOf(ExtractError);
		reading = false;
		await reader;

		expect(answered).toBeGreaterThan(0);
		expect(hash()).toBe(before);
		expect(await withAnalytics(async (s) => s.dataVersion.version, dbPath)).toBe(versionBefore);
		expect(fs.readdirSync(root).filter((x) => x.startsWith('served.duckdb.'))).toEqual([]);
	});

	it('swaps a good load in for the next reader', async () => {
		const dbPath = path.join(root, 'swap.duckdb');
		const first = await load(minimalExtract(), dbPath);
		const second = await load(
			edit((f) => (f['referrals.csv'] += `R3,C2,${LA},2024-07-01,3A,N1,false,,\n`)),
			dbPath
		);
		expect(second.summary.dataVersion).not.toBe(first.summary.dataVersion);
		const [r] = await withAnalytics((s) => s.query('SELECT count(*) AS n FROM referrals'), dbPath);
		expect(r?.n).toBe(3);
	});

	it('cleans up scratch files of a killed load', () => {
		const dbPath = path.join(root, 'leftover.duckdb');
		const dead = 2 ** 22 + 12345; // above the usual pid range, so no such process
		fs.writeFileSync(`${dbPath}.loading-${dead}`, 'partial');
		fs.writeFileSync(`${dbPath}.stage-${dead}`, 'partial');
		expect(cleanLeftovers(dbPath).sort()).toEqual([
			`leftover.duckdb.loading-${dead}`,
			`leftover.duckdb.stage-${dead}`
		]);
	});
});
