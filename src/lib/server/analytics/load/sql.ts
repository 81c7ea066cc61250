// The SQL plumbing every step of a load uses.
import type { DuckDBConnection } from '@duckdb/node-api';

/** A quoted SQL identifier. Identifiers come only from the contract, never from an extract. */
export const q = (name: string) => `"${name.replace(/"/g, '""')}"`;

/** A quoted SQL text literal, for values DuckDB cannot take as parameters (paths, IN lists). */
export const literal = (value: string) => `'${value.replace(/'/g, "''")}'`;

/** The rows of a query as plain objects. */
export async function rowsOf(
	c: DuckDBConnection,
	sql: string,
	params?: Record<string, string>
): Promise<Record<string, unknown>[]> {
	const reader = await c.runAndReadAll(sql, params);
	return reader.getRowObjectsJS();
}
