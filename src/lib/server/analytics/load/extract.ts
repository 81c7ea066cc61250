// Extract intake: the folder as files, before any of it is loaded. Reads and checks the
// manifest, finds each table's file (CSV or Parquet), checks every header against the
// contract, and runs the structural scan of each CSV in the background.
import fs from 'node:fs';
import path from 'node:path';
import type { DuckDBConnection } from '@duckdb/node-api';
import {
	CONTRACT_ID,
	isGssCode,
	isIsoDate,
	looksLikeIdentifierColumn,
	referenceTableNameColumns,
	tables,
	type TableDef
} from '$lib/contract';
import type { ConvertedTable } from './census/rows';
import { scanCsv, type CsvScan } from './csv/scan';
import { ExtractError, fileProblem, ProblemList, type ExtractProblem } from './errors';
import { rowsOf } from './sql';
import { findMetric } from '$lib/metrics/catalogue';

export interface Manifest {
	contract: string;
	extracted: string;
	la_codes: string[];
	synthetic: boolean;
	/** The first day from which the extract holds every record, when it says so. */
	complete_from?: string;
	/**
	 * Synthetic data only: the simulated rollout of multi-agency child protection teams (first
	 * day live by authority) and its modelled effects (measure id → points), the truth the
	 * reform evaluation is checked against.
	 */
	reform?: { go_live: Record<string, string>; effects: Record<string, number> };
}

/** One table's file in the extract folder. */
export interface ExtractFile {
	table: TableDef;
	/** Its name in the folder, as problems report it. */
	file: string;
	path: string;
	format: 'csv' | 'parquet';
	/** The structural scan, once done (CSV only). */
	scan?: CsvScan;
	/** The header as checked. */
	columns: string[];
}

export function checkIsFolder(dir: string): void {
	if (!fs.existsSync(dir) || !fs.statSync(dir).isDirectory())
		throw new ExtractError([fileProblem(dir, 'an extract folder')]);
}

export const hasManifest = (dir: string) => fs.existsSync(path.join(dir, 'manifest.json'));

/** Whether the folder holds any table as CSV or Parquet (anything besides census returns). */
export function hasTableFiles(dir: string): boolean {
	return tables.some((t) =>
		['csv', 'parquet'].some((ext) => fs.existsSync(path.join(dir, `${t.name}.${ext}`)))
	);
}

/** A manifest names the authorities and a few facts: far less than this, even for England. */
const MANIFEST_MAX_BYTES = 2 ** 20;

/**
 * The extract's manifest. An extract made only of census returns may leave it out: it then
 * covers the authorities the returns name, as at the newest return's day (`fromReturns`); one
 * with tables of its own says what they cover.
 */
export function readManifest(
	dir: string,
	problems: ProblemList,
	fromReturns: () => Manifest | null = () => null
): Manifest | null {
	const file = 'manifest.json';
	const p = path.join(dir, file);
	if (!fs.existsSync(p)) {
		const derived = hasTableFiles(dir) ? null : fromReturns();
		if (derived) return derived;
		problems.add(fileProblem(file, 'a manifest.json in the extract folder'));
		return null;
	}
	if (fs.statSync(p).size > MANIFEST_MAX_BYTES) {
		problems.add(fileProblem(file, `a manifest of at most ${MANIFEST_MAX_BYTES} bytes`));
		return null;
	}
	let m: Record<string, unknown>;
	try {
		m = JSON.parse(fs.readFileSync(p, 'utf8'));
	} catch (e) {
		problems.add(fileProblem(file, `valid JSON (${(e as Error).message})`));
		return null;
	}
	const bad = (column: string, value: unknown, expected: string) =>
		problems.add({
			file,
			line: null,
			column,
			value: value === undefined ? null : JSON.stringify(value),
			expected
		});
	if (m.contract !== CONTRACT_ID) bad('contract', m.contract, `"${CONTRACT_ID}"`);
	const extracted = m.extracted;
	if (typeof extracted !== 'string' || !isIsoDate(extracted))
		bad('extracted', extracted, 'the extract date as YYYY-MM-DD');
	const codes = m.la_codes;
	if (
		!Array.isArray(codes) ||
		codes.length === 0 ||
		!codes.every((c) => typeof c === 'string' && isGssCode(c))
	) {
		bad('la_codes', codes, 'a list of GSS codes (a capital letter and 8 digits)');
	}
	if (m.synthetic !== undefined && typeof m.synthetic !== 'boolean')
		bad('synthetic', m.synthetic, 'true or false');
	const from = m.complete_from;
	if (
		from !== undefined &&
		(typeof from !== 'string' ||
			!isIsoDate(from) ||
			(typeof extracted === 'string' && from > extracted))
	)
		bad('complete_from', from, 'a date as YYYY-MM-DD, not after the extract date');
	// Demonstration data is served with public passwords, so "synthetic" is believed only of
	// fictional authorities: their codes start with X, which no real authority's does.
	const real = Array.isArray(codes) ? codes.filter((c) => !/^X/.test(String(c))) : [];
	if (m.synthetic === true && real.length)
		bad(
			'synthetic',
			true,
			`false: only the demonstration data, whose authorities all have codes starting X, is synthetic, and this extract names ${real.slice(0, 3).join(', ')}${real.length > 3 ? ` and ${real.length - 3} more` : ''}`
		);
	const reform = m.reform === undefined ? undefined : simulatedReform(m.reform, codes, bad);
	if (reform && m.synthetic !== true)
		bad('reform', 'a simulated rollout', 'no reform section: it describes synthetic data only');
	if (problems.size > 0) return null;
	return {
		contract: CONTRACT_ID,
		extracted: extracted as string,
		la_codes: codes as string[],
		synthetic: m.synthetic === true,
		...(from === undefined ? {} : { complete_from: from as string }),
		...(reform ? { reform } : {})
	};
}

/** The manifest's simulated rollout, checked: go-lives of its own authorities, numeric effects. */
function simulatedReform(
	value: unknown,
	codes: unknown,
	bad: (column: string, value: unknown, expected: string) => void
): Manifest['reform'] | undefined {
	const r = value as { go_live?: unknown; effects?: unknown } | null;
	const isRecord = (x: unknown): x is Record<string, unknown> =>
		typeof x === 'object' && x !== null && !Array.isArray(x);
	const known = new Set(Array.isArray(codes) ? codes : []);
	if (!isRecord(r) || !isRecord(r.go_live) || !isRecord(r.effects)) {
		bad('reform', value, '{ "go_live": { CODE: date, … }, "effects": { measure: number, … } }');
		return undefined;
	}
	// A submission of some of a generated extract's authorities keeps its manifest's rollout:
	// only the go-lives of the authorities it covers are taken.
	const goLive: Record<string, string> = {};
	for (const [code, date] of Object.entries(r.go_live)) {
		if (typeof date !== 'string' || !isIsoDate(date))
			bad(`reform.go_live.${code}`, date, 'a date as YYYY-MM-DD');
		else if (known.has(code)) goLive[code] = date;
	}
	for (const [id, points] of Object.entries(r.effects))
		if (!findMetric(id)) bad(`reform.effects.${id}`, id, 'the id of a measure');
		else if (typeof points !== 'number' || !Number.isFinite(points))
			bad(`reform.effects.${id}`, points, 'a number (the effect in the measure’s units)');
	return { go_live: goLive, effects: r.effects as Record<string, number> };
}

/**
 * Each table's file, in the contract's order; missing required tables are problems. Tables read
 * from census returns (`converted`) are files like any other, and the folder must not also
 * carry them.
 */
export function findExtractFiles(
	dir: string,
	problems: ProblemList,
	converted: ConvertedTable[] = []
): ExtractFile[] {
	const files: ExtractFile[] = [];
	for (const t of tables) {
		const csv = path.join(dir, `${t.name}.csv`);
		const parquet = path.join(dir, `${t.name}.parquet`);
		const hasCsv = fs.existsSync(csv);
		const hasParquet = fs.existsSync(parquet);
		const fromReturns = converted.find((c) => c.name === t.name);
		if (fromReturns) {
			if (hasCsv || hasParquet)
				problems.add(
					fileProblem(
						`${t.name}.${hasCsv ? 'csv' : 'parquet'}`,
						`${t.name} either from the census returns or from this file, not both`
					)
				);
			else
				files.push({
					table: t,
					file: fromReturns.file,
					path: fromReturns.path,
					format: 'csv',
					columns: []
				});
			continue;
		}
		if (hasCsv && hasParquet) {
			problems.add(
				fileProblem(`${t.name}.parquet`, `either ${t.name}.csv or ${t.name}.parquet, not both`)
			);
			continue;
		}
		if (!hasCsv && !hasParquet) {
			if (t.required)
				problems.add(
					fileProblem(`${t.name}.csv`, `the required table ${t.name} (as .csv or .parquet)`)
				);
			continue;
		}
		const format = hasCsv ? 'csv' : 'parquet';
		files.push({
			table: t,
			file: `${t.name}.${format}`,
			path: hasCsv ? csv : parquet,
			format,
			columns: []
		});
	}
	return files;
}

/** Checks a file's header against its table's columns, and keeps it as the file's columns. */
export function checkHeader(f: ExtractFile, header: string[], problems: ProblemList): void {
	const expected = f.table.columns.map((c) => c.name);
	const line = f.format === 'csv' ? 1 : null;
	const problem = (column: string, value: string | null, what: string) =>
		problems.add({ file: f.file, line, column, value, expected: what });
	const seen = new Set<string>();
	header.forEach((name, i) => {
		if (seen.has(name)) problem(name, name, `each column once (column ${i + 1} repeats it)`);
		seen.add(name);
		const allowedName = f.table.kind === 'reference' && referenceTableNameColumns.has(name);
		if (!allowedName && looksLikeIdentifierColumn(name)) {
			problem(
				name,
				name,
				'no column that could hold a direct identifier (names, dates of birth, addresses, NHS numbers, UPNs, contact details or free text)'
			);
		} else if (!expected.includes(name)) {
			problem(name, name, `only the columns of ${f.table.name}: ${expected.join(', ')}`);
		}
	});
	for (const name of expected) {
		if (!seen.has(name)) problem(name, null, `the column ${name} in ${f.table.name}`);
	}
	f.columns = header;
}

/** Reads and checks the header of every Parquet file. */
export async function checkParquetHeaders(
	c: DuckDBConnection,
	files: ExtractFile[],
	problems: ProblemList
): Promise<void> {
	for (const f of files) {
		if (f.format !== 'parquet') continue;
		try {
			const described = await rowsOf(
				c,
				`SELECT column_name FROM (DESCRIBE SELECT * FROM read_parquet($path))`,
				{ path: f.path }
			);
			checkHeader(
				f,
				described.map((r) => String(r.column_name)),
				problems
			);
		} catch (e) {
			problems.add(unreadable(f, 'a readable Parquet file', e));
		}
	}
}

/**
 * Largest files first, so that two lanes loading them finish at about the same time rather
 * than one of them loading a big table last on its own.
 */
export function largestFirst(files: ExtractFile[]): ExtractFile[] {
	const size = new Map(files.map((f) => [f, fs.statSync(f.path).size]));
	return [...files].sort((a, b) => size.get(b)! - size.get(a)!);
}

/**
 * Scans each CSV's structure and header, one after another in the given order, in the
 * background. Returns, for every file, a promise that settles once its scan is done (at once
 * for Parquet), and one for the whole chain.
 */
export function scanInBackground(
	files: ExtractFile[],
	problems: ProblemList,
	progress: (step: string) => void
): { scanned: Map<ExtractFile, Promise<void>>; all: Promise<void> } {
	const scanned = new Map<ExtractFile, Promise<void>>();
	let chain = Promise.resolve();
	for (const f of files) {
		if (f.format === 'csv') {
			chain = chain.then(async () => {
				progress(`checking ${f.file}`);
				const scan = await scanCsv(f.path, f.file, problems);
				if (scan) {
					f.scan = scan;
					checkHeader(f, scan.header, problems);
				}
			});
		}
		scanned.set(f, chain);
	}
	// A failed read surfaces through whoever awaits that file; this keeps the rest of the chain,
	// which may then go unawaited, from being an unhandled rejection.
	chain.catch(() => undefined);
	return { scanned, all: chain };
}

/** A file DuckDB could not read, with the first line of its reason. */
export function unreadable(f: ExtractFile, what: string, e: unknown): ExtractProblem {
	return fileProblem(f.file, `${what} (${(e as Error).message.split('\n')[0]})`);
}

/** Problems ordered by the contract's order of files, then by line (manifest first). */
export function inFileOrder(items: ExtractProblem[], files: ExtractFile[]): ExtractProblem[] {
	const rank = (file: string) => files.findIndex((f) => f.file === file);
	return [...items].sort((a, b) => rank(a.file) - rank(b.file) || (a.line ?? 0) - (b.line ?? 0));
}
