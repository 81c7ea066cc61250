// A table typed straight from its file, without staging its text first, and the checks that
// hold it to the contract once it is typed. This is the way in for a good extract; anything it
// does not take falls back to staging the text (table.ts), where the checks on text
// (checks.ts) say exactly what is wrong.
//
// The two ways refuse the same tables. Typing here is strict: a value is typed only when the
// text checks would pass its form (a date as YYYY-MM-DD that exists, true or false, a whole
// number of at most 9 digits, ...), and anything else makes the typing fail. Every other rule
// of a table on its own (required values, identifiers, ranges, codes, keys, order within a row,
// conditions) is tested on the typed values, where it gives the same answer as on the text the
// typing accepted. load/typed.test.ts holds the two ways to this, value by value.
import type { ColumnDef, TableDef } from '$lib/contract';
import { EARLIEST_EVENT_DATE, conditionalRules, rowOrderRules } from '$lib/contract';
import { isAuthorityColumn } from './authority-type';
import { DATE_PATTERN, MONTH_PATTERN, codesPattern, lit, list, nhsNumberLikeSql } from './checks';
import { q } from './sql';

/** The SQL type of a column in the typed table (strictTypedExpression, and table.ts typedExpression). */
export function sqlType(c: ColumnDef): string {
	switch (c.type.kind) {
		case 'date':
		case 'month':
			return 'DATE';
		case 'boolean':
			return 'BOOLEAN';
		case 'integer':
			return 'INTEGER';
		case 'decimal':
			return 'DOUBLE';
		case 'codes':
			return 'VARCHAR[]';
		default:
			return 'VARCHAR';
	}
}

/** Text no strict cast accepts, put in place of a value that is not of its column's form. */
const NOT_OF_FORM = `'not of its form'`;

/**
 * SQL typing the text column `alias.name` only if it has its column's form; any other value
 * makes the statement fail. Empty text is missing (NULL), as in the text checks.
 */
export function strictTypedExpression(c: ColumnDef, alias: string): string {
	const x = `${alias}.${q(c.name)}`;
	const given = `NULLIF(${x}, '')`;
	/** The cast of the value when `form` holds for it, else a failing cast; NULL when empty. */
	const formed = (form: string, type = sqlType(c), text = x) =>
		`CAST(CASE WHEN ${form} THEN ${text} WHEN ${given} IS NOT NULL THEN ${NOT_OF_FORM} END AS ${type}) AS ${q(c.name)}`;
	switch (c.type.kind) {
		case 'date':
			// The cast then fails for a day that does not exist, as the text check does.
			return formed(`${x} GLOB '${DATE_PATTERN}'`);
		case 'month':
			return formed(`${x} GLOB '${MONTH_PATTERN}'`, 'DATE', `${x} || '-01'`);
		case 'boolean':
			return formed(`${x} IN ('true', 'false')`);
		case 'integer':
			// Nine digits at most, so every such number fits the INTEGER column.
			return formed(`regexp_full_match(${x}, '-?[0-9]{1,9}')`);
		case 'decimal':
			return formed(`regexp_full_match(${x}, '-?[0-9]{1,9}(\\.[0-9]{1,6})?')`);
		case 'codes':
			return `CASE WHEN ${given} IS NULL THEN []::VARCHAR[] ELSE string_split(${x}, ';') END AS ${q(c.name)}`;
		default:
			return `${given} AS ${q(c.name)}`;
	}
}

/** Whether a typed column holds a value (a list of codes: at least one). */
const present = (c: ColumnDef) =>
	c.type.kind === 'codes' ? `len(${q(c.name)}) > 0` : `${q(c.name)} IS NOT NULL`;

/**
 * The text a typed value was read from, for the types that keep it (a list of codes is joined
 * again: splitting at ';' and joining with it gives back the text).
 */
function asText(c: ColumnDef): string {
	switch (c.type.kind) {
		case 'integer':
		case 'decimal':
			// '007' and '7' are one number: the text is gone, so no rule may compare it.
			throw new Error(`${c.name}: a number's text is not kept in the typed table`);
		case 'month':
			return `strftime(${q(c.name)}, '%Y-%m')`;
		case 'codes':
			return `array_to_string(${q(c.name)}, ';')`;
		default:
			return `CAST(${q(c.name)} AS VARCHAR)`;
	}
}

/** Conditions on a typed row, each true where the row breaks one rule of its column. */
function columnFaults(t: TableDef, c: ColumnDef): string[] {
	const x = q(c.name);
	const faults: string[] = [];
	if (!c.nullable) faults.push(`NOT (${present(c)})`);
	const ty = c.type;
	switch (ty.kind) {
		case 'id':
			faults.push(
				`length(${x}) > 64`,
				`length(${x}) = 10 AND ${nhsNumberLikeSql(x)}`,
				`length(${x}) = 13 AND regexp_full_match(${x}, '[A-Za-z][0-9]{12}')`
			);
			break;
		case 'la_code':
			faults.push(
				isAuthorityColumn(t, c)
					? `${x} NOT IN (SELECT code FROM temp.manifest_la)`
					: `NOT regexp_full_match(${x}, '[A-Z][0-9]{8}')`
			);
			break;
		case 'date': {
			if (ty.anyYear) break;
			const lower = ty.event === false ? '1900-01-01' : EARLIEST_EVENT_DATE;
			faults.push(`${x} NOT BETWEEN DATE ${lit(lower)} AND CAST($extracted AS DATE)`);
			break;
		}
		case 'month':
			faults.push(
				`${x} NOT BETWEEN DATE '1900-01-01' AND date_trunc('month', CAST($extracted AS DATE))`
			);
			break;
		case 'integer':
		case 'decimal':
			faults.push(`${x} NOT BETWEEN ${ty.min} AND ${ty.max}`);
			break;
		case 'code':
			faults.push(`NOT list_contains(${list(ty.codes)}, ${x})`);
			break;
		case 'codes':
			faults.push(
				`len(${x}) > 0 AND NOT regexp_full_match(${asText(c)}, ${lit(codesPattern(ty.codes))})`
			);
			break;
		case 'text':
			faults.push(`length(${x}) > ${ty.maxLength}`);
			break;
	}
	return faults;
}

/** The table's column named `name` (a rule names only columns of its table). */
function column(t: TableDef, name: string): ColumnDef {
	const c = t.columns.find((col) => col.name === name);
	if (!c) throw new Error(`${t.name} has no column ${name}`);
	return c;
}

/** Conditions true where a typed row breaks a rule between its own columns. */
function ruleFaults(t: TableDef): string[] {
	const faults: string[] = [];
	for (const r of rowOrderRules.filter((r) => r.table === t.name)) {
		// On text, two dates are compared only as dates; a month would never compare.
		for (const name of [r.earlier, r.later])
			if (column(t, name).type.kind !== 'date')
				throw new Error(`${t.name}.${name}: an order rule compares dates only`);
		faults.push(`${q(r.later)} < ${q(r.earlier)}`);
	}
	for (const r of conditionalRules.filter((r) => r.table === t.name)) {
		const when = `${asText(column(t, r.when.column))} = ${lit(r.when.equals)}`;
		const target = column(t, r.column);
		const bad =
			r.must === 'be_empty'
				? present(target)
				: r.must === 'be_present'
					? `NOT (${present(target)})`
					: `${present(target)} AND NOT list_contains(${list(r.must.oneOf)}, ${asText(target)})`;
		faults.push(`${when} AND ${bad}`);
	}
	return faults;
}

/**
 * A query giving one row (`faults`) that is true if any row of the typed table `typed` breaks a
 * rule of its table on its own, or a key may repeat (a repeated hash: almost always a repeated
 * key). Takes `$extracted`, the extraction date.
 */
export function typedFaultsSql(t: TableDef, typed: string): string {
	const rows = [...t.columns.flatMap((c) => columnFaults(t, c)), ...ruleFaults(t)];
	const scope = t.kind === 'case' && !t.key.includes('la_code') ? ', la_code' : '';
	const keyHash = `hash(${t.key.map(q).join(', ')}${scope})`;
	const anyRow = rows.length ? rows.map((f) => `(${f})`).join(' OR ') : 'false';
	return `SELECT EXISTS (SELECT 1 FROM ${typed} WHERE ${anyRow})
		OR EXISTS (SELECT 1 FROM (SELECT h, lag(h) OVER (ORDER BY h) AS previous
			FROM (SELECT ${keyHash} AS h FROM ${typed})) WHERE h = previous) AS faults`;
}
