// The type of the case tables' la_code column: an ENUM of the authorities the extract covers,
// where the reference tables keep text. An authority's code is then one byte in each of the
// case tables' tens of millions of rows rather than a string: writing the tables, the checks
// between them and the metric store's joins and groups all took markedly less time
// (docs/performance.md). Comparisons with text (parameters, reference tables, the store) are by
// the code's text, so no query of the engine needs to know which of the two a database has.
import type { DuckDBConnection } from '@duckdb/node-api';
import type { ColumnDef, TableDef } from '$lib/contract';
import { literal, q, rowsOf } from './sql';

export const AUTHORITY_TYPE = 'authority_code';

/**
 * Creates the type in the database being loaded, from the manifest's codes (sorted, so that
 * ordering by la_code orders by the code's text); returns the SQL type the case tables' la_code
 * takes: the type, or text if there is no code to make it of.
 */
export async function createAuthorityType(
	c: DuckDBConnection,
	codes: readonly string[]
): Promise<string> {
	const values = [...new Set(codes)].sort();
	if (values.length === 0) return 'VARCHAR';
	await c.run(`CREATE TYPE ${AUTHORITY_TYPE} AS ENUM (${values.map(literal).join(', ')})`);
	return AUTHORITY_TYPE;
}

/**
 * Whether the column is a case table's own authority: one the manifest must list (checks.ts,
 * typed.ts), and so of the type.
 */
export function isAuthorityColumn(t: TableDef, col: ColumnDef): boolean {
	return t.kind === 'case' && col.name === 'la_code';
}

/** The type's codes in the database `c` is on (main), or null if it has no such type. */
async function typeCodes(c: DuckDBConnection): Promise<string[] | null> {
	const [r] = await rowsOf(
		c,
		`SELECT count(*) AS n FROM duckdb_types()
		WHERE database_name = current_database() AND schema_name = 'main' AND type_name = '${AUTHORITY_TYPE}'`
	);
	if (Number(r!.n) === 0) return null;
	const [codes] = await rowsOf(c, `SELECT enum_range(NULL::main.${AUTHORITY_TYPE}) AS codes`);
	return (codes!.codes as string[]).map(String);
}

/**
 * Makes sure the case tables in `tables` (main) can take rows of the authorities `codes`: if
 * the type lacks any of them (an authority new to the database), those tables' la_code becomes
 * text and the type is dropped, as in a database built before the type was: rare, and only
 * slower until the next full load.
 * Returns the SQL type la_code now has in those tables.
 */
export async function admitAuthorities(
	c: DuckDBConnection,
	tables: readonly string[],
	codes: readonly string[]
): Promise<string> {
	const known = await typeCodes(c);
	if (known === null) return 'VARCHAR';
	const has = new Set(known);
	if (codes.every((code) => has.has(code))) return AUTHORITY_TYPE;
	for (const t of tables)
		await c.run(`ALTER TABLE main.${q(t)} ALTER COLUMN la_code SET DATA TYPE VARCHAR`);
	await c.run(`DROP TYPE main.${AUTHORITY_TYPE}`);
	return 'VARCHAR';
}
