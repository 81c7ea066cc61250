import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
	LA,
	minimalExtract,
	writeExtract,
	type ExtractFiles
} from '../../../../../tests/fixtures/extract';
import { closeAll, withAnalytics } from '../duckdb';
import { ExtractError, type ExtractProblem } from './errors';
import { cleanLeftovers, loadExtract } from './loader';

let root: string;
let n = 0;
const referenceDir = path.resolve('data/reference');

beforeAll(() => {
	root = fs.mkdtempSync(path.join(os.tmpdir(), 'cpo-load-'));
});
afterAll(() => {
	closeAll();
	fs.rmSync(root, { recursive: true, force: true });
});

async function load(
	files: ExtractFiles,
	dbPath = path.join(root, `db-${++n}.duckdb`),
	key?: Buffer
) {
	const dir = writeExtract(path.join(root, `extract-${++n}`), files);
	return {
		summary: await loadExtract({ dir, dbPath, referenceDir, pseudonymiseKey: key }),
		dbPath
	};
}

async function problemsOf(files: ExtractFiles): Promise<ExtractProblem[]> {
	try {
		await load(files);
	} catch (e) {
		if (e instanceof ExtractError) return e.problems;
		throw e;
	}
	throw new Error('the load was expected to fail');
}

function edit(change: (f: ExtractFiles) => void): ExtractFiles {
	const f = minimalExtract();
	change(f);
	return f;
}

const replaceLine = (text: string, lineNo: number, line: string) => {
	const lines = text.split('\n');
	lines[lineNo - 1] = line;
	return lines.join('\n');
};

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

	it('pseudonymises child and worker ids with HMAC-SHA-256, consistently across tables', async () => {
		const key = Buffer.from('a test key of enough length');
		const { dbPath } = await load(minimalExtract(), undefined, key);
		const expected = crypto.createHmac('sha256', key).update('C1').digest('hex');
		const rows = await withAnalytics(
			(s) =>
				s.query(
					`SELECT (SELECT child_id FROM referrals WHERE referral_id = 'R1') AS r, (SELECT child_id FROM cp_plans) AS p`
				),
			dbPath
		);
		expect(rows).toEqual([{ r: expected, p: expected }]);
	});

	it("names the extract's own id, not its pseudonym, in a problem found after pseudonymising", async () => {
		const bad = edit((f) => (f['referrals.csv'] = f['referrals.csv']!.replace('R2,C2,', 'R2,C9,')));
		const dir = writeExtract(path.join(root, `extract-${++n}`), bad);
		const error = await loadExtract({
			dir,
			dbPath: path.join(root, `db-${++n}.duckdb`),
			referenceDir,
			pseudonymiseKey: Buffer.from('a test key of enough length')
		}).catch((e: unknown) => e);
		expect(error).toBeInstanceOf(ExtractError);
		expect((error as ExtractError).problems).toEqual([
			expect.objectContaining({ file: 'referrals.csv', line: 3, column: 'child_id', value: 'C9' })
		]);
	});

	it('keeps file order in the typed tables, so problems between tables name the right line', async () => {
		// Enough rows for DuckDB to read and write in parallel; the broken reference is near the end.
		const f = minimalExtract();
		const extra = Array.from(
			{ length: 300_000 },
			(_, i) => `RX${i},C${i === 299_990 ? 9 : 1},${LA},2024-05-01,6,N1,false,,`
		).join('\n');
		f['referrals.csv'] = f['referrals.csv']! + extra + '\n';
		const p = await problemsOf(f);
		expect(p).toEqual([
			expect.objectContaining({
				file: 'referrals.csv',
				line: 299_994,
				column: 'child_id',
				value: 'C9'
			})
		]);
	});
});

describe('Parquet files', () => {
	async function toParquet(dir: string, table: string, select: string) {
		const { DuckDBInstance } = await import('@duckdb/node-api');
		const db = await DuckDBInstance.create(':memory:');
		const c = await db.connect();
		try {
			const csv = path.join(dir, `${table}.csv`);
			await c.run(
				`COPY (SELECT ${select} FROM read_csv($csv, all_varchar = true)) TO '${path.join(dir, `${table}.parquet`)}' (FORMAT parquet)`,
				{ csv }
			);
			fs.rmSync(csv);
		} finally {
			c.closeSync();
			db.closeSync();
		}
	}

	it('loads a table given as Parquet with DATE and BOOLEAN columns', async () => {
		const dir = writeExtract(path.join(root, `extract-${++n}`), minimalExtract());
		await toParquet(
			dir,
			'referrals',
			`referral_id, child_id, la_code, CAST(referral_date AS DATE) AS referral_date, source, primary_need, CAST(nfa AS BOOLEAN) AS nfa, CAST(close_date AS DATE) AS close_date, close_reason`
		);
		const dbPath = path.join(root, `db-${++n}.duckdb`);
		const summary = await loadExtract({ dir, dbPath, referenceDir });
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

	it('refuses a Parquet column of the wrong type, naming the row', async () => {
		const dir = writeExtract(path.join(root, `extract-${++n}`), minimalExtract());
		await toParquet(
			dir,
			'referrals',
			`referral_id, child_id, la_code, CAST(referral_date AS TIMESTAMP) AS referral_date, source, primary_need, nfa, close_date, close_reason`
		);
		await expect(
			loadExtract({ dir, dbPath: path.join(root, `db-${++n}.duckdb`), referenceDir })
		).rejects.toThrow(
			/referrals\.parquet, row 1, column referral_date: value "2024-05-01 00:00:00": expected a date as YYYY-MM-DD/
		);
	});
});

describe('loadExtract refuses bad input', () => {
	it('a missing manifest', async () => {
		const p = await problemsOf(edit((f) => delete f['manifest.json']));
		expect(p).toEqual([
			expect.objectContaining({
				file: 'manifest.json',
				expected: expect.stringContaining('manifest.json')
			})
		]);
	});

	it('a manifest that calls real authorities synthetic (demonstration accounts would follow)', async () => {
		const real = 'E06000001';
		const p = await problemsOf(
			edit((f) => {
				for (const name of Object.keys(f)) f[name] = f[name]!.replaceAll(LA, real);
			})
		);
		expect(p).toEqual([
			expect.objectContaining({
				file: 'manifest.json',
				column: 'synthetic',
				value: 'true',
				expected: expect.stringContaining(`this extract names ${real}`)
			})
		]);
	});

	it('a missing required table', async () => {
		const p = await problemsOf(edit((f) => delete f['referrals.csv']));
		expect(p).toEqual([
			expect.objectContaining({
				file: 'referrals.csv',
				expected: expect.stringContaining('required table referrals')
			})
		]);
	});

	it('a missing column', async () => {
		const p = await problemsOf(
			edit(
				(f) =>
					(f['children.csv'] = f['children.csv']!.replace(',disability', '').replace(
						/,(true|false)\n/g,
						'\n'
					))
			)
		);
		expect(p).toContainEqual(
			expect.objectContaining({ file: 'children.csv', line: 1, column: 'disability' })
		);
	});

	it('an unknown column', async () => {
		const p = await problemsOf(
			edit(
				(f) =>
					(f['children.csv'] = f['children.csv']!.replace(
						'disability\n',
						'disability,shoe_size\n'
					).replace(/(true|false)\n/g, '$1,9\n'))
			)
		);
		expect(p).toEqual([
			expect.objectContaining({ file: 'children.csv', line: 1, column: 'shoe_size' })
		]);
	});

	it('a column named like a direct identifier', async () => {
		const p = await problemsOf(
			edit(
				(f) =>
					(f['children.csv'] = f['children.csv']!.replace(
						'disability\n',
						'disability,surname\n'
					).replace(/(true|false)\n/g, '$1,Smith\n'))
			)
		);
		expect(p).toEqual([
			expect.objectContaining({
				file: 'children.csv',
				column: 'surname',
				expected: expect.stringContaining('direct identifier')
			})
		]);
	});

	it('an id that looks like an NHS number', async () => {
		const p = await problemsOf(
			edit(
				(f) =>
					(f['children.csv'] = f['children.csv']!.replace('C2,', '9434765919,').replace(
						',C2,',
						',9434765919,'
					))
			)
		);
		expect(p).toContainEqual(
			expect.objectContaining({
				file: 'children.csv',
				line: 3,
				column: 'child_id',
				value: '9434765919',
				expected: expect.stringContaining('NHS number')
			})
		);
	});

	it('an id that looks like a Unique Pupil Number', async () => {
		const p = await problemsOf(
			edit((f) => (f['referrals.csv'] = f['referrals.csv']!.replace('R2,', 'A123456789012,')))
		);
		expect(p).toEqual([
			expect.objectContaining({
				file: 'referrals.csv',
				line: 3,
				column: 'referral_id',
				value: 'A123456789012'
			})
		]);
	});

	it('an unparseable date', async () => {
		const p = await problemsOf(
			edit((f) => (f['referrals.csv'] = f['referrals.csv']!.replace('2024-05-01', '01/05/2024')))
		);
		expect(p).toContainEqual(
			expect.objectContaining({
				file: 'referrals.csv',
				line: 2,
				column: 'referral_date',
				value: '01/05/2024',
				expected: 'a date as YYYY-MM-DD'
			})
		);
	});

	it('an impossible date', async () => {
		const p = await problemsOf(
			edit(
				(f) => (f['referrals.csv'] = f['referrals.csv']!.replace('2024-06-03,2A', '2024-02-30,2A'))
			)
		);
		expect(p).toContainEqual(
			expect.objectContaining({ line: 3, column: 'referral_date', value: '2024-02-30' })
		);
	});

	it('a date after the extract date or before 2000', async () => {
		const late = await problemsOf(
			edit((f) => (f['referrals.csv'] = f['referrals.csv']!.replace('2024-05-01', '2025-04-01')))
		);
		expect(late).toContainEqual(
			expect.objectContaining({
				column: 'referral_date',
				value: '2025-04-01',
				expected: expect.stringContaining('to the extract date')
			})
		);
		const early = await problemsOf(
			edit((f) => (f['cp_plans.csv'] = f['cp_plans.csv']!.replace('2024-05-24', '1999-12-31')))
		);
		expect(early).toContainEqual(
			expect.objectContaining({ file: 'cp_plans.csv', column: 'start_date', value: '1999-12-31' })
		);
	});

	it('a birth month after the extract date', async () => {
		const p = await problemsOf(
			edit((f) => (f['children.csv'] = f['children.csv']!.replace('2019-01', '2025-05')))
		);
		expect(p).toEqual([
			expect.objectContaining({
				file: 'children.csv',
				line: 3,
				column: 'birth_month',
				value: '2025-05'
			})
		]);
	});

	it('a code outside its list, naming the allowed values', async () => {
		const p = await problemsOf(
			edit((f) => (f['referrals.csv'] = f['referrals.csv']!.replace(',6,N1,', ',6Z,N1,')))
		);
		expect(p).toEqual([
			expect.objectContaining({
				file: 'referrals.csv',
				line: 2,
				column: 'source',
				value: '6Z',
				expected: expect.stringContaining('1A, 1B, 1C')
			})
		]);
	});

	it('an unknown factor in a list of factors', async () => {
		const p = await problemsOf(
			edit((f) => (f['assessments.csv'] = f['assessments.csv']!.replace('16A;3A', '16A;99Z')))
		);
		expect(p).toEqual([
			expect.objectContaining({ file: 'assessments.csv', column: 'factors', value: '16A;99Z' })
		]);
	});

	it("reports several files' problems in the contract's order of files, whatever their sizes", async () => {
		// Files are read largest first; a later, larger file's problems still come second.
		const ragged = await problemsOf(
			edit((f) => {
				f['children.csv'] += `C3,${LA},F\n`;
				f['cp_plans.csv'] += `P9,C1,${LA}\n`.repeat(40);
			})
		);
		expect(ragged[0]).toMatchObject({ file: 'children.csv', line: 4 });
		expect(ragged.slice(1).map((x) => x.file)).toEqual(Array(40).fill('cp_plans.csv'));
		expect(ragged[1]).toMatchObject({ line: 3, expected: '9 fields as in the header, found 3' });

		const values = await problemsOf(
			edit((f) => {
				f['children.csv'] = f['children.csv']!.replace('2019-01', '2019-13');
				f['cp_plans.csv'] += `P1,C1,${LA},2024-05-24,,NEG,NEG,0,\n`.repeat(40);
			})
		);
		expect(values[0]).toMatchObject({ file: 'children.csv', line: 3, value: '2019-13' });
		expect(values.slice(1).map((x) => [x.file, x.column])).toEqual(
			Array(40).fill(['cp_plans.csv', 'plan_id'])
		);
	});

	it("an authority not in the manifest, and a code that is not an authority's", async () => {
		const p = await problemsOf(
			edit((f) => {
				f['referrals.csv'] = f['referrals.csv']!.replace(`R2,C2,${LA}`, 'R2,C2,X00000002');
				f['cp_plans.csv'] = f['cp_plans.csv']!.replace(`P1,C1,${LA}`, 'P1,C1,x0001');
			})
		);
		expect(p).toEqual([
			{
				file: 'referrals.csv',
				line: 3,
				column: 'la_code',
				value: 'X00000002',
				expected: 'one of the authorities listed in manifest.json la_codes'
			},
			{
				file: 'cp_plans.csv',
				line: 2,
				column: 'la_code',
				value: 'x0001',
				expected: 'an ONS GSS code: a capital letter and 8 digits'
			}
		]);
	});

	it('a date out of range and a malformed one in the same column', async () => {
		const p = await problemsOf(
			edit((f) => {
				f['referrals.csv'] = f['referrals.csv']!.replace('2024-05-01', '1999-12-31').replace(
					'2024-06-03,2A',
					'2024-6-3,2A'
				);
			})
		);
		expect(p.map((x) => [x.line, x.column, x.value, x.expected])).toEqual([
			[2, 'referral_date', '1999-12-31', 'a date from 2000-01-01 to the extract date'],
			[3, 'referral_date', '2024-6-3', 'a date as YYYY-MM-DD']
		]);
	});

	it('a broken reference', async () => {
		const p = await problemsOf(
			edit((f) => (f['referrals.csv'] = f['referrals.csv']!.replace('R2,C2,', 'R2,C9,')))
		);
		expect(p).toEqual([
			expect.objectContaining({
				file: 'referrals.csv',
				line: 3,
				column: 'child_id',
				value: 'C9',
				expected: expect.stringContaining('children')
			})
		]);
	});

	it('a duplicate key', async () => {
		const p = await problemsOf(
			edit((f) => (f['referrals.csv'] = f['referrals.csv']!.replace('R2,C2,', 'R1,C2,')))
		);
		expect(p).toContainEqual(
			expect.objectContaining({
				file: 'referrals.csv',
				line: 3,
				column: 'referral_id',
				value: 'R1'
			})
		);
	});

	it('dates out of order within a row', async () => {
		const p = await problemsOf(
			edit(
				(f) => (f['assessments.csv'] = f['assessments.csv']!.replace('2024-06-20', '2024-05-01'))
			)
		);
		expect(p).toContainEqual(
			expect.objectContaining({
				file: 'assessments.csv',
				line: 2,
				column: 'authorised_date',
				value: '2024-05-01'
			})
		);
	});

	it('an assessment starting before its referral', async () => {
		const p = await problemsOf(
			edit(
				(f) =>
					(f['assessments.csv'] = f['assessments.csv']!.replace(
						'2024-05-02,2024-06-20',
						'2024-04-30,2024-06-20'
					))
			)
		);
		expect(p).toEqual([
			expect.objectContaining({
				file: 'assessments.csv',
				column: 'start_date',
				value: '2024-04-30',
				expected: expect.stringContaining('referral')
			})
		]);
	});

	it('a conference before its enquiry started', async () => {
		const p = await problemsOf(
			edit(
				(f) =>
					(f['conferences.csv'] = f['conferences.csv']!.replace(
						'S1,P1,2024-05-24',
						'S1,P1,2024-05-02'
					))
			)
		);
		expect(p).toContainEqual(
			expect.objectContaining({
				file: 'conferences.csv',
				line: 2,
				column: 'date',
				value: '2024-05-02'
			})
		);
	});

	it('a review conference with an initial outcome', async () => {
		const p = await problemsOf(
			edit(
				(f) =>
					(f['conferences.csv'] = f['conferences.csv']!.replace(
						'2024-08-20,continue',
						'2024-08-20,plan'
					))
			)
		);
		expect(p).toContainEqual(
			expect.objectContaining({
				file: 'conferences.csv',
				line: 3,
				column: 'outcome',
				value: 'plan'
			})
		);
	});

	it('an empty file', async () => {
		const p = await problemsOf(edit((f) => (f['cp_plans.csv'] = '')));
		expect(p).toEqual([
			expect.objectContaining({ file: 'cp_plans.csv', expected: expect.stringContaining('empty') })
		]);
	});

	it('a truncated file (last record cut short)', async () => {
		const p = await problemsOf(
			edit((f) => (f['referrals.csv'] = f['referrals.csv']!.slice(0, -30)))
		);
		expect(p).toContainEqual(
			expect.objectContaining({
				file: 'referrals.csv',
				line: 3,
				expected: expect.stringContaining('fields')
			})
		);
	});

	it('a file ending inside a quoted field', async () => {
		const p = await problemsOf(
			edit((f) => (f['referrals.csv'] = f['referrals.csv']! + `R3,"C1,${LA}`))
		);
		expect(p).toContainEqual(
			expect.objectContaining({
				file: 'referrals.csv',
				line: 4,
				expected: expect.stringContaining('closing quote')
			})
		);
	});

	it('a file that is not UTF-8', async () => {
		const f = minimalExtract();
		const dir = writeExtract(path.join(root, `extract-${++n}`), f);
		fs.writeFileSync(
			path.join(dir, 'children.csv'),
			Buffer.concat([Buffer.from(f['children.csv']!), Buffer.from([0x43, 0x33, 0xe9, 0x2c, 0x0a])])
		);
		await expect(
			loadExtract({ dir, dbPath: path.join(root, `db-${++n}.duckdb`), referenceDir })
		).rejects.toThrow(/children\.csv, line 4.*UTF-8/);
	});

	it('reports physical lines when a quoted field spans lines', async () => {
		const f = minimalExtract();
		f['local_authorities.csv'] = f['local_authorities.csv']!.replace('Testshire', '"Test\nshire"');
		f['referrals.csv'] = replaceLine(
			f['referrals.csv']!,
			3,
			`R2,C2,${LA},2024-06-03,2A,N4,maybe,2024-06-03,RC7`
		);
		const p = await problemsOf(f);
		expect(p).toEqual([
			expect.objectContaining({ file: 'referrals.csv', line: 3, column: 'nfa', value: 'maybe' })
		]);
	});

	it('reports physical lines for the records after a quoted field that spans lines', async () => {
		const f = minimalExtract();
		f['local_authorities.csv'] =
			f['local_authorities.csv']!.replace('Testshire', '"Test\r\nshire"') +
			`X00000002,Other,E12000001,North East,lots,Test Police,Test ICB\n` +
			`X00000003,Third,E12000001,North East,many,Test Police,Test ICB\n`;
		const p = await problemsOf(f);
		expect(p.map((x) => [x.file, x.line, x.column, x.value])).toEqual([
			['local_authorities.csv', 4, 'child_population', 'lots'],
			['local_authorities.csv', 5, 'child_population', 'many']
		]);
	});

	it('reports each problem of a row with several, and every repeat of a key', async () => {
		const f = minimalExtract();
		f['referrals.csv'] = replaceLine(
			f['referrals.csv']!,
			3,
			`R2,C2,${LA},03/06/2024,2Z,N4,true,2024-06-03,RC7`
		);
		f['referrals.csv'] +=
			`R1,C1,${LA},2024-05-02,6,N1,false,,\nR1,C2,${LA},2024-05-03,6,N1,false,,\n`;
		const p = await problemsOf(f);
		expect(p).toEqual([
			expect.objectContaining({ line: 3, column: 'referral_date', value: '03/06/2024' }),
			expect.objectContaining({ line: 3, column: 'source', value: '2Z' }),
			expect.objectContaining({ line: 4, column: 'referral_id', value: 'R1' }),
			expect.objectContaining({ line: 5, column: 'referral_id', value: 'R1' })
		]);
	});

	it('reports every problem in a file, up to 50', async () => {
		const f = minimalExtract();
		const extra = Array.from(
			{ length: 80 },
			(_, i) => `RX${i},C1,${LA},2024-05-01,6,N1,perhaps,,`
		).join('\n');
		f['referrals.csv'] = f['referrals.csv']! + extra + '\n';
		const p = await problemsOf(f);
		expect(p).toHaveLength(50);
		expect(p[0]).toMatchObject({ line: 4, column: 'nfa', value: 'perhaps' });
		expect(p[49]).toMatchObject({ line: 53 });
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
