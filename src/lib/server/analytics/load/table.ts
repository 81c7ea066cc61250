// One table's way into the database: staged as text in file order, checked on its own
// (checks.ts), pseudonymised if asked, then typed into the new database in the same order.
import type { DuckDBConnection } from '@duckdb/node-api';
import type { ColumnDef, TableDef } from '$lib/contract';
import { tableChecks } from './checks';
import { readCsvHeader } from './csv/record';
import { ProblemList } from './errors';
import { unreadable, type ExtractFile } from './extract';
import { addPseudonyms, isPseudonymised, pseudonymExpression } from './pseudonymise';
import { runChecks } from './run-checks';
import { literal, q, rowsOf } from './sql';

export interface TableJob {
	extracted: string;
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
 * Stages one table as text, checks it on its own and, when nothing at all has been found wrong
 * so far, builds its typed table. Returns the typed table's row count, or null if not built.
 *
 * A CSV is staged from its header line while its structural scan may still be running in the
 * background; the checks wait for the scan, which maps records to physical lines, and nothing
 * is checked or built if the scan (of this or any file) found a problem.
 */
export async function loadTable(
	c: DuckDBConnection,
	f: ExtractFile,
	job: TableJob
): Promise<number | null> {
	const { contentProblems, fileProblems, progress } = job;
	progress(`reading ${f.file}`);
	const stagedName = `stage_${f.table.name}`;
	const name = q(stagedName);
	const staged = `temp.${name}`;
	const header = f.format === 'csv' ? readCsvHeader(f.path) : f.columns;
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
		const quick = new ProblemList();
		await runChecks(c, tableChecks(f.table, staged, 'quick'), f, job.extracted, quick);
		if (quick.size > 0 || contentProblems.size > 0) await report();
		if (contentProblems.size > 0) return null;
		if (job.pseudonymiseKey) await addPseudonyms(c, f.table, staged, job.pseudonymiseKey);
		try {
			return await buildTyped(c, f.table, stagedName, Boolean(job.pseudonymiseKey));
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

/** Stages the table's text in a temporary table, in file order; the error if it cannot. */
async function stage(
	c: DuckDBConnection,
	f: ExtractFile,
	name: string,
	columns: string[]
): Promise<{ error: unknown } | null> {
	const cols = columns.map((col) => `${q(col)}: 'VARCHAR'`).join(', ');
	const select = f.table.columns.map((col) => q(col.name)).join(', ');
	const from =
		f.format === 'csv'
			? `read_csv($path, header = true, auto_detect = false, delim = ',', quote = '"', escape = '"', columns = {${cols}}, strict_mode = true, null_padding = false, encoding = 'utf-8')`
			: `(SELECT ${f.table.columns.map((col) => `CAST(${q(col.name)} AS VARCHAR) AS ${q(col.name)}`).join(', ')} FROM read_parquet($path))`;
	try {
		await c.run(`CREATE TEMP TABLE ${name} AS SELECT ${select} FROM ${from}`, { path: f.path });
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
	pseudonymised: boolean
): Promise<number> {
	const staged = `temp.${q(stagedName)}`;
	const select = t.columns
		.map((col) =>
			pseudonymised && isPseudonymised(col)
				? pseudonymExpression(col, 's')
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
	// not, so that case is put back in order explicitly. So is a table staged in part-filled row
	// groups: the typed table would inherit them, and the first checkpoint would then rewrite it
	// to merge them, which cost more than putting the rows in order here (docs/performance.md).
	const ordered = pseudonymised || (await partFilled(c, stagedName));
	await c.run(
		`INSERT INTO main.${q(t.name)} SELECT ${select} FROM ${staged} s${ordered ? ' ORDER BY s.rowid' : ''}`
	);
	return countRows(c, t.name);
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

/** The SQL type of a column in the typed table (that of typedExpression). */
export function sqlType(c: ColumnDef): string {
	switch (c.type.kind) {
		case 'date':
		case 'month':
			return 'DATE';
		case 'boolean':
			return 'BOOLEAN';
		case 'integer':
			return 'INTEGER';
		case 'decimal':
			return 'DOUBLE';
		case 'codes':
			return 'VARCHAR[]';
		default:
			return 'VARCHAR';
	}
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
