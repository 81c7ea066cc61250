// One authority's submission (or a partnership's, or any set of authorities) taken into the
// database in service without touching any other authority's data, and an authority's previous
// submission put back. Either way a copy of the served file is changed and swapped in whole, so
// readers see the old data or the new, never a mix, and a failure changes nothing:
//   1. the submission is loaded on its own, with every check, into a scratch database, and its
//      part of the metric store made there (stage.ts), while the served file is copied;
//   2. in the copy, the covered authorities' current rows are kept beside it (so they can be
//      put back), then replaced by the submission's rows and figures, and the roll-ups made;
//   3. the record of submissions and the meta table are brought up to date;
//   4. the copy is verified, flushed and renamed over the served file.
// A first load, or one asked to replace everything, is a full load (loader.ts) that also
// starts or carries on the record.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { tables as contractTables } from '$lib/contract';
import { buildMetricStore, mergeStore } from '../store/store';
import { manifestFromReturns, readCensusReturns } from './census/convert';
import { ExtractError, fileProblem, ProblemList } from './errors';
import { admitAuthorities } from './authority-type';
import { readManifest } from './extract';
import {
	archiveOf,
	beyondRetention,
	createSubmissionsTable,
	describeAuthorities,
	insertSubmission,
	readSubmissions,
	SUBMISSIONS,
	type Submission
} from './history';
import { loadExtract, type LoadOptions, type LoadSummary } from './loader';
import { buildCalendar, newDataVersion } from './seal';
import { literal, q, rowsOf } from './sql';
import { alongsideCopy, readMeta, servedFacts, stageArchive, stageFigures } from './stage';
import { acquireLock, cleanLeftovers, removeQuietly, scratchPaths, swapIn, verify } from './swap';

export interface SubmissionOptions extends LoadOptions {
	/** Start from empty, as a full load, instead of replacing only the covered authorities. */
	replaceAll?: boolean;
	/** Who is loading, for the record. */
	loadedBy: string;
	/** Replaced submissions kept per authority, to be put back. */
	keep: number;
	/** Hears how long each step of rebuilding the store took (for the benchmark). */
	onStoreStep?: (step: string, seconds: number) => void;
}

export interface SubmissionSummary extends LoadSummary {
	/** The authorities whose data this load replaced (all, for a full load). */
	covered: string[];
	mode: 'full' | 'authorities' | 'restore';
}

const CASE_TABLES = contractTables.filter((t) => t.kind === 'case').map((t) => t.name);

/** Loads a submission: a full load the first time or when asked, else only its authorities. */
export async function loadSubmission(opts: SubmissionOptions): Promise<SubmissionSummary> {
	const started = performance.now();
	if (opts.replaceAll || !fs.existsSync(opts.dbPath)) return fullLoad(opts);
	// A submission covering every authority in service replaces everything: a full load.
	const served = { ...(await servedFacts(opts.dbPath)), path: opts.dbPath };
	const covers = new Set(await coveredBy(opts.dir, opts.referenceDir));
	if (served.authorities.every((la) => covers.has(la))) return fullLoad(opts);
	const { staging, building } = scratchPaths(opts.dbPath);
	const release = acquireLock(opts.dbPath);
	try {
		cleanLeftovers(opts.dbPath);
		for (const p of [staging, building]) removeQuietly(p);
		// 1. The submission alone, checked as any extract is, and its figures.
		const staged = await alongsideCopy(opts.dbPath, building, async () => {
			const loaded = await loadExtract({ ...opts, dbPath: staging, buildDerived: async () => {} });
			opts.onProgress?.('making their figures');
			await stageFigures(staging, served, opts.onStoreStep);
			return loaded;
		});
		const summary = await replaceAuthorities(opts, {
			covered: await stagedAuthorities(staging),
			extracted: staged.extracted,
			completeFrom: staged.period.from,
			staging,
			restoring: null,
			record: { checksum: staged.checksum ?? '', loadedBy: opts.loadedBy },
			synthetic: staged.synthetic,
			pseudonymised: staged.pseudonymised
		});
		return { ...summary, seconds: (performance.now() - started) / 1000 };
	} finally {
		for (const p of [staging, building]) removeQuietly(p);
		release();
	}
}

/**
 * Puts back an authority's previous submission, the latest replaced one still kept; the one in
 * service is kept in its place, so putting back can itself be undone.
 */
export async function restoreSubmission(opts: {
	dbPath: string;
	la: string;
	loadedBy: string;
	keep: number;
}): Promise<SubmissionSummary & { restored: Submission }> {
	const release = acquireLock(opts.dbPath);
	const { staging, building } = scratchPaths(opts.dbPath);
	try {
		cleanLeftovers(opts.dbPath);
		for (const p of [staging, building]) removeQuietly(p);
		const history = await readServedHistory(opts.dbPath);
		const previous = history
			.filter((s) => s.laCode === opts.la && s.kept && s.replacedAt)
			.sort((a, b) => b.replacedAt!.localeCompare(a.replacedAt!))[0];
		if (!previous)
			throw new ExtractError([
				fileProblem(
					opts.dbPath,
					`a kept earlier submission of ${opts.la} to put back (npm run submissions -- list --la ${opts.la})`
				)
			]);
		const served = { ...(await servedFacts(opts.dbPath)), path: opts.dbPath };
		await alongsideCopy(opts.dbPath, building, async () => {
			await stageArchive(staging, archiveOf(opts.dbPath, previous.submissionId), {
				la: opts.la,
				extracted: previous.extracted,
				periodFrom: previous.periodFrom
			});
			await stageFigures(staging, served);
		});
		const summary = await replaceAuthorities(opts, {
			covered: [opts.la],
			extracted: previous.extracted,
			completeFrom: previous.periodFrom,
			staging,
			restoring: previous,
			record: null,
			synthetic: null,
			pseudonymised: null
		});
		return { ...summary, mode: 'restore', restored: previous };
	} finally {
		for (const p of [staging, building]) removeQuietly(p);
		release();
	}
}

/** A full load, which also records a submission for each authority it holds. */
async function fullLoad(opts: SubmissionOptions): Promise<SubmissionSummary> {
	const served = fs.existsSync(opts.dbPath) ? opts.dbPath : null;
	const summary = await loadExtract({
		...opts,
		buildDerived: async (c, { checksum }) => {
			await (opts.buildDerived ? opts.buildDerived(c, { checksum }) : buildMetricStore(c));
			await createSubmissionsTable(c);
			const loadedAt = new Date().toISOString();
			if (served) await carryHistory(c, served, loadedAt);
			const meta = await readMeta(c);
			for (const s of await describeAuthorities(c, JSON.parse(meta.la_codes!), CASE_TABLES, {
				load: meta.data_version!,
				extracted: meta.extracted!,
				completeFrom: meta.period_from || null,
				checksum,
				loadedBy: opts.loadedBy,
				loadedAt
			}))
				await insertSubmission(c, s);
		}
	});
	return { ...summary, covered: [], mode: 'full' };
}

/** The record of the database being replaced, every submission in it now replaced. */
async function carryHistory(c: DuckDBConnection, served: string, at: string): Promise<void> {
	await c.run(`ATTACH ${literal(served)} AS served (READ_ONLY)`);
	try {
		const [r] = await rowsOf(
			c,
			`SELECT count(*) AS n FROM duckdb_tables() WHERE database_name = 'served' AND table_name = '${SUBMISSIONS}'`
		);
		if (Number(r!.n) > 0)
			await c.run(
				`INSERT INTO main.${SUBMISSIONS} SELECT * REPLACE (coalesce(replaced_at, $at) AS replaced_at) FROM served.main.${SUBMISSIONS}`,
				{ at }
			);
	} finally {
		await c.run('DETACH served');
	}
}

/**
 * Steps 2 to 4, in the served file's copy: the covered authorities' rows kept, their rows and
 * figures replaced by those staged, the roll-ups made again, the record and meta brought up to
 * date, and the copy swapped in.
 */
async function replaceAuthorities(
	opts: Pick<SubmissionOptions, 'dbPath' | 'loadedBy' | 'keep' | 'onProgress' | 'onStoreStep'>,
	job: {
		covered: string[];
		extracted: string;
		/** The first day the submission is complete from (its meta's period_from). */
		completeFrom: string | null;
		/** The scratch database holding their rows and figures (stage.ts). */
		staging: string;
		/** The kept submission being put back, if it is one. */
		restoring: Submission | null;
		/** The new submission's record; null when putting back a kept one. */
		record: { checksum: string; loadedBy: string } | null;
		/** What the submission says of itself (null when putting back). */
		synthetic: boolean | null;
		pseudonymised: boolean | null;
	}
): Promise<SubmissionSummary> {
	const started = performance.now();
	const progress = opts.onProgress ?? (() => {});
	const { building } = scratchPaths(opts.dbPath);
	const written: string[] = [];
	let dropped: Submission[] = [];
	let summary: SubmissionSummary;
	try {
		const db = await DuckDBInstance.create(building, {
			threads: '2',
			// One checkpoint at the end, not one each time the log grows past DuckDB's default.
			checkpoint_threshold: '16GB'
		});
		const c = await db.connect();
		try {
			const meta = await readMeta(c);
			if (job.synthetic !== null && String(job.synthetic) !== meta.synthetic)
				throw new ExtractError([
					fileProblem(
						'manifest.json',
						`data of the same kind as the database in service (${meta.synthetic === 'true' ? 'synthetic' : 'real'}), or npm run load -- DIR --replace-all`
					)
				]);
			await c.run(`ATTACH ${literal(job.staging)} AS sub (READ_ONLY)`);
			await createSubmissionsTable(c);
			const now = new Date().toISOString();
			await recordUnrecorded(c, meta);

			// 2. The covered authorities' current rows kept, then replaced.
			progress('keeping the rows replaced');
			const history = await readSubmissions(c);
			for (const la of job.covered) {
				const current = history.find((s) => s.laCode === la && !s.replacedAt);
				if (!current) continue;
				const dir = archiveOf(opts.dbPath, current.submissionId);
				if (!fs.existsSync(dir)) {
					await keepRows(c, la, dir);
					written.push(dir);
				}
				await c.run(
					`UPDATE main.${SUBMISSIONS} SET replaced_at = $now, kept = true WHERE submission_id = $id`,
					{ now, id: current.submissionId }
				);
			}
			progress('replacing the rows');
			await replaceRows(c, job.covered);
			const extracted = await latestExtracted(c, job);
			if (extracted > meta.extracted!) {
				await c.run('DROP TABLE main.calendar');
				await buildCalendar(c, extracted);
			}
			progress('replacing their figures and the roll-ups');
			await mergeStore(c, job.covered, 'sub', opts.onStoreStep);

			// 3. The record and the meta table.
			const version = newDataVersion();
			if (job.record) {
				for (const s of await describeAuthorities(c, job.covered, CASE_TABLES, {
					load: version,
					extracted: job.extracted,
					completeFrom: job.completeFrom,
					checksum: job.record.checksum,
					loadedBy: job.record.loadedBy,
					loadedAt: now
				}))
					await insertSubmission(c, s);
			} else if (job.restoring) {
				await c.run(`UPDATE main.${SUBMISSIONS} SET replaced_at = NULL WHERE submission_id = $id`, {
					id: job.restoring.submissionId
				});
			}
			dropped = beyondRetention(await readSubmissions(c), opts.keep);
			for (const s of dropped)
				await c.run(`UPDATE main.${SUBMISSIONS} SET kept = false WHERE submission_id = $id`, {
					id: s.submissionId
				});
			progress('writing the record');
			summary = {
				...(await rewriteMeta(c, meta, version, job.pseudonymised)),
				covered: job.covered,
				mode: 'authorities'
			};
			await c.run('DETACH sub');
			progress('writing the database');
			await c.run('CHECKPOINT');
		} finally {
			c.closeSync();
			db.closeSync();
		}

		// 4. Verified, flushed and swapped in; only then are dropped copies removed.
		progress('verifying');
		await verify(building, summary.rows, summary.dataVersion);
		swapIn(building, opts.dbPath);
		for (const s of dropped)
			fs.rmSync(archiveOf(opts.dbPath, s.submissionId), { recursive: true, force: true });
		summary.seconds = (performance.now() - started) / 1000;
		return summary;
	} catch (e) {
		for (const dir of written) fs.rmSync(dir, { recursive: true, force: true });
		throw e;
	}
}

/** An authority's rows of every case table, as Parquet files in `dir`. */
async function keepRows(c: DuckDBConnection, la: string, dir: string): Promise<void> {
	fs.mkdirSync(dir, { recursive: true });
	for (const t of await caseTablesIn(c, 'main')) {
		await c.run(
			`COPY (SELECT * FROM main.${q(t)} WHERE la_code = ${literal(la)}) TO ${literal(path.join(dir, `${t}.parquet`))} (FORMAT parquet)`
		);
	}
}

/**
 * Deletes the covered authorities' rows of every case table and inserts those staged. Their
 * la_code is taken by its text into the served tables' type (authority-type.ts), which is first
 * made to admit them.
 */
async function replaceRows(c: DuckDBConnection, covered: string[]): Promise<void> {
	const served = await caseTablesIn(c, 'main');
	const laType = await admitAuthorities(c, served, covered);
	// Constants of the column's own type, so that DuckDB skips other authorities' row groups.
	const list = covered.map((la) => `CAST(${literal(la)} AS ${laType})`).join(', ');
	for (const t of served) await c.run(`DELETE FROM main.${q(t)} WHERE la_code IN (${list})`);
	const present = new Set(served);
	for (const t of await caseTablesIn(c, 'sub')) {
		const rows = `SELECT * REPLACE (CAST(CAST(la_code AS VARCHAR) AS ${laType}) AS la_code) FROM sub.main.${q(t)}`;
		if (present.has(t)) await c.run(`INSERT INTO main.${q(t)} ${rows}`);
		else await c.run(`CREATE TABLE main.${q(t)} AS ${rows}`);
	}
}

async function caseTablesIn(c: DuckDBConnection, database: 'main' | 'sub'): Promise<string[]> {
	const db = database === 'main' ? 'current_database()' : "'sub'";
	const rows = await rowsOf(
		c,
		`SELECT table_name FROM duckdb_tables() WHERE database_name = ${db} AND schema_name = 'main'`
	);
	const names = new Set(rows.map((r) => String(r.table_name)));
	return CASE_TABLES.filter((t) => names.has(t));
}

/** The authorities a staged submission covers. */
async function stagedAuthorities(staging: string): Promise<string[]> {
	const db = await DuckDBInstance.create(staging, { access_mode: 'READ_ONLY' });
	const c = await db.connect();
	try {
		return JSON.parse((await readMeta(c)).la_codes!);
	} finally {
		c.closeSync();
		db.closeSync();
	}
}

/** The authorities a submission folder says it covers (nothing, if it cannot say). */
async function coveredBy(dir: string, referenceDir: string): Promise<string[]> {
	const problems = new ProblemList();
	const returns = await readCensusReturns(dir, problems);
	const manifest = readManifest(dir, problems, () => manifestFromReturns(returns, referenceDir));
	return manifest?.la_codes ?? [];
}

async function readServedHistory(dbPath: string): Promise<Submission[]> {
	const db = await DuckDBInstance.create(dbPath, { access_mode: 'READ_ONLY' });
	const c = await db.connect();
	try {
		const [r] = await rowsOf(
			c,
			`SELECT count(*) AS n FROM duckdb_tables() WHERE table_name = '${SUBMISSIONS}'`
		);
		return Number(r!.n) > 0 ? await readSubmissions(c) : [];
	} finally {
		c.closeSync();
		db.closeSync();
	}
}

/**
 * Authorities in a database loaded before submissions were recorded get a record of the data
 * they have, so that it too can be kept and put back.
 */
async function recordUnrecorded(c: DuckDBConnection, meta: Record<string, string>): Promise<void> {
	const history = await readSubmissions(c);
	const recorded = new Set(history.filter((s) => !s.replacedAt).map((s) => s.laCode));
	const missing = (JSON.parse(meta.la_codes || '[]') as string[]).filter((la) => !recorded.has(la));
	for (const s of await describeAuthorities(c, missing, await caseTablesIn(c, 'main'), {
		load: meta.data_version!,
		extracted: meta.extracted!,
		completeFrom: meta.period_from || null,
		checksum: '',
		loadedBy: 'not recorded',
		loadedAt: meta.loaded_at || new Date().toISOString()
	}))
		await insertSubmission(c, s);
}

/** The latest extraction date of the authorities' submissions in service. */
async function latestExtracted(c: DuckDBConnection, job: { extracted: string }): Promise<string> {
	const [r] = await rowsOf(
		c,
		`SELECT max(extracted) AS e FROM main.${SUBMISSIONS} WHERE replaced_at IS NULL`
	);
	const e = (r?.e as string | null) ?? job.extracted;
	return e > job.extracted ? e : job.extracted;
}

/** The meta table for the data as it now is; returns the summary. */
async function rewriteMeta(
	c: DuckDBConnection,
	before: Record<string, string>,
	version: string,
	pseudonymised: boolean | null
): Promise<LoadSummary> {
	const counts: Record<string, number> = {};
	for (const t of contractTables) {
		const [r] = await rowsOf(
			c,
			`SELECT count(*) AS n FROM duckdb_tables() WHERE database_name = current_database() AND schema_name = 'main' AND table_name = '${t.name}'`
		);
		if (Number(r!.n) === 0) continue;
		const [n] = await rowsOf(c, `SELECT count(*) AS n FROM main.${q(t.name)}`);
		counts[t.name] = Number(n!.n);
	}
	const [p] = await rowsOf(
		c,
		`SELECT strftime(max(referral_date), '%Y-%m-%d') AS last FROM main.referrals`
	);
	const inService = (await readSubmissions(c)).filter((s) => !s.replacedAt);
	// Complete from the earliest day any authority's data is complete from.
	const firsts = inService.map((s) => s.periodFrom).filter((d): d is string => d !== null);
	const first = firsts.length ? firsts.reduce((a, b) => (b < a ? b : a)) : '';
	const laCodes = [...new Set(inService.map((s) => s.laCode))].sort();
	const extracted = inService.map((s) => s.extracted).reduce((a, b) => (b > a ? b : a));
	const wasPseudonymised = before.pseudonymised === 'true';
	const meta: Record<string, string> = {
		...before,
		data_version: version,
		extracted,
		loaded_at: new Date().toISOString(),
		la_codes: JSON.stringify(laCodes),
		period_from: first,
		period_to: (p?.last as string) ?? '',
		row_counts: JSON.stringify(counts),
		tables: JSON.stringify(Object.keys(counts)),
		pseudonymised: String(
			pseudonymised === null ? wasPseudonymised : wasPseudonymised && pseudonymised
		)
	};
	await c.run('DELETE FROM main.meta');
	for (const [key, value] of Object.entries(meta))
		await c.run('INSERT INTO main.meta VALUES ($key, $value)', { key, value });
	return {
		dataVersion: version,
		synthetic: meta.synthetic === 'true',
		extracted,
		authorities: laCodes.length,
		period: { from: meta.period_from || null, to: meta.period_to || null },
		rows: counts,
		seconds: 0,
		pseudonymised: meta.pseudonymised === 'true'
	};
}

/** Who is loading, when the command is not told: the account running it. */
export function defaultLoader(): string {
	try {
		return os.userInfo().username;
	} catch {
		return 'unknown';
	}
}
