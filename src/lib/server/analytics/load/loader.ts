// Loads an extract folder into a NEW analytics database and swaps it in atomically. Nothing
// touches the database being served until the new file is complete, checked and flushed to
// disk; then a rename replaces it, which readers see on their next unit of work. A failed or
// interrupted load leaves the served file byte for byte as it was.
//
// Order of work: manifest → structural scan of every CSV with its header (running ahead in the
// background, largest file first) → per table, in two lanes, largest first: stage as text in a
// temporary table (while that file's scan may still run); once the scan is done, the table's
// own contract checks in SQL (types, codes, ranges, keys, order within a row, anonymisation),
// typed table → checkpoint → checks between tables on the typed tables → calendar, meta,
// metric store → verify → rename.
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import {
	CONTRACT_ID,
	isGssCode,
	looksLikeIdentifierColumn,
	referenceTableNameColumns,
	tables,
	type TableDef
} from '$lib/contract';
import { addYears } from '$lib/stats/dates';
import { referenceChecks, sqlType, tableChecks, typedExpression, q, type Check } from './checks';
import { readCsvHeader, scanCsv, type CsvScan } from './csv-scan';
import { ExtractError, ProblemList, PROBLEMS_PER_FILE, type ExtractProblem } from './errors';
import { buildMetricStore } from '../metrics/store';

export interface LoadOptions {
	/** The extract folder. */
	dir: string;
	/** The analytics database to replace. */
	dbPath: string;
	/** Reference tables used when the extract carries none (data/reference). */
	referenceDir: string;
	/** Key for HMAC-SHA-256 pseudonymisation of child_id and worker_id. */
	pseudonymiseKey?: Buffer;
	onProgress?: (step: string) => void;
	/**
	 * Builds derived tables in the new database before it is sealed; by default the metric
	 * engine's pre-aggregated store.
	 */
	buildDerived?: (connection: DuckDBConnection) => Promise<void>;
}

export interface LoadSummary {
	dataVersion: string;
	synthetic: boolean;
	extracted: string;
	authorities: number;
	period: { from: string | null; to: string | null };
	rows: Record<string, number>;
	seconds: number;
	pseudonymised: boolean;
}

interface Manifest {
	contract: string;
	extracted: string;
	la_codes: string[];
	synthetic: boolean;
}

interface Source {
	table: TableDef;
	file: string;
	path: string;
	format: 'csv' | 'parquet';
	scan?: CsvScan;
	columns: string[];
}

const PSEUDONYMISED_COLUMNS = new Set(['child_id', 'worker_id']);

function readManifest(dir: string, problems: ProblemList): Manifest | null {
	const file = 'manifest.json';
	const p = path.join(dir, file);
	if (!fs.existsSync(p)) {
		problems.add({
			file,
			line: null,
			column: null,
			value: null,
			expected: 'a manifest.json in the extract folder'
		});
		return null;
	}
	let m: Record<string, unknown>;
	try {
		m = JSON.parse(fs.readFileSync(p, 'utf8'));
	} catch (e) {
		problems.add({
			file,
			line: null,
			column: null,
			value: null,
			expected: `valid JSON (${(e as Error).message})`
		});
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
	if (
		typeof extracted !== 'string' ||
		!/^\d{4}-\d{2}-\d{2}$/.test(extracted) ||
		Number.isNaN(Date.parse(extracted))
	) {
		bad('extracted', extracted, 'the extract date as YYYY-MM-DD');
	}
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
	// Demonstration data is served with public passwords, so "synthetic" is believed only of
	// fictional authorities: their codes start with X, which no real authority's does.
	const real = Array.isArray(codes) ? codes.filter((c) => !/^X/.test(String(c))) : [];
	if (m.synthetic === true && real.length)
		bad(
			'synthetic',
			true,
			`false: only the demonstration data, whose authorities all have codes starting X, is synthetic, and this extract names ${real.slice(0, 3).join(', ')}${real.length > 3 ? ` and ${real.length - 3} more` : ''}`
		);
	if (problems.size > 0) return null;
	return {
		contract: CONTRACT_ID,
		extracted: extracted as string,
		la_codes: codes as string[],
		synthetic: m.synthetic === true
	};
}

function findSources(dir: string, problems: ProblemList): Source[] {
	const sources: Source[] = [];
	for (const t of tables) {
		const csv = path.join(dir, `${t.name}.csv`);
		const parquet = path.join(dir, `${t.name}.parquet`);
		const hasCsv = fs.existsSync(csv);
		const hasParquet = fs.existsSync(parquet);
		if (hasCsv && hasParquet) {
			problems.add({
				file: `${t.name}.parquet`,
				line: null,
				column: null,
				value: null,
				expected: `either ${t.name}.csv or ${t.name}.parquet, not both`
			});
			continue;
		}
		if (!hasCsv && !hasParquet) {
			if (t.required)
				problems.add({
					file: `${t.name}.csv`,
					line: null,
					column: null,
					value: null,
					expected: `the required table ${t.name} (as .csv or .parquet)`
				});
			continue;
		}
		const format = hasCsv ? 'csv' : 'parquet';
		sources.push({
			table: t,
			file: `${t.name}.${format}`,
			path: hasCsv ? csv : parquet,
			format,
			columns: []
		});
	}
	return sources;
}

function checkHeader(s: Source, header: string[], problems: ProblemList): void {
	const expected = s.table.columns.map((c) => c.name);
	const seen = new Set<string>();
	header.forEach((name, i) => {
		const line = s.format === 'csv' ? 1 : null;
		if (seen.has(name)) {
			problems.add({
				file: s.file,
				line,
				column: name,
				value: name,
				expected: `each column once (column ${i + 1} repeats it)`
			});
		}
		seen.add(name);
		const allowedName = s.table.kind === 'reference' && referenceTableNameColumns.has(name);
		if (!allowedName && looksLikeIdentifierColumn(name)) {
			problems.add({
				file: s.file,
				line,
				column: name,
				value: name,
				expected:
					'no column that could hold a direct identifier (names, dates of birth, addresses, NHS numbers, UPNs, contact details or free text)'
			});
		} else if (!expected.includes(name)) {
			problems.add({
				file: s.file,
				line,
				column: name,
				value: name,
				expected: `only the columns of ${s.table.name}: ${expected.join(', ')}`
			});
		}
	});
	for (const name of expected) {
		if (!seen.has(name)) {
			problems.add({
				file: s.file,
				line: s.format === 'csv' ? 1 : null,
				column: name,
				value: null,
				expected: `the column ${name} in ${s.table.name}`
			});
		}
	}
	s.columns = header;
}

async function rows(c: DuckDBConnection, sql: string, params?: Record<string, string>) {
	const reader = await c.runAndReadAll(sql, params);
	return reader.getRowObjectsJS();
}

function removeQuietly(p: string): void {
	fs.rmSync(p, { force: true, recursive: true });
	fs.rmSync(`${p}.wal`, { force: true });
}

/** Removes scratch files left by a load that was killed part-way. */
export function cleanLeftovers(dbPath: string): string[] {
	const dir = path.dirname(dbPath);
	if (!fs.existsSync(dir)) return [];
	const base = path.basename(dbPath);
	const removed: string[] = [];
	for (const f of fs.readdirSync(dir)) {
		const m = f.match(
			new RegExp(`^${base.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\.(loading|stage)-(\\d+)`)
		);
		if (!m) continue;
		const pid = Number(m[2]);
		let alive = false;
		try {
			process.kill(pid, 0);
			alive = pid !== process.pid;
		} catch {
			alive = false;
		}
		if (!alive) {
			fs.rmSync(path.join(dir, f), { force: true, recursive: true });
			removed.push(f);
		}
	}
	return removed;
}

function acquireLock(dbPath: string): () => void {
	const lock = `${dbPath}.lock`;
	for (let attempt = 0; attempt < 2; attempt++) {
		try {
			const fd = fs.openSync(lock, 'wx');
			fs.writeSync(fd, String(process.pid));
			fs.closeSync(fd);
			return () => fs.rmSync(lock, { force: true });
		} catch (e) {
			if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
			const holder = Number(fs.readFileSync(lock, 'utf8'));
			let alive = false;
			try {
				process.kill(holder, 0);
				alive = true;
			} catch {
				alive = false;
			}
			if (alive && holder !== process.pid)
				throw new Error(`another load (process ${holder}) is running for ${path.basename(dbPath)}`);
			fs.rmSync(lock, { force: true });
		}
	}
	throw new Error('could not take the load lock');
}

export async function loadExtract(opts: LoadOptions): Promise<LoadSummary> {
	const started = performance.now();
	const progress = opts.onProgress ?? (() => {});
	fs.mkdirSync(path.dirname(opts.dbPath), { recursive: true });
	const release = acquireLock(opts.dbPath);
	const tmp = `${opts.dbPath}.loading-${process.pid}`;
	const stagePath = `${opts.dbPath}.stage-${process.pid}`;
	try {
		cleanLeftovers(opts.dbPath);
		removeQuietly(tmp);
		removeQuietly(stagePath);

		// 1. Manifest and files.
		const problems = new ProblemList();
		if (!fs.existsSync(opts.dir) || !fs.statSync(opts.dir).isDirectory()) {
			throw new ExtractError([
				{ file: opts.dir, line: null, column: null, value: null, expected: 'an extract folder' }
			]);
		}
		const manifest = readManifest(opts.dir, problems);
		const sources = findSources(opts.dir, problems);
		if (!manifest) throw new ExtractError(problems.items);

		// One DuckDB instance on the new file. Each table's text is staged in a temporary table
		// (memory, spilling to the scratch folder if it must), checked, typed into the file and
		// dropped, so at most one table's text per lane is held at a time.
		const db = await DuckDBInstance.create(tmp, {
			threads: '2',
			preserve_insertion_order: 'true',
			temp_directory: stagePath
		});
		const c = await db.connect();
		// FSST string compression is left out (for every connection: the setting is global): it
		// took about a third of the time spent writing the tables (docs/performance.md).
		await c.run(`SET disabled_compression_methods = 'fsst'`);
		// Memory freed between steps is kept for the next rather than handed back to the system
		// and faulted in again: that churn was about a sixth of the load's CPU time (system time
		// 51 -> 36 s on the national dataset). It is given back when the load closes the database.
		const keep = `${Math.max(256, Math.min(4096, Math.floor(os.totalmem() / 4 / 2 ** 20)))}MiB`;
		await c.run(`SET block_allocator_memory = '${keep}'`);
		await c.run(`SET allocator_flush_threshold = '${keep}'`);
		const laneConnections: DuckDBConnection[] = [];
		let summary: LoadSummary;
		try {
			// 2. Headers of Parquet files; then the structure and header of each CSV, scanned one
			// after another in the background while the tables already scanned are loaded.
			// `problems` holds what is wrong with the files themselves; if anything is, only that
			// is reported, as the contents cannot be trusted to have been read as meant.
			for (const s of sources) {
				if (s.format !== 'parquet') continue;
				try {
					const described = await rows(
						c,
						`SELECT column_name FROM (DESCRIBE SELECT * FROM read_parquet($path))`,
						{ path: s.path }
					);
					checkHeader(
						s,
						described.map((r) => String(r.column_name)),
						problems
					);
				} catch (e) {
					problems.add(unreadable(s, 'a readable Parquet file', e));
				}
			}
			// Largest files first, so that the two lanes below finish at about the same time rather
			// than one of them loading a big table last on its own; scanned in the same order.
			const size = new Map(sources.map((s) => [s, fs.statSync(s.path).size]));
			const bySize = [...sources].sort((a, b) => size.get(b)! - size.get(a)!);
			const scanned = new Map<Source, Promise<void>>();
			let scanning = Promise.resolve();
			for (const s of bySize) {
				if (s.format === 'csv') {
					scanning = scanning.then(async () => {
						progress(`checking ${s.file}`);
						const scan = await scanCsv(s.path, s.file, problems);
						if (scan) {
							s.scan = scan;
							checkHeader(s, scan.header, problems);
						}
					});
				}
				scanned.set(s, scanning);
			}
			// A failed read surfaces through the lane awaiting that table; this keeps the rest of
			// the chain, which may then go unawaited, from being an unhandled rejection.
			scanning.catch(() => undefined);

			// 3. Each table: staged as text in file order (rowid + 1 = record number), checked on
			// its own, then typed. Insertion order is preserved, so the typed table's rowid is the
			// record number too, which the checks between tables report. Two lanes (connections)
			// take tables in turn, so that one keeps both cores busy while the other is in a step
			// DuckDB runs on one thread; pseudonymising needs one shared id table, so one lane.
			const found = new ProblemList();
			const counts: Record<string, number> = {};
			const queue = [...bySize];
			const lane = async () => {
				const lc = await db.connect();
				laneConnections.push(lc);
				await lc.run('CREATE TEMP TABLE manifest_la (code VARCHAR)');
				for (const code of manifest.la_codes)
					await lc.run('INSERT INTO manifest_la VALUES ($code)', { code });
				if (opts.pseudonymiseKey)
					await lc.run(
						'CREATE TEMP TABLE pseudonym (original VARCHAR PRIMARY KEY, pseudonym VARCHAR)'
					);
				for (let s = queue.shift(); s; s = queue.shift()) {
					if (problems.size > 0) continue;
					const n = await loadTable(lc, s, {
						manifest,
						found,
						problems,
						scanned: scanned.get(s)!,
						pseudonymiseKey: opts.pseudonymiseKey,
						progress
					});
					if (n !== null) counts[s.table.name] = n;
				}
			};
			// Settled, not raced: a lane that fails must not leave the other mid-query at close.
			const settled = await Promise.allSettled(
				Array.from({ length: opts.pseudonymiseKey ? 1 : 2 }, () => lane())
			);
			const failed = settled.find((r) => r.status === 'rejected');
			if (failed) throw failed.reason;
			await scanning;
			if (problems.size > 0) throw new ExtractError(inSourceOrder(problems.items, sources));
			if (found.size > 0) throw new ExtractError(inSourceOrder(found.items, sources));
			// The (only) lane of a pseudonymised load keeps the pseudonyms, for reporting below.
			const pseudonyms = opts.pseudonymiseKey ? laneConnections[0] : undefined;

			// 4. Checks between tables, on the typed tables. Checkpointed first: the tables are then
			// compressed in the file, and the joins here and the metric store read them faster
			// than they cost to write (measured: about 7 s saved on the national dataset).
			progress('writing the tables');
			await c.run('CHECKPOINT');
			const present = new Set(sources.map((s) => s.table.name));
			const keyOf = (name: string) => tables.find((t) => t.name === name)!.key[0]!;
			for (const s of sources) {
				const checks = referenceChecks(s.table, (name) => `main.${q(name)}`, present, keyOf);
				if (checks.length === 0) continue;
				progress(`cross-checking ${s.file}`);
				await runChecks(c, checks, s, manifest, found, pseudonyms);
			}
			if (found.size > 0) throw new ExtractError(inSourceOrder(found.items, sources));
			for (const lc of laneConnections.splice(0)) lc.closeSync();

			// 5. Reference tables the extract did not carry: the shipped ones.
			progress('building the database');
			for (const t of tables) {
				if (t.kind !== 'reference' || present.has(t.name)) continue;
				const shipped = path.join(opts.referenceDir, `${t.name}.csv`);
				const cols = t.columns.map((col) => `${q(col.name)}: 'VARCHAR'`).join(', ');
				await c.run(
					`CREATE TABLE main.${q(t.name)} AS SELECT ${t.columns.map((col) => typedExpression(col, 's')).join(', ')} FROM read_csv($path, header = true, auto_detect = false, columns = {${cols}}) s`,
					{ path: shipped }
				);
				const [r] = await rows(c, `SELECT count(*) AS n FROM main.${q(t.name)}`);
				counts[t.name] = Number(r!.n);
			}

			// 6. Calendar, meta and derived tables.
			await buildCalendar(c, manifest.extracted);
			const [period] = await rows(
				c,
				`SELECT strftime(min(referral_date), '%Y-%m-%d') AS first, strftime(max(referral_date), '%Y-%m-%d') AS last FROM referrals`
			);
			const dataVersion = `${new Date().toISOString().replace(/[-:]/g, '').slice(0, 15)}Z-${crypto.randomBytes(4).toString('hex')}`;
			// Tables in the contract's order, as the manifest of the database lists them.
			const rowCounts = Object.fromEntries(
				tables.filter((t) => t.name in counts).map((t) => [t.name, counts[t.name]!])
			);
			summary = {
				dataVersion,
				synthetic: manifest.synthetic,
				extracted: manifest.extracted,
				authorities: manifest.la_codes.length,
				period: { from: (period?.first as string) ?? null, to: (period?.last as string) ?? null },
				rows: rowCounts,
				seconds: 0,
				pseudonymised: Boolean(opts.pseudonymiseKey)
			};
			await c.run('CREATE TABLE meta (key VARCHAR PRIMARY KEY, value VARCHAR)');
			const meta: Record<string, string> = {
				data_version: dataVersion,
				contract: CONTRACT_ID,
				synthetic: String(manifest.synthetic),
				extracted: manifest.extracted,
				loaded_at: new Date().toISOString(),
				la_codes: JSON.stringify(manifest.la_codes),
				period_from: summary.period.from ?? '',
				period_to: summary.period.to ?? '',
				row_counts: JSON.stringify(rowCounts),
				tables: JSON.stringify(Object.keys(rowCounts)),
				pseudonymised: String(summary.pseudonymised)
			};
			for (const [key, value] of Object.entries(meta))
				await c.run('INSERT INTO meta VALUES ($key, $value)', { key, value });
			// Derived tables are built after meta, so their SQL can read the extraction date.
			progress('building the metric store');
			await (opts.buildDerived ?? buildMetricStore)(c);
			await c.run('CHECKPOINT');
		} finally {
			for (const lc of laneConnections) lc.closeSync();
			c.closeSync();
			db.closeSync();
		}

		// 7. Verify the sealed file by reading it back, then swap it in.
		progress('verifying');
		await verify(tmp, summary);
		const fd = fs.openSync(tmp, 'r');
		fs.fsyncSync(fd);
		fs.closeSync(fd);
		fs.rmSync(`${tmp}.wal`, { force: true });
		fs.renameSync(tmp, opts.dbPath);
		try {
			const dirFd = fs.openSync(path.dirname(opts.dbPath), 'r');
			fs.fsyncSync(dirFd);
			fs.closeSync(dirFd);
		} catch {
			// Some file systems do not allow fsync on a directory; the rename is still atomic.
		}
		summary.seconds = (performance.now() - started) / 1000;
		return summary;
	} finally {
		removeQuietly(tmp);
		removeQuietly(stagePath);
		release();
	}
}

/**
 * Stages one table as text, checks it on its own and, when nothing at all has been found wrong
 * so far, builds its typed table. Returns the typed table's row count, or null if not built.
 *
 * A CSV is staged from its header line while its structural scan may still be running in the
 * background; the checks wait for the scan, which maps records to physical lines, and nothing
 * is checked or built if the scan (of this or any file) found a problem.
 */
async function loadTable(
	c: DuckDBConnection,
	s: Source,
	job: {
		manifest: Manifest;
		found: ProblemList;
		/** Problems with the files themselves, from the structural scans. */
		problems: ProblemList;
		/** Settles when this file's structural scan has finished. */
		scanned: Promise<void>;
		pseudonymiseKey: Buffer | undefined;
		progress: (step: string) => void;
	}
): Promise<number | null> {
	const { found, problems, progress } = job;
	progress(`reading ${s.file}`);
	const name = q(`stage_${s.table.name}`);
	const staged = `temp.${name}`;
	const header = s.format === 'csv' ? readCsvHeader(s.path) : s.columns;
	let failure = await stage(c, s, name, header);
	try {
		await job.scanned;
		if (problems.size > 0) return null;
		// The scan's header is the one checked; staged again in the rare case that it differs.
		if (header.join('\n') !== s.columns.join('\n')) {
			if (!failure) await c.run(`DROP TABLE ${staged}`);
			failure = await stage(c, s, name, s.columns);
		}
		if (failure) {
			found.add(unreadable(s, 'a readable file', failure.error));
			return null;
		}
		progress(`validating ${s.file}`);
		await runChecks(c, tableChecks(s.table, staged), s, job.manifest, found);
		// Once anything is wrong nothing more is built; the remaining tables are still checked.
		if (found.size > 0) return null;
		if (job.pseudonymiseKey) await addPseudonyms(c, s, staged, job.pseudonymiseKey);
		return await buildTyped(c, s.table, staged, Boolean(job.pseudonymiseKey));
	} finally {
		if (!failure) await c.run(`DROP TABLE ${staged}`);
	}
}

/** Stages the table's text in a temporary table, in file order; the error if it cannot. */
async function stage(
	c: DuckDBConnection,
	s: Source,
	name: string,
	columns: string[]
): Promise<{ error: unknown } | null> {
	const cols = columns.map((col) => `${q(col)}: 'VARCHAR'`).join(', ');
	const select = s.table.columns.map((col) => q(col.name)).join(', ');
	const from =
		s.format === 'csv'
			? `read_csv($path, header = true, auto_detect = false, delim = ',', quote = '"', escape = '"', columns = {${cols}}, strict_mode = true, null_padding = false, encoding = 'utf-8')`
			: `(SELECT ${s.table.columns.map((col) => `CAST(${q(col.name)} AS VARCHAR) AS ${q(col.name)}`).join(', ')} FROM read_parquet($path))`;
	try {
		await c.run(`CREATE TEMP TABLE ${name} AS SELECT ${select} FROM ${from}`, { path: s.path });
		return null;
	} catch (error) {
		return { error };
	}
}

/** Problems ordered by the contract's order of files, then by line (manifest first). */
function inSourceOrder(items: ExtractProblem[], sources: Source[]): ExtractProblem[] {
	const rank = (file: string) => sources.findIndex((s) => s.file === file);
	return [...items].sort((a, b) => rank(a.file) - rank(b.file) || (a.line ?? 0) - (b.line ?? 0));
}

/** A file DuckDB could not read, with the first line of its reason. */
function unreadable(s: Source, what: string, e: unknown) {
	return {
		file: s.file,
		line: null,
		column: null,
		value: null,
		expected: `${what} (${(e as Error).message.split('\n')[0]})`
	};
}

async function runChecks(
	c: DuckDBConnection,
	checks: Check[],
	s: Source,
	m: Manifest,
	problems: ProblemList,
	/** Set when ids were pseudonymised: reported ids are turned back into the extract's own. */
	pseudonyms?: DuckDBConnection
): Promise<void> {
	const report = async (record: number, check: Check, raw: unknown, expected: string) => {
		let value = raw === null || raw === undefined ? '' : String(raw);
		if (pseudonyms && PSEUDONYMISED_COLUMNS.has(check.column) && value) {
			const [o] = await rows(
				pseudonyms,
				'SELECT original FROM temp.pseudonym WHERE pseudonym = $value',
				{ value }
			);
			if (o) value = String(o.original);
		}
		problems.add({
			file: s.file,
			line: s.scan ? s.scan.lineOf(record) : record,
			column: check.column,
			value,
			expected
		});
	};
	const paramsFor = (sql: string) =>
		sql.includes('$extracted') ? { extracted: m.extracted } : undefined;

	// One query per check: measured faster than one pass testing every condition with OR.
	for (const check of checks) {
		if (problems.full(s.file)) return;
		const sql = `${check.sql} ORDER BY record LIMIT ${PROBLEMS_PER_FILE}`;
		for (const r of await rows(c, sql, paramsFor(sql))) {
			const expected =
				check.alsoExpected !== undefined && Number(r.which) === 1
					? check.alsoExpected
					: check.expected;
			await report(Number(r.record), check, r.value, expected);
		}
	}
	// Keep the reported problems in file order.
	problems.items.sort((a, b) => (a.file === b.file ? (a.line ?? 0) - (b.line ?? 0) : 0));
}

/**
 * Adds the HMAC-SHA-256 of every child and worker id of a staged table not seen before,
 * computed once each in Node's crypto, so one id has one pseudonym across all tables.
 */
async function addPseudonyms(
	c: DuckDBConnection,
	s: Source,
	staged: string,
	key: Buffer
): Promise<void> {
	const parts = s.table.columns
		.filter((col) => PSEUDONYMISED_COLUMNS.has(col.name))
		.map((col) => `SELECT NULLIF(${q(col.name)}, '') AS id FROM ${staged}`)
		.join(' UNION ');
	if (!parts) return;
	const ids = await rows(
		c,
		`SELECT DISTINCT id FROM (${parts}) WHERE id IS NOT NULL AND id NOT IN (SELECT original FROM temp.pseudonym)`
	);
	const appender = await c.createAppender('pseudonym', 'main', 'temp');
	for (const r of ids) {
		const id = String(r.id);
		appender.appendVarchar(id);
		appender.appendVarchar(crypto.createHmac('sha256', key).update(id).digest('hex'));
		appender.endRow();
	}
	appender.closeSync();
}

/** The typed table from a staged one, in the same order; returns its row count. */
async function buildTyped(
	c: DuckDBConnection,
	t: TableDef,
	staged: string,
	pseudonymised: boolean
): Promise<number> {
	const select = t.columns
		.map((col) =>
			pseudonymised && PSEUDONYMISED_COLUMNS.has(col.name)
				? `(SELECT p.pseudonym FROM temp.pseudonym p WHERE p.original = NULLIF(s.${q(col.name)}, '')) AS ${q(col.name)}`
				: typedExpression(col, 's')
		)
		.join(', ');
	// A table's own id, when it is the whole key, is different on every row: dictionary
	// compression never pays for it, yet DuckDB would try it on every block.
	const columns = t.columns
		.map((col) => {
			const ownId = t.key.length === 1 && t.key[0] === col.name && col.type.kind === 'id';
			return `${q(col.name)} ${sqlType(col)}${ownId ? ' USING COMPRESSION uncompressed' : ''}`;
		})
		.join(', ');
	await c.run(`CREATE TABLE main.${q(t.name)} (${columns})`);
	// A plain projection keeps insertion order; the lookups of pseudonyms are joins, which may
	// not, so that case is put back in order explicitly.
	await c.run(
		`INSERT INTO main.${q(t.name)} SELECT ${select} FROM ${staged} s${pseudonymised ? ' ORDER BY s.rowid' : ''}`
	);
	const [r] = await rows(c, `SELECT count(*) AS n FROM main.${q(t.name)}`);
	return Number(r!.n);
}

/** The working-day calendar as a table, for SQL that counts working days (see stats/working-days). */
async function buildCalendar(c: DuckDBConnection, extracted: string): Promise<void> {
	const to = addYears(extracted, 3);
	await c.run(
		`CREATE TABLE calendar AS
		 WITH days AS (SELECT CAST(d AS DATE) AS date FROM generate_series(DATE '1995-01-01', $to::DATE, INTERVAL 1 DAY) g(d))
		 SELECT date,
		        isodow(date) < 6 AND date NOT IN (SELECT date FROM bank_holidays) AS working,
		        CAST(sum(CASE WHEN isodow(date) < 6 AND date NOT IN (SELECT date FROM bank_holidays) THEN 1 ELSE 0 END) OVER (ORDER BY date) AS INTEGER) AS wd_index
		 FROM days ORDER BY date`,
		{ to }
	);
}

async function verify(file: string, summary: LoadSummary): Promise<void> {
	const db = await DuckDBInstance.create(file, { access_mode: 'READ_ONLY' });
	const c = await db.connect();
	try {
		for (const [t, n] of Object.entries(summary.rows)) {
			const [r] = await rows(c, `SELECT count(*) AS n FROM ${q(t)}`);
			if (Number(r!.n) !== n)
				throw new Error(`verification failed: ${t} has ${r!.n} rows, expected ${n}`);
		}
		const [v] = await rows(c, `SELECT value FROM meta WHERE key = 'data_version'`);
		if (v?.value !== summary.dataVersion) throw new Error('verification failed: meta.data_version');
	} finally {
		c.closeSync();
		db.closeSync();
	}
}
