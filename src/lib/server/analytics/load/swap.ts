// File safety around a load: one load at a time per database (a lock file naming its process),
// scratch files of killed loads cleared away, and the finished file read back, flushed to disk
// and renamed over the served one, so that readers see either the old database or the new.
import fs from 'node:fs';
import path from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { q, rowsOf } from './sql';

/**
 * The scratch files of this process's load of `dbPath`: the new database, DuckDB's spill, the
 * tables read from census returns, and a submission loaded on its own before it is merged.
 */
export function scratchPaths(dbPath: string): {
	building: string;
	spill: string;
	census: string;
	staging: string;
} {
	return {
		building: `${dbPath}.loading-${process.pid}`,
		spill: `${dbPath}.stage-${process.pid}`,
		census: `${dbPath}.census-${process.pid}`,
		staging: `${dbPath}.submission-${process.pid}`
	};
}

/** Whether another process with this id is running. */
function otherProcessAlive(pid: number): boolean {
	if (pid === process.pid) return false;
	try {
		process.kill(pid, 0);
		return true;
	} catch {
		return false;
	}
}

export function removeQuietly(p: string): void {
	fs.rmSync(p, { force: true, recursive: true });
	fs.rmSync(`${p}.wal`, { force: true });
}

/** Removes scratch files left by a load that was killed part-way. */
export function cleanLeftovers(dbPath: string): string[] {
	const dir = path.dirname(dbPath);
	if (!fs.existsSync(dir)) return [];
	const base = path.basename(dbPath);
	const scratch = new RegExp(
		`^${base.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\.(loading|stage|census|submission)-(\\d+)`
	);
	const removed: string[] = [];
	for (const f of fs.readdirSync(dir)) {
		const m = f.match(scratch);
		if (!m || otherProcessAlive(Number(m[2]))) continue;
		fs.rmSync(path.join(dir, f), { force: true, recursive: true });
		removed.push(f);
	}
	return removed;
}

/** Takes the database's load lock; returns its release. Refuses while another load runs. */
export function acquireLock(dbPath: string): () => void {
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
			if (otherProcessAlive(holder))
				throw new Error(`another load (process ${holder}) is running for ${path.basename(dbPath)}`);
			fs.rmSync(lock, { force: true });
		}
	}
	throw new Error('could not take the load lock');
}

/** Reads the sealed file back: every table's row count and the data version as written. */
export async function verify(
	file: string,
	rows: Record<string, number>,
	dataVersion: string
): Promise<void> {
	const db = await DuckDBInstance.create(file, { access_mode: 'READ_ONLY' });
	const c = await db.connect();
	try {
		for (const [t, n] of Object.entries(rows)) {
			const [r] = await rowsOf(c, `SELECT count(*) AS n FROM ${q(t)}`);
			if (Number(r!.n) !== n)
				throw new Error(`verification failed: ${t} has ${r!.n} rows, expected ${n}`);
		}
		const [v] = await rowsOf(c, `SELECT value FROM meta WHERE key = 'data_version'`);
		if (v?.value !== dataVersion) throw new Error('verification failed: meta.data_version');
	} finally {
		c.closeSync();
		db.closeSync();
	}
}

/** Flushes the new file to disk and renames it over the served one. */
export function swapIn(built: string, dbPath: string): void {
	const fd = fs.openSync(built, 'r');
	fs.fsyncSync(fd);
	fs.closeSync(fd);
	fs.rmSync(`${built}.wal`, { force: true });
	fs.renameSync(built, dbPath);
	try {
		const dirFd = fs.openSync(path.dirname(dbPath), 'r');
		fs.fsyncSync(dirFd);
		fs.closeSync(dirFd);
	} catch {
		// Some file systems do not allow fsync on a directory; the rename is still atomic.
	}
}
