// Pseudonymisation at load: every id (of a child, a worker, and of each referral, conference,
// plan or other record, since a case system's ids point back at a child's record, and ids made
// from census returns carry the child's) replaced by its HMAC-SHA-256 under the loader's key, the
// same id getting the same pseudonym in every table. The id table lives in the load's one
// connection only, so it never reaches the sealed database.
import crypto from 'node:crypto';
import type { DuckDBConnection } from '@duckdb/node-api';
import type { ColumnDef, TableDef } from '$lib/contract';
import { q, rowsOf } from './sql';

/** Whether a column holds ids, which a keyed load pseudonymises. */
export const isPseudonymised = (col: ColumnDef | undefined) => col?.type.kind === 'id';

const PSEUDONYMS = 'temp.pseudonym';

export async function createPseudonymTable(c: DuckDBConnection): Promise<void> {
	await c.run(`CREATE TEMP TABLE pseudonym (original VARCHAR PRIMARY KEY, pseudonym VARCHAR)`);
}

/**
 * Adds the HMAC-SHA-256 of every id of a staged table not seen before,
 * computed once each in Node's crypto, so one id has one pseudonym across all tables.
 */
export async function addPseudonyms(
	c: DuckDBConnection,
	t: TableDef,
	staged: string,
	key: Buffer
): Promise<void> {
	const parts = t.columns
		.filter(isPseudonymised)
		.map((col) => `SELECT NULLIF(${q(col.name)}, '') AS id FROM ${staged}`)
		.join(' UNION ');
	if (!parts) return;
	const ids = await rowsOf(
		c,
		`SELECT DISTINCT id FROM (${parts}) WHERE id IS NOT NULL AND id NOT IN (SELECT original FROM ${PSEUDONYMS})`
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

/** The typed column of a pseudonymised id: its pseudonym. */
export function pseudonymExpression(col: ColumnDef, alias: string): string {
	return `(SELECT p.pseudonym FROM ${PSEUDONYMS} p WHERE p.original = NULLIF(${alias}.${q(col.name)}, '')) AS ${q(col.name)}`;
}

/** The extract's own id behind a pseudonym, so problems name what the sender sent. */
export async function originalOf(c: DuckDBConnection, pseudonym: string): Promise<string | null> {
	const [o] = await rowsOf(c, `SELECT original FROM ${PSEUDONYMS} WHERE pseudonym = $value`, {
		value: pseudonym
	});
	return o ? String(o.original) : null;
}
