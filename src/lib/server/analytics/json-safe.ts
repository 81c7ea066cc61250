// Turns DuckDB result values into plain JSON-safe values, in one place, so that every page,
// endpoint, export and command sees the same shapes: BIGINT/HUGEINT → number, DATE →
// 'YYYY-MM-DD', TIMESTAMP → ISO string, lists and structs recursively.
import { DuckDBTypeId, type DuckDBType } from '@duckdb/node-api';

export type JsonValue = null | boolean | number | string | JsonValue[] | { [k: string]: JsonValue };
export type Row = Record<string, JsonValue>;

function isoDate(d: Date): string {
	return d.toISOString().slice(0, 10);
}

export function toJsonSafe(value: unknown, typeId?: DuckDBTypeId): JsonValue {
	if (value === null || value === undefined) return null;
	if (typeof value === 'bigint') {
		const n = Number(value);
		if (!Number.isSafeInteger(n)) throw new RangeError(`integer ${value} is too large for JSON`);
		return n;
	}
	if (typeof value === 'number') return Number.isFinite(value) ? value : null;
	if (typeof value === 'string' || typeof value === 'boolean') return value;
	if (value instanceof Date) {
		if (Number.isNaN(value.getTime())) return null;
		return typeId === DuckDBTypeId.DATE ? isoDate(value) : value.toISOString();
	}
	if (Array.isArray(value)) return value.map((v) => toJsonSafe(v));
	if (typeof value === 'object') {
		const out: Record<string, JsonValue> = {};
		for (const [k, v] of Object.entries(value as Record<string, unknown>)) out[k] = toJsonSafe(v);
		return out;
	}
	throw new TypeError(`cannot convert a ${typeof value} to JSON`);
}

/** Converts result rows given as JS objects, using the column types to tell DATE apart. */
export function rowsToJsonSafe(
	names: string[],
	types: DuckDBType[],
	rows: Record<string, unknown>[]
): Row[] {
	const typeIds = types.map((t) => t.typeId);
	return rows.map((r) => {
		const out: Row = {};
		names.forEach((name, i) => {
			out[name] = toJsonSafe(r[name], typeIds[i]);
		});
		return out;
	});
}
