// The record of submissions: for each authority, every submission loaded (when, by whom, as at
// which day, covering which referrals, which tables and rows, the checksum of what was sent),
// which one is in service, and which earlier ones are kept so they can be put back. Kept in the
// analytics database itself, so the record always describes the data beside it; the kept rows
// of replaced submissions are Parquet files in a folder beside the database.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { DuckDBConnection } from '@duckdb/node-api';
import { q, rowsOf } from './sql';

export const SUBMISSIONS = 'submissions';

export interface Submission {
	submissionId: string;
	laCode: string;
	extracted: string;
	periodFrom: string | null;
	periodTo: string | null;
	/** Rows by table. */
	tables: Record<string, number>;
	checksum: string;
	loadedBy: string;
	loadedAt: string;
	/** When another submission took its place; null while in service. */
	replacedAt: string | null;
	/** Its rows are kept beside the database, so it can be put back. */
	kept: boolean;
	/** What DfE's validation would query but accept: listed, never refused. */
	queries: DataQuery[];
}

export interface DataQuery {
	/** The CIN census validation rule it matches. */
	rule: string;
	count: number;
	text: string;
}

export async function createSubmissionsTable(c: DuckDBConnection): Promise<void> {
	await c.run(`CREATE TABLE IF NOT EXISTS main.${SUBMISSIONS} (
		submission_id VARCHAR PRIMARY KEY, la_code VARCHAR NOT NULL, extracted VARCHAR NOT NULL,
		period_from VARCHAR, period_to VARCHAR, tables VARCHAR NOT NULL, checksum VARCHAR NOT NULL,
		loaded_by VARCHAR NOT NULL, loaded_at VARCHAR NOT NULL, replaced_at VARCHAR,
		kept BOOLEAN NOT NULL, queries VARCHAR NOT NULL DEFAULT '[]')`);
}

export async function readSubmissions(
	c: DuckDBConnection,
	from = `main.${SUBMISSIONS}`
): Promise<Submission[]> {
	const rows = await rowsOf(c, `SELECT * FROM ${from} ORDER BY la_code, loaded_at, submission_id`);
	return rows.map((r) => ({
		submissionId: String(r.submission_id),
		laCode: String(r.la_code),
		extracted: String(r.extracted),
		periodFrom: (r.period_from as string | null) ?? null,
		periodTo: (r.period_to as string | null) ?? null,
		tables: JSON.parse(String(r.tables)),
		checksum: String(r.checksum),
		loadedBy: String(r.loaded_by),
		loadedAt: String(r.loaded_at),
		replacedAt: (r.replaced_at as string | null) ?? null,
		kept: Boolean(r.kept),
		queries: JSON.parse(String(r.queries ?? '[]'))
	}));
}

export async function insertSubmission(c: DuckDBConnection, s: Submission): Promise<void> {
	await c.run(
		`INSERT INTO main.${SUBMISSIONS} VALUES ($id, $la, $extracted, $from, $to, $tables, $checksum, $by, $at, $replaced, $kept, $queries)`,
		{
			id: s.submissionId,
			la: s.laCode,
			extracted: s.extracted,
			from: s.periodFrom,
			to: s.periodTo,
			tables: JSON.stringify(s.tables),
			checksum: s.checksum,
			by: s.loadedBy,
			at: s.loadedAt,
			replaced: s.replacedAt,
			kept: s.kept,
			queries: JSON.stringify(s.queries)
		}
	);
}

/** The new submission of each authority in the database (its tables' rows, its referrals). */
export async function describeAuthorities(
	c: DuckDBConnection,
	las: string[],
	caseTables: string[],
	common: Pick<Submission, 'extracted' | 'checksum' | 'loadedBy' | 'loadedAt'> & {
		load: string;
		/** The first day the data is complete from, when later than an authority's first referral. */
		completeFrom: string | null;
	}
): Promise<Submission[]> {
	// One pass per table for every authority: counting each authority's rows one by one cost a
	// scan of each table per authority.
	const wanted = new Set(las);
	const tables = new Map(las.map((la) => [la, {} as Record<string, number>]));
	for (const t of caseTables)
		for (const r of await rowsOf(
			c,
			`SELECT la_code, count(*) AS n FROM main.${q(t)} GROUP BY la_code ORDER BY la_code`
		))
			if (wanted.has(String(r.la_code))) tables.get(String(r.la_code))![t] = Number(r.n);
	const queries = await dataQueries(c, wanted, common.extracted, new Set(caseTables));
	const periods = new Map(
		(
			await rowsOf(
				c,
				`SELECT la_code, strftime(min(referral_date), '%Y-%m-%d') AS first, strftime(max(referral_date), '%Y-%m-%d') AS last FROM main.referrals GROUP BY la_code`
			)
		).map((r) => [String(r.la_code), r])
	);
	return las.map((la) => {
		const p = periods.get(la);
		return {
			submissionId: `${common.load}-${la}`,
			laCode: la,
			extracted: common.extracted,
			periodFrom: laterOf((p?.first as string | null) ?? null, common.completeFrom),
			periodTo: (p?.last as string | null) ?? null,
			tables: tables.get(la)!,
			checksum: common.checksum,
			loadedBy: common.loadedBy,
			loadedAt: common.loadedAt,
			replacedAt: null,
			kept: false,
			queries: queries.get(la) ?? []
		};
	});
}

/**
 * The CIN census validation queries that say something about timeliness: work still open long
 * after its timescale on the extract date. DfE accepts a return with them, so they are listed
 * with the submission, not refused; each authority's count by rule.
 */
async function dataQueries(
	c: DuckDBConnection,
	las: Set<string>,
	extracted: string,
	present: Set<string>
): Promise<Map<string, DataQuery[]>> {
	const out = new Map<string, DataQuery[]>();
	const add = (la: string, q: DataQuery) => {
		if (las.has(la) && q.count > 0) out.set(la, [...(out.get(la) ?? []), q]);
	};
	const day = `(SELECT wd_index FROM main.calendar WHERE date = CAST($extracted AS DATE))`;
	if (present.has('assessments'))
		for (const r of await rowsOf(
			c,
			`SELECT a.la_code, count(*) AS n FROM main.assessments a JOIN main.calendar cs ON cs.date = a.start_date
			WHERE a.authorised_date IS NULL AND ${day} - cs.wd_index > 45 GROUP BY a.la_code`,
			{ extracted }
		))
			add(String(r.la_code), {
				rule: '8670Q',
				count: Number(r.n),
				text: 'assessments still open more than 45 working days after they started'
			});
	if (present.has('s47_enquiries') && present.has('conferences'))
		for (const r of await rowsOf(
			c,
			`SELECT s.la_code, count(*) AS n FROM main.s47_enquiries s JOIN main.calendar cs ON cs.date = s.start_date
			WHERE s.outcome IS NULL AND s.end_date IS NULL AND ${day} - cs.wd_index > 15
				AND NOT EXISTS (SELECT 1 FROM main.conferences c WHERE c.la_code = s.la_code AND c.s47_id = s.s47_id)
			GROUP BY s.la_code`,
			{ extracted }
		))
			add(String(r.la_code), {
				rule: '8675Q',
				count: Number(r.n),
				text: 'section 47 enquiries more than 15 working days old with no initial conference and no outcome'
			});
	return out;
}

/**
 * SHA-256 over the submission's files in name order, each as its name and its own SHA-256: what
 * was sent, so that the same files are known to be the same submission. A file's digest is
 * taken from `known` (the structural scan takes it as it reads each CSV, so the bytes are not
 * read twice) or else read here.
 */
export function checksumOf(dir: string, known: ReadonlyMap<string, string> = new Map()): string {
	const hash = crypto.createHash('sha256');
	for (const name of fs.readdirSync(dir).sort()) {
		const p = path.join(dir, name);
		if (!fs.statSync(p).isFile()) continue;
		hash.update(`${name}\n${known.get(name) ?? sha256OfFile(p)}\n`);
	}
	return hash.digest('hex');
}

/** A file's SHA-256, hex, read a block at a time: a file of any size takes no more memory. */
function sha256OfFile(file: string): string {
	const hash = crypto.createHash('sha256');
	const block = Buffer.allocUnsafe(1 << 20);
	const fd = fs.openSync(file, 'r');
	try {
		for (let n = fs.readSync(fd, block); n > 0; n = fs.readSync(fd, block))
			hash.update(block.subarray(0, n));
	} finally {
		fs.closeSync(fd);
	}
	return hash.digest('hex');
}

/** The folder beside the database that keeps replaced submissions' rows. */
export const archiveDir = (dbPath: string) => `${dbPath}.submissions`;
export const archiveOf = (dbPath: string, submissionId: string) =>
	path.join(archiveDir(dbPath), submissionId);

/**
 * Which kept submissions are no longer to be kept: beyond the `keep` most recently replaced of
 * each authority.
 */
export function beyondRetention(all: Submission[], keep: number): Submission[] {
	const byLa = new Map<string, Submission[]>();
	for (const s of all)
		if (s.kept && s.replacedAt) byLa.set(s.laCode, [...(byLa.get(s.laCode) ?? []), s]);
	const drop: Submission[] = [];
	for (const list of byLa.values()) {
		list.sort((a, b) => b.replacedAt!.localeCompare(a.replacedAt!));
		drop.push(...list.slice(keep));
	}
	return drop;
}

const laterOf = (a: string | null, b: string | null) => (a && b && b > a ? b : a);
