// One table's way into the database. A table is first typed straight from its file and held
// to the contract there (typed.ts): what a good extract costs. If that fails, finds anything,
// or the extract is to be pseudonymised, the table is staged as text in file order, checked on
// its own (checks.ts), which says exactly what is wrong, pseudonymised if asked, then typed
// into the new database in the same order.
import type { DuckDBConnection } from '@duckdb/node-api';
import type { ColumnDef, TableDef } from '$lib/contract';
import { isAuthorityColumn } from './authority-type';
import { tableChecks } from './checks';
import { readCsvHeader } from './csv/record';
import { ProblemList } from './errors';
import { unreadable, type ExtractFile } from './extract';
import { addPseudonyms, isPseudonymised, pseudonymExpression } from './pseudonymise';
import { extractedParam, runChecks } from './run-checks';
import { literal, q, rowsOf } from './sql';
import { sqlType, strictTypedExpression, typedFaultsSql } from './typed';

export interface TableJob {
	extracted: string;
	/** The SQL type of a case table's la_code (authority-type.ts). */
	authorityType: string;
	/** Problems with the tables' contents. */
	contentProblems: ProblemList;
	/** Problems with the files themselves, from the structural scans. */
	fileProblems: ProblemList;
	/** Settles when this file's structural scan has finished. */
	scanned: Promise<void>;
	pseudonymiseKey: Buffer | undefined;
	progress: (step: string) => void;
}

/**
 * Loads one table: typed straight from its file when it can be, else staged as text. Returns
 * the typed table's row count, or null if it was not built (something is wrong with it or
 * with another table).
 *
 * A CSV is read from its header line while its structural scan may still be running in the
 * background; the checks wait for the scan, which maps records to physical lines, and nothing
 * is checked or built if the scan (of this or any file) found a problem.
 */
export async function loadTable(
	c: DuckDBConnection,
	f: ExtractFile,
	job: TableJob
): Promise<number | null> {
	job.progress(`reading ${f.file}`);
	const header = f.format === 'csv' ? readCsvHeader(f.path) : f.columns;
	// Pseudonyms are made from the staged text; once anything is wrong, only reports are made.
	const direct = !job.pseudonymiseKey && job.contentProblems.size === 0;
	if (direct) {
		const typed = await typeDirectly(c, f, header, job);
		if (typed !== STAGE_INSTEAD) return typed;
	}
	return loadStaged(c, f, header, job, direct);
}

/** What typeDirectly gives when the table must be staged as text instead. */
const STAGE_INSTEAD = Symbol('stage instead');

/**
 * Types the table straight from its file, strictly (typed.ts), and checks it there. Returns its
 * row count when it holds to the contract, null when a file has problems (nothing is built),
 * or STAGE_INSTEAD, having dropped it, when staging must say what is wrong: the typing failed,
 * a check found something, another table has a problem, or the header read is not the one the
 * scan checked.
 */
async function typeDirectly(
	c: DuckDBConnection,
	f: ExtractFile,
	header: string[],
	job: TableJob
): Promise<number | null | typeof STAGE_INSTEAD> {
	const typed = `main.${q(f.table.name)}`;
	await createTypedTable(c, f.table, job.authorityType);
	const select = f.table.columns.map((col) => strictTypedExpression(col, 's')).join(', ');
	let read = true;
	try {
		await c.run(`INSERT INTO ${typed} SELECT ${select} FROM ${source(f, header)} s`, {
			path: f.path
		});
	} catch {
		// A value not of its form, or a file DuckDB cannot read: staging says which.
		read = false;
	}
	await job.scanned;
	const sameHeader = header.join('\n') === f.columns.join('\n');
	if (read && sameHeader && job.fileProblems.size === 0 && job.contentProblems.size === 0) {
		job.progress(`validating ${f.file}`);
		const sql = typedFaultsSql(f.table, typed);
		const [r] = await rowsOf(c, sql, extractedParam(sql, job.extracted));
		if (r!.faults === false) return countRows(c, f.table.name);
	}
	await c.run(`DROP TABLE ${typed}`);
	return job.fileProblems.size > 0 ? null : STAGE_INSTEAD;
}

/**
 * Stages the table as text, checks it on its own and, when nothing at all has been found wrong
 * so far, builds its typed table. Returns the typed table's row count, or null if not built.
 * `suspect`: typing the table directly failed or found something.
 */
async function loadStaged(
	c: DuckDBConnection,
	f: ExtractFile,
	header: string[],
	job: TableJob,
	suspect: boolean
): Promise<number | null> {
	const { contentProblems, fileProblems, progress } = job;
	const stagedName = `stage_${f.table.name}`;
	const name = q(stagedName);
	const staged = `temp.${name}`;
	let failure = await stage(c, f, name, header);
	try {
		await job.scanned;
		if (fileProblems.size > 0) return null;
		// The scan's header is the one checked; staged again in the rare case that it differs.
		if (header.join('\n') !== f.columns.join('\n')) {
			if (!failure) await c.run(`DROP TABLE ${staged}`);
			failure = await stage(c, f, name, f.columns);
		}
		if (failure) {
			contentProblems.add(unreadable(f, 'a readable file', failure.error));
			return null;
		}
		progress(`validating ${f.file}`);
		/** Every problem of this table, exactly: what the load reports. */
		const report = () =>
			runChecks(c, tableChecks(f.table, staged, 'thorough'), f, job.extracted, contentProblems);
		// Once anything is wrong nothing more is built; the remaining tables are still checked.
		if (contentProblems.size > 0) {
			await report();
			return null;
		}
		// What the quick checks find is only a sign: the thorough ones say exactly what is wrong
		// (a repeated hash of a key may, very rarely, be two different keys: then nothing is).
		// Staged because typing it directly found something, it is checked thoroughly at once.
		const quick = new ProblemList();
		if (!suspect)
			await runChecks(c, tableChecks(f.table, staged, 'quick'), f, job.extracted, quick);
		if (suspect || quick.size > 0 || contentProblems.size > 0) await report();
		if (contentProblems.size > 0) return null;
		if (job.pseudonymiseKey) await addPseudonyms(c, f.table, staged, job.pseudonymiseKey);
		try {
			return await buildTyped(c, f.table, stagedName, {
				pseudonymised: Boolean(job.pseudonymiseKey),
				authorityType: job.authorityType
			});
		} catch (e) {
			// A value the quick checks let through and the strict cast refused (a day that does not
			// exist): the thorough checks name it. Anything else is not the extract's fault.
			const before = contentProblems.size;
			await report();
			if (contentProblems.size === before) throw e;
			return null;
		}
	} finally {
		if (!failure) await c.run(`DROP TABLE ${staged}`);
	}
}

/**
 * The bytes of a CSV that DuckDB reads as one batch. A batch of fewer rows than a row group
 * (as one of this size is, at 17 bytes a row or more) is merged with its neighbours as it is
 * written, into full row groups; DuckDB's default batches were larger, each leaving a
 * part-filled row group that the first checkpoint then merged, rewriting most of the table
 * (docs/performance.md).
 */
const CSV_BATCH_BYTES = 2 * 2 ** 20;

/**
 * The table's columns as text, in file order, from its file (`$path`); `columns` are the CSV's
 * as its header names them.
 */
function source(f: ExtractFile, columns: string[]): string {
	const select = f.table.columns.map((col) => q(col.name)).join(', ');
	if (f.format === 'parquet')
		return `(SELECT ${f.table.columns.map((col) => `CAST(${q(col.name)} AS VARCHAR) AS ${q(col.name)}`).join(', ')} FROM read_parquet($path))`;
	const cols = columns.map((col) => `${q(col)}: 'VARCHAR'`).join(', ');
	return `(SELECT ${select} FROM read_csv($path, header = true, auto_detect = false, delim = ',', quote = '"', escape = '"', columns = {${cols}}, strict_mode = true, null_padding = false, encoding = 'utf-8', buffer_size = ${CSV_BATCH_BYTES}))`;
}

/** Stages the table's text in a temporary table, in file order; the error if it cannot. */
async function stage(
	c: DuckDBConnection,
	f: ExtractFile,
	name: string,
	columns: string[]
): Promise<{ error: unknown } | null> {
	try {
		await c.run(`CREATE TEMP TABLE ${name} AS SELECT * FROM ${source(f, columns)}`, {
			path: f.path
		});
		return null;
	} catch (error) {
		return { error };
	}
}

/** The typed table from a staged one (a temporary table), in the same order; returns its row count. */
async function buildTyped(
	c: DuckDBConnection,
	t: TableDef,
	stagedName: string,
	{ pseudonymised, authorityType }: { pseudonymised: boolean; authorityType: string }
): Promise<number> {
	const staged = `temp.${q(stagedName)}`;
	const select = t.columns
		.map((col) =>
			pseudonymised && isPseudonymised(col)
				? pseudonymExpression(col, 's')
				: typedExpression(col, 's')
		)
		.join(', ');
	await createTypedTable(c, t, authorityType);
	// A plain projection keeps insertion order; the lookups of pseudonyms are joins, which may
	// not, so that case is put back in order explicitly. So is a table staged in part-filled row
	// groups: the typed table would inherit them, and the first checkpoint would then rewrite it
	// to merge them, which cost more than putting the rows in order here (docs/performance.md).
	const ordered = pseudonymised || (await partFilled(c, stagedName));
	await c.run(
		`INSERT INTO main.${q(t.name)} SELECT ${select} FROM ${staged} s${ordered ? ' ORDER BY s.rowid' : ''}`
	);
	return countRows(c, t.name);
}

/** The typed table, empty; a case table's la_code of type `authorityType`. */
async function createTypedTable(
	c: DuckDBConnection,
	t: TableDef,
	authorityType: string
): Promise<void> {
	// A table's own id, when it is the whole key, is different on every row: dictionary
	// compression never pays for it, yet DuckDB would try it on every block.
	const columns = t.columns
		.map((col) => {
			const ownId = t.key.length === 1 && t.key[0] === col.name && col.type.kind === 'id';
			const type = isAuthorityColumn(t, col) ? authorityType : sqlType(col);
			return `${q(col.name)} ${type}${ownId ? ' USING COMPRESSION uncompressed' : ''}`;
		})
		.join(', ');
	await c.run(`CREATE TABLE main.${q(t.name)} (${columns})`);
}

/** DuckDB's rows per row group (its default, which the loader keeps). */
const ROW_GROUP_SIZE = 122_880;

/**
 * Whether a staged table holds its rows in more row groups than they need, with one to spare
 * (the reader's batches end part-way through a row group; an ordered insert fills them).
 */
async function partFilled(c: DuckDBConnection, stagedName: string): Promise<boolean> {
	const [r] = await rowsOf(
		c,
		`SELECT (SELECT count(DISTINCT row_group_id) FROM pragma_storage_info(${literal(`temp.${stagedName}`)})) AS groups,
			(SELECT count(*) FROM temp.${q(stagedName)}) AS n`
	);
	return Number(r!.groups) > Math.ceil(Number(r!.n) / ROW_GROUP_SIZE) + 1;
}

export async function countRows(c: DuckDBConnection, table: string): Promise<number> {
	const [r] = await rowsOf(c, `SELECT count(*) AS n FROM main.${q(table)}`);
	return Number(r!.n);
}

/** SQL expression turning a staged text column into its typed value. */
export function typedExpression(c: ColumnDef, alias: string): string {
	const x = `NULLIF(${alias}.${q(c.name)}, '')`;
	switch (c.type.kind) {
		case 'date':
		case 'boolean':
		case 'integer':
		case 'decimal':
			return `CAST(${x} AS ${sqlType(c)}) AS ${q(c.name)}`;
		case 'month':
			return `CAST(${x} || '-01' AS DATE) AS ${q(c.name)}`;
		case 'codes':
			return `CASE WHEN ${x} IS NULL THEN []::VARCHAR[] ELSE string_split(${x}, ';') END AS ${q(c.name)}`;
		default:
			return `${x} AS ${q(c.name)}`;
	}
}
