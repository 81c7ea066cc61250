// Opens the analytics database (DuckDB) read-only and runs parameterised SQL against it.
// One instance per database file per process; a fresh connection per unit of work (opened at
// its first statement), closed in `finally` (a DuckDB connection must never be shared by
// concurrent requests). When the loader swaps a new file in by rename, the next unit of work
// notices the changed file identity and opens the new file; the old instance closes once its
// last user finishes. A server may ask for each new file to be prepared first
// (`prepareSwapsWith`): the file in service keeps serving while the new one's answers are
// computed, then the new one takes over.
// Not for: building databases (the loader writes with its own read-write instance).
import { AsyncLocalStorage } from 'node:async_hooks';
import { stat } from 'node:fs/promises';
import { DuckDBInstance, type DuckDBConnection, type DuckDBValue } from '@duckdb/node-api';
import { config } from '../config';
import type { Gate } from './gate';
import { rowsToJsonSafe, type Row } from './json-safe';

export type Params = Record<string, string | number | boolean | null>;

/** Facts about the loaded data, stored by the loader in the database's `meta` table. */
export interface DataVersion {
	/** Identifier of the load that built the file; changes with every load. */
	version: string;
	synthetic: boolean;
	/** The extract's `extracted` date (YYYY-MM-DD). */
	extracted: string | null;
	loadedAt: string | null;
	/** Tables the extract supplied (absent optional tables make their metrics show `:`). */
	tables: string[];
	/** Authorities the extract covers. */
	laCodes: string[];
	/** The earliest referral date in the data (YYYY-MM-DD), which bounds the periods offered. */
	periodFrom: string | null;
	/**
	 * Synthetic data only: the first day each authority's simulated multi-agency team went live,
	 * from the extract's manifest (empty for real data, whose go-lives are in the register).
	 */
	simulatedGoLive: Record<string, string>;
}

/** Raised when there is no usable database: missing, unreadable or not one of ours. */
export class AnalyticsUnavailableError extends Error {
	constructor(message: string) {
		super(message);
		this.name = 'AnalyticsUnavailableError';
	}
}

interface OpenDatabase {
	identity: string;
	instance: DuckDBInstance;
	dataVersion: DataVersion;
	users: number;
	retired: boolean;
}

interface FailedDatabase {
	identity: string;
	error: AnalyticsUnavailableError;
}

const current = new Map<string, OpenDatabase | FailedDatabase>();
const opening = new Map<string, Promise<OpenDatabase>>();

function closeIfIdle(db: OpenDatabase): void {
	if (db.retired && db.users === 0) db.instance.closeSync();
}

async function fileIdentity(dbPath: string): Promise<string> {
	try {
		const s = await stat(dbPath);
		return `${s.dev}:${s.ino}:${s.size}:${s.mtimeMs}`;
	} catch (e) {
		if ((e as NodeJS.ErrnoException).code === 'ENOENT') {
			throw new AnalyticsUnavailableError('No data has been loaded yet.');
		}
		throw new AnalyticsUnavailableError(
			`The analytics database cannot be read: ${(e as Error).message}`
		);
	}
}

async function readDataVersion(connection: DuckDBConnection): Promise<DataVersion> {
	const reader = await connection.runAndReadAll('SELECT key, value FROM meta');
	const meta = new Map<string, string>();
	for (const [k, v] of reader.getRows()) meta.set(String(k), v === null ? '' : String(v));
	const version = meta.get('data_version');
	if (!version) throw new Error('the meta table has no data_version');
	return {
		version,
		synthetic: meta.get('synthetic') === 'true',
		extracted: meta.get('extracted') || null,
		loadedAt: meta.get('loaded_at') || null,
		tables: JSON.parse(meta.get('tables') || '[]') as string[],
		laCodes: JSON.parse(meta.get('la_codes') || '[]') as string[],
		periodFrom: meta.get('period_from') || null,
		simulatedGoLive:
			meta.get('synthetic') === 'true'
				? ((
						JSON.parse(meta.get('simulated_reform') || '{}') as { go_live?: Record<string, string> }
					).go_live ?? {})
				: {}
	};
}

async function open(dbPath: string, identity: string): Promise<OpenDatabase> {
	let instance: DuckDBInstance | undefined;
	try {
		instance = await DuckDBInstance.create(dbPath, { access_mode: 'READ_ONLY' });
		const connection = await instance.connect();
		try {
			const dataVersion = await readDataVersion(connection);
			return { identity, instance, dataVersion, users: 0, retired: false };
		} finally {
			connection.closeSync();
		}
	} catch (e) {
		instance?.closeSync();
		const error = new AnalyticsUnavailableError(
			`The analytics database could not be opened: ${(e as Error).message}`
		);
		current.set(dbPath, { identity, error });
		throw error;
	}
}

/** The database files one request has read, held open until the request ends. */
interface RequestPin {
	held: Map<string, OpenDatabase>;
}
const requestPins = new AsyncLocalStorage<RequestPin>();

/**
 * Runs one request so that every analytics use inside it — layout, page, endpoint — reads the
 * same database file, even if a load swaps a new one in meanwhile: the first use pins the file
 * for the rest of the request. Returns the data version the request read (null if none).
 */
export async function withPinnedData<T>(
	work: () => Promise<T>
): Promise<{ result: T; dataVersion: string | null }> {
	const pin: RequestPin = { held: new Map() };
	try {
		const result = await requestPins.run(pin, work);
		const [first] = pin.held.values();
		return { result, dataVersion: first?.dataVersion.version ?? null };
	} finally {
		for (const db of pin.held.values()) release(db);
	}
}

async function acquire(dbPath: string): Promise<OpenDatabase> {
	const pin = requestPins.getStore();
	const pinned = pin?.held.get(dbPath);
	if (pinned) {
		pinned.users++;
		return pinned;
	}
	const db = await acquireCurrent(dbPath);
	if (pin && !pin.held.has(dbPath)) {
		// The pin holds its own use until the request ends.
		db.users++;
		pin.held.set(dbPath, db);
	}
	return db;
}

async function acquireCurrent(dbPath: string): Promise<OpenDatabase> {
	const identity = await fileIdentity(dbPath);
	const known = current.get(dbPath);
	if (known?.identity === identity) {
		if ('error' in known) throw known.error;
		known.users++;
		return known;
	}
	if (preparation && known && 'instance' in known) {
		prepare(dbPath, identity);
		known.users++;
		return known;
	}
	let pending = opening.get(dbPath);
	if (!pending) {
		pending = open(dbPath, identity).finally(() => opening.delete(dbPath));
		opening.set(dbPath, pending);
		pending.then(
			(db) => putInService(dbPath, db),
			// A failed open is reported to its awaiter just below; this branch only keeps the
			// bookkeeping above from turning that failure into an unhandled rejection.
			() => {}
		);
	}
	const db = await pending;
	db.users++;
	return db;
}

function putInService(dbPath: string, db: OpenDatabase): void {
	const previous = current.get(dbPath);
	current.set(dbPath, db);
	if (previous && 'instance' in previous && previous !== db) {
		previous.retired = true;
		closeIfIdle(previous);
	}
}

/** Work done on a newly loaded file before it is put in service, and how long to wait for it. */
let preparation: { work: (session: AnalyticsSession) => Promise<void>; waitMs: number } | null =
	null;
/** The file identity being prepared, per database path. */
const preparing = new Map<string, string>();

/**
 * From now on, a newly loaded file is opened and `work` run on it before it replaces the file
 * in service, which serves meanwhile; after `waitMs` it replaces it whether or not the work has
 * finished, so a slow preparation never holds back new data for long. A file that cannot be
 * opened replaces the one in service at once, as without preparation, so the failure is seen.
 */
export function prepareSwapsWith(
	work: ((session: AnalyticsSession) => Promise<void>) | null,
	waitMs = 0
): void {
	preparation = work ? { work, waitMs } : null;
}

/** Whether a newly loaded file is being prepared (for the health check and tests). */
export function preparingSwap(dbPath: string = config().analyticsDbPath): boolean {
	return preparing.has(dbPath);
}

function prepare(dbPath: string, identity: string): void {
	// One at a time: a file loaded meanwhile is noticed by the first use after this one is in.
	if (preparing.has(dbPath) || !preparation) return;
	const { work, waitMs } = preparation;
	preparing.set(dbPath, identity);
	void (async () => {
		let db: OpenDatabase;
		try {
			db = await open(dbPath, identity);
		} catch {
			// open() has recorded the failure, which the next use reports.
			preparing.delete(dbPath);
			return;
		}
		db.users++;
		const done = runOn(db, work)
			.catch((e) => console.error(`preparing data version ${db.dataVersion.version}:`, e))
			.finally(() => release(db));
		let timer: ReturnType<typeof setTimeout> | undefined;
		await Promise.race([done, new Promise((r) => (timer = setTimeout(r, waitMs)))]);
		clearTimeout(timer);
		putInService(dbPath, db);
		preparing.delete(dbPath);
	})();
}

/** Runs work on an open database's own connection, outside any request. */
async function runOn<T>(db: OpenDatabase, work: (s: AnalyticsSession) => Promise<T>): Promise<T> {
	const connection = await db.instance.connect();
	try {
		return await work({
			dataVersion: db.dataVersion,
			query: (sql, params) => readRows(connection, sql, params)
		});
	} finally {
		connection.closeSync();
	}
}

async function readRows(
	connection: DuckDBConnection,
	sql: string,
	params: Params | undefined
): Promise<Row[]> {
	const reader = await connection.runAndReadAll(sql, params as Record<string, DuckDBValue>);
	return rowsToJsonSafe(
		reader.columnNames(),
		reader.columnTypes(),
		reader.getRowObjectsJS() as Record<string, unknown>[]
	);
}

function release(db: OpenDatabase): void {
	db.users--;
	closeIfIdle(db);
}

/** Raised when a unit of work runs past its deadline; its statement is interrupted. */
export class AnalyticsTimeoutError extends Error {
	constructor() {
		super('The figures took too long to compute and were stopped.');
		this.name = 'AnalyticsTimeoutError';
	}
}

/** Raised when the request a unit of work serves is abandoned; its statement is interrupted. */
export class AnalyticsCancelledError extends Error {
	constructor() {
		super('The request was abandoned, so its figures were not computed.');
		this.name = 'AnalyticsCancelledError';
	}
}

/** Limits on one unit of work (pages set them; the command line and tests run unbounded). */
export interface WorkBounds {
	/** Aborted when the request is abandoned. */
	signal?: AbortSignal;
	/** When to stop (milliseconds since the epoch). */
	deadline?: number;
	/** Gates to pass before starting (everyone's, the user's). */
	gates?: Gate[];
}

export interface AnalyticsSession {
	/** The data version of the file this unit of work reads; stable for its whole life. */
	readonly dataVersion: DataVersion;
	/** Runs one statement with named parameters (`$name`) and returns JSON-safe rows. */
	query(sql: string, params?: Params): Promise<Row[]>;
}

/**
 * Runs one unit of work on its own connection to the current analytics database.
 * Every statement inside sees the same file, even if a new one is swapped in meanwhile.
 */
export async function withAnalytics<T>(
	work: (session: AnalyticsSession) => Promise<T>,
	dbPath: string = config().analyticsDbPath,
	bounds: WorkBounds = {}
): Promise<T> {
	const releases: (() => void)[] = [];
	let stopped: Error | null = null;
	let timer: ReturnType<typeof setTimeout> | undefined;
	let connection: DuckDBConnection | undefined;
	let connecting: Promise<DuckDBConnection> | undefined;
	const stop = (e: Error) => {
		stopped ??= e;
		connection?.interrupt();
	};
	const onAbort = () => stop(new AnalyticsCancelledError());
	// The gates are passed at the first statement: work answered from memory (a cached answer)
	// never waits for a turn it does not need.
	let admitted: Promise<void> | undefined;
	const admit = () =>
		(admitted ??= (async () => {
			for (const gate of bounds.gates ?? [])
				releases.push(await gate.enter({ signal: bounds.signal, deadline: bounds.deadline }));
		})());
	try {
		if (bounds.signal?.aborted) throw new AnalyticsCancelledError();
		bounds.signal?.addEventListener('abort', onAbort, { once: true });
		if (bounds.deadline !== undefined)
			timer = setTimeout(
				() => stop(new AnalyticsTimeoutError()),
				Math.max(0, bounds.deadline - Date.now())
			);
		const db = await acquire(dbPath);
		releases.push(() => release(db));
		// Connected at the first statement, like the gates: an answer from memory needs none.
		const connect = () => (connecting ??= db.instance.connect().then((c) => (connection = c)));
		const session: AnalyticsSession = {
			dataVersion: db.dataVersion,
			async query(sql, params) {
				await admit();
				if (stopped) throw stopped;
				const conn = await connect();
				if (stopped) throw stopped;
				try {
					return await readRows(conn, sql, params);
				} catch (e) {
					// An interrupted statement fails with DuckDB's own message; say why it stopped.
					throw stopped ?? e;
				}
			}
		};
		return await work(session);
	} finally {
		if (timer) clearTimeout(timer);
		bounds.signal?.removeEventListener('abort', onAbort);
		if (connecting) (await connecting.catch(() => null))?.closeSync();
		for (const r of releases.reverse()) r();
	}
}

/** The loaded data's version, or the reason there is none. */
export async function currentDataVersion(
	dbPath: string = config().analyticsDbPath
): Promise<DataVersion> {
	// Read from the open instance: no connection is needed, so every page's layout stays cheap.
	const db = await acquire(dbPath);
	release(db);
	return db.dataVersion;
}

/** The data version in service, or null while no usable database is loaded. */
export async function dataVersionInService(
	dbPath: string = config().analyticsDbPath
): Promise<DataVersion | null> {
	try {
		return await currentDataVersion(dbPath);
	} catch (e) {
		if (e instanceof AnalyticsUnavailableError) return null;
		throw e;
	}
}

/** Closes every open instance (tests and orderly shutdown). */
export function closeAll(): void {
	for (const db of current.values()) {
		if ('instance' in db) {
			db.retired = true;
			closeIfIdle(db);
		}
	}
	current.clear();
}
