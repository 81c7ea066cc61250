// Hostile extracts: malformed files of every kind a hand-edited spreadsheet or a case management
// system can produce, and a bounded, seeded random mutation fuzzer over a valid extract. Every
// load is tried against a served database. A refused load must end in an ExtractError that
// names the file (and, where there is one, the line and column), must leave the served database
// byte for byte as it was, and must leave no scratch files; nothing may crash the loader. Each
// rule of the data contract broken on its own is covered in the loader's own tests.
import { spawnSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeAll, withAnalytics } from '../../src/lib/server/analytics/duckdb';
import { ExtractError } from '../../src/lib/server/analytics/load/errors';
import { loadExtract } from '../../src/lib/server/analytics/load/loader';
import { minimalExtract, type ExtractFiles } from '../fixtures/extract';

type Files = Record<string, string | Buffer>;

let root: string;
let dbPath: string;
let n = 0;
const referenceDir = path.resolve('data/reference');
const outcomes = { refused: 0, loaded: 0 };

beforeAll(async () => {
	root = fs.mkdtempSync(path.join(os.tmpdir(), 'cpo-hostile-'));
	dbPath = path.join(root, 'served.duckdb');
	await loadExtract({ dir: write(minimalExtract()), dbPath, referenceDir });
});
afterAll(() => {
	closeAll();
	fs.rmSync(root, { recursive: true, force: true });
	console.log(`hostile extracts: ${outcomes.refused} refused cleanly, ${outcomes.loaded} loaded`);
});

function write(files: Files): string {
	const dir = path.join(root, `extract-${++n}`);
	fs.mkdirSync(dir);
	for (const [name, content] of Object.entries(files))
		fs.writeFileSync(path.join(dir, name), content);
	return dir;
}

const hash = () => crypto.createHash('sha256').update(fs.readFileSync(dbPath)).digest('hex');
const version = () => withAnalytics(async (s) => s.dataVersion.version, dbPath);

/** Loads `files` over the served database and checks the outcome is clean either way. */
async function tryLoad(label: string, files: Files) {
	const before = hash();
	const versionBefore = await version();
	let refused: ExtractError | null = null;
	try {
		await loadExtract({ dir: write(files), dbPath, referenceDir });
	} catch (e) {
		// Anything but a precise refusal is a crash.
		expect(e, `${label}: ${(e as Error).stack}`).toBeInstanceOf(ExtractError);
		refused = e as ExtractError;
	}
	expect(
		fs.readdirSync(root).filter((f) => f.startsWith('served.duckdb.')),
		label
	).toEqual([]);
	if (refused) {
		outcomes.refused++;
		expect(refused.problems.length, label).toBeGreaterThan(0);
		for (const p of refused.problems) {
			expect(Object.keys(files).includes(p.file) || p.file === 'manifest.json', label).toBe(true);
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

const base = (): Files => minimalExtract();
const withFile = (name: string, content: string | Buffer): Files => ({
	...base(),
	[name]: content
});
const referrals = () => minimalExtract()['referrals.csv']!;

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
				['--import', 'tsx', 'scripts/load.ts', write(files), '--db', dbPath],
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
