// Every refusal of an extract, in one place. A refused load must end in an ExtractError that
// names the file (and, where there is one, the line, column and value), must leave the served
// database byte for byte as it was, and must leave no scratch files; nothing may crash the
// loader. First each rule of the data contract broken on its own, with exactly the problem it
// gives; then malformed files of every kind a hand-edited spreadsheet or a case management
// system can produce; the load command's report; and a bounded, seeded random mutation fuzzer
// over a valid extract. A new rule's refusal belongs in the first group; a new kind of damaged
// file in the second.
import { spawnSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tables } from '$lib/contract';
import { withAnalytics } from '$lib/server/analytics/duckdb';
import { ExtractError, type ExtractProblem } from '$lib/server/analytics/load/errors';
import {
	LA,
	minimalExtract,
	writeExtract,
	writeParquet,
	type ExtractFiles,
	type ExtractFolder
} from '../fixtures/extract';
import { loadFiles, useScratchFolder } from '../fixtures/loaded';

const scratch = useScratchFolder('refusals');
let root: string;
let dbPath: string;
const outcomes = { refused: 0, loaded: 0 };

beforeAll(async () => {
	root = scratch();
	dbPath = path.join(root, 'served.duckdb');
	await loadFiles(root, minimalExtract(), { dbPath });
});
afterAll(() => {
	console.log(`refusals: ${outcomes.refused} refused cleanly, ${outcomes.loaded} loaded`);
});

const hash = () => crypto.createHash('sha256').update(fs.readFileSync(dbPath)).digest('hex');
const version = () => withAnalytics(async (s) => s.dataVersion.version, dbPath);
const tableFiles = new Set(tables.flatMap((t) => [`${t.name}.csv`, `${t.name}.parquet`]));

/** Loads `files` over the served database and checks the outcome is clean either way. */
async function tryLoad(label: string, files: ExtractFolder, pseudonymiseKey?: Buffer) {
	const before = hash();
	const versionBefore = await version();
	let refused: ExtractError | null = null;
	try {
		await loadFiles(root, files, { dbPath, pseudonymiseKey });
	} catch (e) {
		// Anything but a precise refusal is a crash.
		expect(e, `${label}: ${(e as Error).stack}`).toBeInstanceOf(ExtractError);
		refused = e as ExtractError;
	}
	expect(
		fs.readdirSync(path.dirname(dbPath)).filter((f) => f.startsWith('served.duckdb.')),
		label
	).toEqual([]);
	if (refused) {
		outcomes.refused++;
		expect(refused.problems.length, label).toBeGreaterThan(0);
		for (const p of refused.problems) {
			expect(p.file === 'manifest.json' || tableFiles.has(p.file), label).toBe(true);
			expect(p.expected.length, label).toBeGreaterThan(0);
			expect(refused.message).toContain(p.file);
		}
		expect(hash(), label).toBe(before);
		expect(await version(), label).toBe(versionBefore);
	} else {
		outcomes.loaded++;
		expect(await version(), label).not.toBe(versionBefore);
	}
	return refused;
}

/** The problems a load of `files` is refused with (failing if it is not refused). */
async function problemsOf(files: ExtractFolder, key?: Buffer): Promise<ExtractProblem[]> {
	const refused = await tryLoad('refusal', files, key);
	if (!refused) throw new Error('the load was expected to fail');
	return refused.problems;
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

describe('each rule of the contract, broken on its own, reported where it is broken', () => {
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

	it('a simulated rollout with a date that is not one, or in a real extract', async () => {
		const withReform = (reform: object, synthetic = true) =>
			edit((f) => {
				const m = JSON.parse(f['manifest.json']!);
				f['manifest.json'] = JSON.stringify({ ...m, synthetic, reform });
			});
		expect(await problemsOf(withReform({ go_live: { [LA]: '2024-13-01' }, effects: {} }))).toEqual([
			expect.objectContaining({
				file: 'manifest.json',
				column: `reform.go_live.${LA}`,
				value: '"2024-13-01"'
			})
		]);
		expect(
			await problemsOf(
				withReform({ go_live: {}, effects: { strategy_core_attendance: 'twelve', x: 1 } })
			)
		).toEqual([
			expect.objectContaining({
				column: 'reform.effects.strategy_core_attendance',
				value: '"twelve"'
			}),
			expect.objectContaining({ column: 'reform.effects.x', expected: 'the id of a measure' })
		]);
		expect(
			await problemsOf(withReform({ go_live: { [LA]: '2024-04-01' }, effects: {} }, false))
		).toEqual([
			expect.objectContaining({
				column: 'reform',
				expected: expect.stringContaining('synthetic data only')
			})
		]);
	});

	it('a manifest larger than any manifest could be', async () => {
		const huge = edit((f) => {
			const m = JSON.parse(f['manifest.json']!);
			f['manifest.json'] = JSON.stringify({ ...m, padding: 'x'.repeat(2 ** 20) });
		});
		expect(await problemsOf(huge)).toEqual([
			expect.objectContaining({
				file: 'manifest.json',
				expected: expect.stringContaining('at most 1048576 bytes')
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

	// A good extract's tables are checked quickly, leaving whether a day exists to the typed
	// table's strict cast; these are the ways an impossible day must still be named exactly.
	it('an impossible date in a table that has another problem too', async () => {
		const p = await problemsOf(
			edit((f) => {
				f['referrals.csv'] = f['referrals.csv']!.replace('2024-05-01', '1999-12-31').replace(
					'2024-06-03,2A',
					'2024-02-30,2A'
				);
			})
		);
		expect(p.map((x) => [x.line, x.column, x.value, x.expected])).toEqual([
			[2, 'referral_date', '1999-12-31', 'a date from 2000-01-01 to the extract date'],
			[3, 'referral_date', '2024-02-30', 'a date as YYYY-MM-DD']
		]);
	});

	it('an impossible date in a table alongside another table refused', async () => {
		// Whichever order the tables are taken in, the plan's day is named.
		const p = await problemsOf(
			edit((f) => {
				f['referrals.csv'] = f['referrals.csv']!.replace(',6,N1,', ',6Z,N1,');
				f['cp_plans.csv'] = f['cp_plans.csv']!.replace('2024-05-24', '2024-04-31');
			})
		);
		expect(p).toContainEqual(expect.objectContaining({ file: 'referrals.csv', value: '6Z' }));
		expect(p).toContainEqual(
			expect.objectContaining({
				file: 'cp_plans.csv',
				line: 2,
				column: 'start_date',
				value: '2024-04-31',
				expected: 'a date as YYYY-MM-DD'
			})
		);
	});

	it('an impossible month', async () => {
		const p = await problemsOf(
			edit((f) => (f['children.csv'] = f['children.csv']!.replace('2019-01', '2019-13')))
		);
		expect(p).toEqual([
			expect.objectContaining({
				file: 'children.csv',
				line: 3,
				column: 'birth_month',
				value: '2019-13',
				expected: 'a month as YYYY-MM, not after the extract date'
			})
		]);
	});

	it('an id longer than 64 characters, and one like an NHS number, in one column', async () => {
		const long = 'C'.repeat(65);
		const p = await problemsOf(
			edit(
				(f) =>
					(f['referrals.csv'] = f['referrals.csv']!.replace('R1,', `${long},`).replace(
						'R2,',
						'9434765919,'
					))
			)
		);
		expect(p.map((x) => [x.line, x.column, x.value, x.expected])).toEqual([
			[2, 'referral_id', long, 'an identifier of at most 64 characters'],
			[
				3,
				'referral_id',
				'9434765919',
				'a pseudonym, not an NHS number (10 digits passing the check-digit test)'
			]
		]);
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

	it.each([
		['an empty code at the end', '16A;'],
		['an empty code between', '16A;;3A'],
		['a code in the wrong case', '16a;3A'],
		['a space after the separator', '16A; 3A'],
		['a code only part of a known one', '16;3A'],
		['another separator', '16A,3A']
	])('a list of factors with %s', async (_, factors) => {
		const csv = (value: string) =>
			'assessment_id,referral_id,child_id,la_code,start_date,authorised_date,factors\n' +
			`A1,R1,C1,${LA},2024-05-02,2024-06-20,"${value}"\n`;
		const p = await problemsOf({ ...minimalExtract(), 'assessments.csv': csv(factors) });
		expect(p).toEqual([
			expect.objectContaining({
				file: 'assessments.csv',
				line: 2,
				column: 'factors',
				value: factors
			})
		]);
	});

	it('a list of factors that are all known, one or several', async () => {
		for (const factors of ['3A', '16A;3A', '1A;1B;1C'])
			await loadFiles(
				root,
				{
					...minimalExtract(),
					'assessments.csv':
						'assessment_id,referral_id,child_id,la_code,start_date,authorised_date,factors\n' +
						`A1,R1,C1,${LA},2024-05-02,2024-06-20,${factors}\n`
				},
				{ dbPath: path.join(root, 'factors.duckdb') }
			);
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

	it('broken references to one table from several, each at its own file and line', async () => {
		// The columns referring to children are checked in one query; each row goes back to its file.
		const p = await problemsOf(
			edit((f) => {
				f['referrals.csv'] = f['referrals.csv']!.replace('R2,C2,', 'R2,C9,');
				f['cp_plans.csv'] = f['cp_plans.csv']!.replace('P1,C1,', 'P1,C8,');
				f['assessments.csv'] = f['assessments.csv']!.replace('A1,R1,', 'A1,R7,');
			})
		);
		expect(p.map((x) => [x.file, x.line, x.column, x.value, x.expected])).toEqual([
			[
				'referrals.csv',
				3,
				'child_id',
				'C9',
				'the child_id of a row in children for the same la_code'
			],
			[
				'assessments.csv',
				2,
				'referral_id',
				'R7',
				'the referral_id of a row in referrals for the same la_code'
			],
			[
				'cp_plans.csv',
				2,
				'child_id',
				'C8',
				'the child_id of a row in children for the same la_code'
			]
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
		const f: ExtractFolder = minimalExtract();
		f['children.csv'] = Buffer.concat([
			Buffer.from(f['children.csv']!),
			Buffer.from([0x43, 0x33, 0xe9, 0x2c, 0x0a])
		]);
		expect(await problemsOf(f)).toEqual([
			expect.objectContaining({
				file: 'children.csv',
				line: 4,
				expected: expect.stringContaining('UTF-8')
			})
		]);
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

	it("names the extract's own id, not its pseudonym, in a problem found after pseudonymising", async () => {
		const bad = edit((f) => (f['referrals.csv'] = f['referrals.csv']!.replace('R2,C2,', 'R2,C9,')));
		const p = await problemsOf(bad, Buffer.from('a test key of enough length'));
		expect(p).toEqual([
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

	it('a Parquet column of the wrong type, naming the row', async () => {
		const files = await writeParquet(
			minimalExtract(),
			'referrals',
			`referral_id, child_id, la_code, CAST(referral_date AS TIMESTAMP) AS referral_date, source, primary_need, nfa, close_date, close_reason`
		);
		const wrongType = (line: number, value: string) => ({
			file: 'referrals.parquet',
			line,
			column: 'referral_date',
			value,
			expected: 'a date as YYYY-MM-DD'
		});
		expect(await problemsOf(files)).toEqual([
			wrongType(1, '2024-05-01 00:00:00'),
			wrongType(2, '2024-06-03 00:00:00')
		]);
	});
});

type Files = ExtractFolder;
const base = (): Files => minimalExtract();
const withFile = (name: string, content: string | Buffer): Files => ({
	...base(),
	[name]: content
});
const referrals = () => minimalExtract()['referrals.csv']!;
const writeFolder = (files: Files) =>
	writeExtract(fs.mkdtempSync(path.join(root, 'extract-')), files);

describe('malformed files', () => {
	const cases: [string, () => Files, RegExp | null][] = [
		['a 1-byte file', () => withFile('referrals.csv', 'a'), /referrals\.csv/],
		['an empty manifest', () => withFile('manifest.json', ''), /manifest\.json/],
		['a manifest that is not JSON', () => withFile('manifest.json', '{"contract": '), /manifest/],
		[
			'a manifest with the wrong types',
			() => withFile('manifest.json', JSON.stringify({ contract: 1, la_codes: 'X', extracted: 5 })),
			/manifest/
		],
		[
			'a duplicated header column',
			() =>
				withFile('referrals.csv', referrals().replace('referral_id,', 'referral_id,referral_id,')),
			/referrals\.csv/
		],
		[
			'the header repeated as a row',
			() => withFile('referrals.csv', referrals() + referrals().split('\n')[0] + '\n'),
			/referrals\.csv, line 4/
		],
		[
			'a stray quote inside a field',
			() => withFile('referrals.csv', referrals().replace(',6,N1,', ',6",N1,')),
			/referrals\.csv, line 2/
		],
		[
			'a newline inside a quoted date',
			() => withFile('referrals.csv', referrals().replace('2024-05-01', '"2024-05\n-01"')),
			/referrals\.csv, line 2/
		],
		[
			'a 1 MB field',
			() => withFile('referrals.csv', referrals().replace(',N1,', `,${'N'.repeat(1 << 20)},`)),
			/referrals\.csv, line 2, column primary_need/
		],
		[
			'a UTF-16 file',
			() =>
				withFile(
					'children.csv',
					Buffer.concat([
						Buffer.from([0xff, 0xfe]),
						Buffer.from(base()['children.csv'] as string, 'utf16le')
					])
				),
			/children\.csv/
		],
		[
			'a Latin-1 byte',
			() =>
				withFile(
					'local_authorities.csv',
					Buffer.from(
						(base()['local_authorities.csv'] as string).replace('Testshire', 'T\xe9stshire'),
						'latin1'
					)
				),
			/local_authorities\.csv/
		],
		[
			'a byte-order mark in the middle of a file',
			() => withFile('referrals.csv', referrals().replace('\nR2', '\n\ufeffR2')),
			/referrals\.csv, line 3/
		],
		[
			'NUL bytes',
			() => withFile('referrals.csv', referrals().replace('R1,', 'R\0\0,')),
			/referrals\.csv/
		],
		[
			'random binary in place of a table',
			() => withFile('referrals.csv', crypto.randomBytes(10_000)),
			/referrals\.csv/
		],
		[
			'a Parquet name holding CSV text',
			() => {
				const f = base();
				f['referrals.parquet'] = f['referrals.csv']!;
				delete f['referrals.csv'];
				return f;
			},
			/referrals\.parquet/
		]
	];
	for (const [label, files, names] of cases) {
		it(`refuses ${label}, naming where`, async () => {
			const refused = await tryLoad(label, files());
			expect(refused, `${label} was loaded`).not.toBeNull();
			if (names) expect(refused!.message).toMatch(names);
		});
	}

	it('accepts what only looks unusual: CR-only line ends are refused or read, never half-read', async () => {
		await tryLoad('CR line ends', withFile('referrals.csv', referrals().replaceAll('\n', '\r')));
	});
});

describe('the load command', () => {
	it('exits non-zero, names the file and line, and says the served database is unchanged', () => {
		for (const [label, files, where] of [
			[
				'NUL bytes',
				withFile('referrals.csv', referrals().replace('R1,', 'R\0,')),
				'referrals.csv, line 2'
			],
			['a 1-byte file', withFile('cp_plans.csv', 'a'), 'cp_plans.csv'],
			['random binary', withFile('children.csv', crypto.randomBytes(4096)), 'children.csv']
		] as const) {
			const before = hash();
			const r = spawnSync(
				'node',
				['--import', 'tsx', 'scripts/load.ts', writeFolder(files), '--db', dbPath],
				{
					encoding: 'utf8',
					env: { ...process.env, OVERSIGHT_APP_DB: path.join(root, 'app.sqlite') }
				}
			);
			expect(r.status, label).toBe(1);
			expect(r.stderr, label).toContain('the database in service is unchanged');
			expect(r.stderr, label).toContain(where);
			expect(hash(), label).toBe(before);
		}
	}, 120_000);
});

/** mulberry32: a small seeded generator, so a failing case can be replayed from its number. */
function random(seed: number) {
	return () => {
		seed = (seed + 0x6d2b79f5) | 0;
		let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
		t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

const HOSTILE = [
	',',
	'"',
	'\n',
	'\r',
	'\0',
	'\u00ff',
	'é',
	';',
	' ',
	'9',
	'X',
	'-',
	'\ufeff',
	'\t'
];

function mutate(files: ExtractFiles, rnd: () => number): { files: Files; how: string } {
	const names = Object.keys(files).filter((f) => f.endsWith('.csv'));
	const name = names[Math.floor(rnd() * names.length)]!;
	const text = files[name]!;
	const at = Math.floor(rnd() * text.length);
	const lines = text.split('\n');
	const line = 1 + Math.floor(rnd() * Math.max(1, lines.length - 1));
	const pick = () => HOSTILE[Math.floor(rnd() * HOSTILE.length)]!;
	const ops: [string, () => string][] = [
		['delete', () => text.slice(0, at) + text.slice(at + 1 + Math.floor(rnd() * 20))],
		['insert', () => text.slice(0, at) + pick() + pick() + text.slice(at)],
		['truncate', () => text.slice(0, at)],
		[
			'duplicate line',
			() => [...lines.slice(0, line), lines[line]!, ...lines.slice(line)].join('\n')
		],
		[
			'swap lines',
			() => {
				const l = [...lines];
				[l[0], l[line]] = [l[line]!, l[0]!];
				return l.join('\n');
			}
		],
		[
			'replace field',
			() => {
				const fields = (lines[line] ?? '').split(',');
				fields[Math.floor(rnd() * fields.length)] = Array.from(
					{ length: 1 + Math.floor(rnd() * 8) },
					pick
				).join('');
				const l = [...lines];
				l[line] = fields.join(',');
				return l.join('\n');
			}
		]
	];
	const [op, apply] = ops[Math.floor(rnd() * ops.length)]!;
	return { files: { ...files, [name]: apply() }, how: `${op} in ${name} at ${at}, line ${line}` };
}

describe('random mutations of a valid extract', () => {
	const cases = Number(process.env.FUZZ_CASES ?? 40);
	it(`${cases} seeded mutations: each refused precisely or loaded whole, never crashing`, async () => {
		const rnd = random(20261126);
		for (let i = 0; i < cases; i++) {
			const { files, how } = mutate(minimalExtract(), rnd);
			await tryLoad(`case ${i}: ${how}`, files);
		}
		expect(outcomes.refused).toBeGreaterThan(cases / 2);
	}, 300_000);
});
