// Loads an extract folder into a NEW analytics database and swaps it in atomically. Nothing
// touches the database being served until the new file is complete, checked and flushed to
// disk; then a rename replaces it, which readers see on their next unit of work. A failed or
// interrupted load leaves the served file byte for byte as it was.
//
// The steps, each in a module of its own:
//   1. extract.ts      the manifest and each table's file; census/ reads census returns (XML)
//                      into tables first;
//   2. extract.ts      headers of Parquet files, and the structural scan of every CSV
//                      (csv/scan.ts), running ahead in the background, largest file first;
//   3. table.ts        per table, in two lanes, largest first: typed strictly from its file and
//                      checked there (typed.ts); if that fails or finds anything, or to
//                      pseudonymise, staged as text, checked on its own (checks.ts,
//                      run-checks.ts), pseudonymised (pseudonymise.ts), typed;
//                      census/links.ts links enquiries from census returns to discussions;
//   4. checks.ts       checks between tables, on the typed tables;
//   5. seal.ts         shipped reference tables the extract did not carry;
//   6. seal.ts         calendar and meta; then the derived tables (the metric store);
//   7. swap.ts         the sealed file verified, flushed and renamed over the served one.
import os from 'node:os';
import fs from 'node:fs';
import path from 'node:path';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { table, type TableName } from '$lib/contract';
import { buildMetricStore } from '../store/store';
import { createAuthorityType } from './authority-type';
import { createManifestAuthorities, orderChecks, referenceGroups } from './checks';
import { ExtractError, ProblemList } from './errors';
import {
	checkIsFolder,
	checkParquetHeaders,
	findExtractFiles,
	hasManifest,
	inFileOrder,
	largestFirst,
	readManifest,
	scanInBackground,
	type ExtractFile,
	type Manifest
} from './extract';
import { importReturns, manifestFromReturns, readCensusReturns } from './census/convert';
import { linkEnquiriesToDiscussions } from './census/links';
import { checksumOf } from './history';
import { createPseudonymTable } from './pseudonymise';
import { runChecks, runGroupCheck } from './run-checks';
import { addShippedReferenceTables, buildCalendar, writeMeta, type LoadSummary } from './seal';
import { q } from './sql';
import { acquireLock, cleanLeftovers, removeQuietly, scratchPaths, swapIn, verify } from './swap';
import { loadTable } from './table';

export { cleanLeftovers } from './swap';
export type { LoadSummary } from './seal';

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
	 * engine's pre-aggregated store. Told the checksum of the files loaded (checksumOf).
	 */
	buildDerived?: (connection: DuckDBConnection, loaded: { checksum: string }) => Promise<void>;
}

export async function loadExtract(opts: LoadOptions): Promise<LoadSummary> {
	const started = performance.now();
	const progress = opts.onProgress ?? (() => {});
	fs.mkdirSync(path.dirname(opts.dbPath), { recursive: true });
	const release = acquireLock(opts.dbPath);
	const { building, spill, census } = scratchPaths(opts.dbPath);
	try {
		cleanLeftovers(opts.dbPath);
		for (const p of [building, spill, census]) removeQuietly(p);

		// 1. Manifest and files, census returns read into tables first. `fileProblems` holds what
		// is wrong with the files themselves; if anything is, only that is reported, as the
		// contents cannot be trusted to have been read as meant.
		checkIsFolder(opts.dir);
		const fileProblems = new ProblemList();
		const returns = await readCensusReturns(opts.dir, fileProblems);
		// Without a manifest, the returns are all there is to go on: if any cannot be read, that
		// is the whole story.
		if (fileProblems.size > 0 && !hasManifest(opts.dir)) throw new ExtractError(fileProblems.items);
		const manifest = readManifest(opts.dir, fileProblems, () =>
			manifestFromReturns(returns, opts.referenceDir)
		);
		if (!manifest) throw new ExtractError(fileProblems.items);
		if (returns.length) progress('reading census returns');
		const imported = await importReturns(
			returns,
			{
				manifest,
				scratch: census,
				referenceDir: opts.referenceDir,
				keyed: Boolean(opts.pseudonymiseKey)
			},
			fileProblems
		);
		if (returns.length) progress('census returns read');
		const files = findExtractFiles(opts.dir, fileProblems, imported?.tables);
		/** The refusal of the load for the list's problems, in the contract's order of files. */
		const refusal = async (problems: ProblemList) => {
			const items = imported ? await imported.trace(problems.items) : problems.items;
			return new ExtractError(inFileOrder(items, files));
		};
		const refuseIfAny = async (problems: ProblemList) => {
			if (problems.size > 0) throw await refusal(problems);
		};
		const present = new Set(files.map((f) => f.table.name));

		const db = await openNewDatabase(building, spill);
		const c = await db.connect();
		await tuneForLoading(c);
		const authorityType = await createAuthorityType(c, manifest.la_codes);
		const lanes: DuckDBConnection[] = [];
		let summary: LoadSummary;
		try {
			// 2. Headers of Parquet files; the CSVs scanned in the background, largest first.
			await checkParquetHeaders(c, files, fileProblems);
			const bySize = largestFirst(files);
			const scans = scanInBackground(bySize, fileProblems, progress);

			// 3. Each table typed and checked on its own (staged as text to say what is wrong).
			const contentProblems = new ProblemList();
			const counts = await loadTablesInLanes(db, lanes, bySize, {
				manifest,
				authorityType,
				fileProblems,
				contentProblems,
				scanned: scans.scanned,
				pseudonymiseKey: opts.pseudonymiseKey,
				progress
			});
			await scans.all;
			await refuseIfAny(fileProblems);
			await refuseIfAny(contentProblems);
			const checksum = checksumOf(opts.dir, scannedDigests(files));
			const enquiriesFromReturns = imported?.tables.some((t) => t.name === 's47_enquiries');
			if (enquiriesFromReturns && present.has('strategy_discussions'))
				await linkEnquiriesToDiscussions(c);

			// 4. Checks between tables, on the typed tables. Checkpointed first: the tables are
			// then compressed in the file, and the joins here and the metric store read them
			// faster than they cost to write (docs/performance.md).
			progress('writing the tables');
			await c.run('CHECKPOINT');
			// The (only) lane of a pseudonymised load keeps the pseudonyms, for reporting.
			const pseudonyms = opts.pseudonymiseKey ? lanes[0] : undefined;
			await checkBetweenTables(c, files, present, manifest, contentProblems, pseudonyms, progress);
			await refuseIfAny(contentProblems);
			for (const lane of lanes.splice(0)) lane.closeSync();

			// 5. Reference tables the extract did not carry: the shipped ones.
			progress('building the database');
			Object.assign(counts, await addShippedReferenceTables(c, opts.referenceDir, present));

			// 6. Calendar and meta; then derived tables, whose SQL may read the extraction date.
			await buildCalendar(c, manifest.extracted);
			summary = await writeMeta(c, manifest, counts, Boolean(opts.pseudonymiseKey), checksum);
			progress('building the metric store');
			await (opts.buildDerived ? opts.buildDerived(c, { checksum }) : buildMetricStore(c));
			await c.run('CHECKPOINT');
		} finally {
			for (const lane of lanes) lane.closeSync();
			c.closeSync();
			db.closeSync();
		}

		// 7. Verify the sealed file by reading it back, then swap it in.
		progress('verifying');
		await verify(building, summary.rows, summary.dataVersion);
		swapIn(building, opts.dbPath);
		summary.seconds = (performance.now() - started) / 1000;
		return summary;
	} finally {
		for (const p of [building, spill, census]) removeQuietly(p);
		release();
	}
}

/**
 * One DuckDB instance on the new file. A table staged as text (table.ts) is held in a
 * temporary table (memory, spilling to the scratch folder if it must), checked, typed into the
 * file and dropped, so at most one table's text per lane is held at a time.
 */
function openNewDatabase(file: string, spill: string): Promise<DuckDBInstance> {
	return DuckDBInstance.create(file, {
		threads: '2',
		preserve_insertion_order: 'true',
		temp_directory: spill
	});
}

/** Settings that make the load faster; their measurements are in docs/performance.md. */
async function tuneForLoading(c: DuckDBConnection): Promise<void> {
	// FSST string compression is left out (for every connection: the setting is global): it
	// took about a third of the time spent writing the tables.
	await c.run(`SET disabled_compression_methods = 'fsst'`);
	// Memory freed between steps is kept for the next rather than handed back to the system and
	// faulted in again, which was a large share of the load's CPU time. It is given back when
	// the load closes the database.
	const keep = `${Math.max(256, Math.min(4096, Math.floor(os.totalmem() / 4 / 2 ** 20)))}MiB`;
	await c.run(`SET block_allocator_memory = '${keep}'`);
	await c.run(`SET allocator_flush_threshold = '${keep}'`);
}

interface LanesJob {
	manifest: Manifest;
	/** The SQL type of the case tables' la_code (authority-type.ts). */
	authorityType: string;
	fileProblems: ProblemList;
	contentProblems: ProblemList;
	scanned: Map<ExtractFile, Promise<void>>;
	pseudonymiseKey: Buffer | undefined;
	progress: (step: string) => void;
}

/**
 * Loads the tables in order (table.ts), each typed in file order and checked on its own.
 * Insertion order is preserved, so a typed table's rowid + 1 is the record number, which the
 * checks between tables report. Two lanes (connections) take
 * tables in turn, so that one keeps both cores busy while the other is in a step DuckDB runs on
 * one thread; pseudonymising needs one shared id table, so one lane. The lanes' connections
 * are left in `lanes` for the caller to close. Returns each typed table's row count.
 */
async function loadTablesInLanes(
	db: DuckDBInstance,
	lanes: DuckDBConnection[],
	files: ExtractFile[],
	job: LanesJob
): Promise<Record<string, number>> {
	const counts: Record<string, number> = {};
	const queue = [...files];
	const lane = async () => {
		const lc = await db.connect();
		lanes.push(lc);
		await createManifestAuthorities(lc, job.manifest.la_codes);
		if (job.pseudonymiseKey) await createPseudonymTable(lc);
		for (let f = queue.shift(); f; f = queue.shift()) {
			if (job.fileProblems.size > 0) continue;
			const n = await loadTable(lc, f, {
				extracted: job.manifest.extracted,
				authorityType: job.authorityType,
				contentProblems: job.contentProblems,
				fileProblems: job.fileProblems,
				scanned: job.scanned.get(f)!,
				pseudonymiseKey: job.pseudonymiseKey,
				progress: job.progress
			});
			if (n !== null) counts[f.table.name] = n;
		}
	};
	// Settled, not raced: a lane that fails must not leave the other mid-query at close.
	const settled = await Promise.allSettled(
		Array.from({ length: job.pseudonymiseKey ? 1 : 2 }, () => lane())
	);
	const failed = settled.find((r) => r.status === 'rejected');
	if (failed) throw failed.reason;
	return counts;
}

/** The SHA-256 of each CSV the structural scan read, by file name. */
function scannedDigests(files: ExtractFile[]): Map<string, string> {
	return new Map(files.flatMap((f) => (f.scan ? [[f.file, f.scan.sha256] as const] : [])));
}

/** Step 4: references between tables, and dates and spells that depend on other rows. */
async function checkBetweenTables(
	c: DuckDBConnection,
	files: ExtractFile[],
	present: Set<string>,
	manifest: Manifest,
	problems: ProblemList,
	pseudonyms: DuckDBConnection | undefined,
	progress: (step: string) => void
): Promise<void> {
	const keyOf = (name: string) => table(name as TableName).key[0]!;
	const typed = (name: string) => `main.${q(name)}`;
	const fileOf = new Map(files.map((f) => [f.table.name as string, f]));
	for (const group of referenceGroups(
		files.map((f) => f.table),
		typed,
		present,
		keyOf
	)) {
		progress(`cross-checking references to ${group.target}`);
		await runGroupCheck(c, group, (name) => fileOf.get(name)!, problems, pseudonyms);
	}
	for (const f of files) {
		const checks = orderChecks(f.table, typed, present, keyOf);
		if (checks.length === 0) continue;
		progress(`cross-checking ${f.file}`);
		await runChecks(c, checks, f, manifest.extracted, problems, pseudonyms);
	}
}
