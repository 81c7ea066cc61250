// Some authorities' data made ready apart from the database in service, before it is merged in:
// their rows in a scratch database of their own (a submission, checked as any extract is, or a
// kept submission put back), and their part of the metric store made there on the reference
// tables and calendar in service, so the figures are those a build over everyone would give
// them. Meanwhile the served file is copied and flushed to disk: the copy is the disk's work,
// the figures the processor's, and neither waits for the other.
import fs from 'node:fs';
import path from 'node:path';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { tables as contractTables } from '$lib/contract';
import { buildMetricStore } from '../store/store';
import { buildCalendar } from './seal';
import { literal, q, rowsOf } from './sql';

const REFERENCE_TABLES = contractTables.filter((t) => t.kind === 'reference').map((t) => t.name);
const CASE_TABLES = contractTables.filter((t) => t.kind === 'case').map((t) => t.name);

/** What the figures are made against: the database in service as it stands. */
export interface ServedFacts {
	authorities: string[];
	extracted: string;
	/** The first day its data is complete from ('' if unknown). */
	periodFrom: string;
}

export async function servedFacts(dbPath: string): Promise<ServedFacts> {
	const db = await DuckDBInstance.create(dbPath, { access_mode: 'READ_ONLY' });
	const c = await db.connect();
	try {
		const meta = await readMeta(c);
		return {
			authorities: JSON.parse(meta.la_codes || '[]'),
			extracted: meta.extracted ?? '',
			periodFrom: meta.period_from ?? ''
		};
	} finally {
		c.closeSync();
		db.closeSync();
	}
}

export async function readMeta(c: DuckDBConnection): Promise<Record<string, string>> {
	const rows = await rowsOf(c, 'SELECT key, value FROM main.meta');
	return Object.fromEntries(rows.map((r) => [String(r.key), String(r.value ?? '')]));
}

/**
 * Runs `prepare` while `from` is copied to `to` and flushed to disk; returns what `prepare`
 * gave once both are done. A clone where the file system can make one (no data copied).
 */
export async function alongsideCopy<T>(
	from: string,
	to: string,
	prepare: () => Promise<T>
): Promise<T> {
	const copied = (async () => {
		await fs.promises.copyFile(from, to, fs.constants.COPYFILE_FICLONE);
		const handle = await fs.promises.open(to, 'r');
		try {
			await handle.sync();
		} finally {
			await handle.close();
		}
	})();
	// Heard below; until then a failed copy must not count as unhandled.
	copied.catch(() => {});
	let prepared: T;
	try {
		prepared = await prepare();
	} catch (e) {
		// Nothing may still be writing the copy when the caller clears it away.
		await copied.catch(() => {});
		throw e;
	}
	await copied;
	return prepared;
}

/**
 * The staged authorities' store, made in `staging` on the served database's reference tables
 * and a calendar reaching as far as either's extraction date, with snapshots from the earlier
 * of the two first days (as a build over everyone would make them); no roll-ups.
 */
export async function stageFigures(
	staging: string,
	served: ServedFacts & { path: string },
	onStep?: (step: string, seconds: number) => void
): Promise<void> {
	const db = await DuckDBInstance.create(staging, { threads: '2' });
	const c = await db.connect();
	try {
		const meta = await readMeta(c);
		await c.run(`ATTACH ${literal(served.path)} AS served (READ_ONLY)`);
		const present = new Set(
			(
				await rowsOf(
					c,
					"SELECT table_name FROM duckdb_tables() WHERE database_name = 'served' AND schema_name = 'main'"
				)
			).map((r) => String(r.table_name))
		);
		for (const t of REFERENCE_TABLES.filter((name) => present.has(name))) {
			await c.run(`DROP TABLE IF EXISTS main.${q(t)}`);
			await c.run(`CREATE TABLE main.${q(t)} AS SELECT * FROM served.main.${q(t)}`);
		}
		await c.run('DETACH served');
		await c.run('DROP TABLE IF EXISTS main.calendar');
		await buildCalendar(c, later(meta.extracted!, served.extracted));
		const firsts = [meta.period_from, served.periodFrom].filter((d): d is string => Boolean(d));
		await buildMetricStore(c, {
			snapshotsFrom: firsts.length ? firsts.reduce((a, b) => (b < a ? b : a)) : null,
			withoutRollups: true,
			onStep
		});
		await c.run('CHECKPOINT');
	} finally {
		c.closeSync();
		db.closeSync();
	}
}

/**
 * A kept submission's rows (the Parquet files in `dir`) as a scratch database of their own,
 * with the meta a load would give it, ready for stageFigures.
 */
export async function stageArchive(
	staging: string,
	dir: string,
	kept: { la: string; extracted: string; periodFrom: string | null }
): Promise<void> {
	const db = await DuckDBInstance.create(staging);
	const c = await db.connect();
	try {
		for (const t of CASE_TABLES) {
			const file = path.join(dir, `${t}.parquet`);
			if (fs.existsSync(file))
				await c.run(`CREATE TABLE main.${q(t)} AS SELECT * FROM read_parquet(${literal(file)})`);
		}
		await c.run('CREATE TABLE main.meta (key VARCHAR PRIMARY KEY, value VARCHAR)');
		for (const [key, value] of Object.entries({
			extracted: kept.extracted,
			period_from: kept.periodFrom ?? '',
			la_codes: JSON.stringify([kept.la])
		}))
			await c.run('INSERT INTO main.meta VALUES ($key, $value)', { key, value });
		await c.run('CHECKPOINT');
	} finally {
		c.closeSync();
		db.closeSync();
	}
}

const later = (a: string, b: string) => (b > a ? b : a);
