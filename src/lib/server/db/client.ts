// Opens the app's SQLite database (users, sessions, audit log) and applies the committed
// drizzle-kit migrations. WAL lets readers continue while a write is in progress; the busy
// timeout makes a second writer wait rather than fail. Not for case data (see analytics/).
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { drizzle, type BetterSQLite3Database } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import { config } from '../config';
import * as schema from './schema';

export type AppDb = BetterSQLite3Database<typeof schema> & { $client: Database.Database };

/** Migrations ship with the source; the server and scripts run from the project root. */
export const migrationsFolder = path.resolve('src/lib/server/db/migrations');

/** Opens (creating if needed) an app database at `file` and brings its schema up to date. */
export function openAppDb(file: string): AppDb {
	if (file !== ':memory:') fs.mkdirSync(path.dirname(file), { recursive: true });
	const sqlite = new Database(file);
	sqlite.pragma('journal_mode = WAL');
	sqlite.pragma('busy_timeout = 5000');
	sqlite.pragma('foreign_keys = ON');
	sqlite.pragma('synchronous = NORMAL');
	const db = drizzle(sqlite, { schema });
	migrate(db, { migrationsFolder });
	return db;
}

let shared: AppDb | undefined;

/** The process's app database, opened and migrated on first use. */
export function appDb(): AppDb {
	shared ??= openAppDb(config().appDbPath);
	return shared;
}

/**
 * A statement built and prepared once per database, for those every request runs (the
 * session lookup, the audit insert): building and preparing them each time cost more than
 * running them.
 */
export function preparedOnce<T>(build: (db: AppDb) => T): (db: AppDb) => T {
	const made = new WeakMap<AppDb, T>();
	return (db) => {
		let statement = made.get(db);
		if (statement === undefined) {
			statement = build(db);
			made.set(db, statement);
		}
		return statement;
	};
}
