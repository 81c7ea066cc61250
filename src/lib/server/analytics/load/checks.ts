// Turns the contract's column types and rules into SQL checks over staged text columns. Each
// check selects the offending rows (record number, value) of one column; values are compared
// as text, so a check never fails on a type error of its own. Identifiers in the SQL come only
// from the contract; values from an extract arrive as parameters or staged data.
//
// A table's checks come in two depths. The quick ones test a date's shape and range but not
// that the day exists (2024-02-30 passes): the typed table's strict cast is what finds those,
// and when it fails, or a quick check finds anything, the thorough checks run over the table
// to report every problem exactly (table.ts). Both find the same problems in the end; the quick
// ones are what a good extract costs when it is staged as text to be pseudonymised (any other
// good extract is typed and checked without its text: typed.ts).
import type { DuckDBConnection } from '@duckdb/node-api';
import {
	EARLIEST_EVENT_DATE,
	conditionalRules,
	crossOrderRules,
	noOverlapRules,
	rowOrderRules,
	type ColumnDef,
	type TableDef
} from '$lib/contract';
import { isAuthorityColumn } from './authority-type';
import { PROBLEMS_PER_FILE } from './errors';
import { q } from './sql';

/** The authorities the manifest lists, one code a row, as the checks of a table read them. */
const MANIFEST_LA = 'temp.manifest_la';

/** Creates MANIFEST_LA on a connection that will run tableChecks. */
export async function createManifestAuthorities(
	c: DuckDBConnection,
	codes: readonly string[]
): Promise<void> {
	await c.run('CREATE TEMP TABLE manifest_la (code VARCHAR)');
	if (codes.length === 0) return;
	// One statement for them all: one each took over a second for England's.
	const params = Object.fromEntries(codes.map((code, i) => [`c${i}`, code]));
	const rows = codes.map((_, i) => `($c${i})`).join(', ');
	await c.run(`INSERT INTO ${MANIFEST_LA} VALUES ${rows}`, params);
}

export interface Check {
	table: string;
	column: string;
	expected: string;
	/** SELECT record, value FROM … yielding the offending rows. */
	sql: string;
	/**
	 * When one query checks several rules of a column, it also yields `which`: the rule broken,
	 * reported with `expected` (0) or the text at `which - 1` here (1, 2, …).
	 */
	alsoExpected?: readonly string[];
}

/** A check of one row's own values, reporting the value of `column`. */
function rowCheck(
	t: TableDef,
	relation: string,
	column: string,
	expected: string,
	condition: string
): Check {
	return {
		table: t.name,
		column,
		expected,
		sql: `SELECT rowid + 1 AS record, ${q(column)} AS value FROM ${relation} WHERE ${condition}`
	};
}

/** A text as an SQL string literal. */
export const lit = (v: string) => `'${v.replace(/'/g, "''")}'`;
/** A text matched literally in a regular expression. */
const regexpLiteral = (v: string) => v.replace(/[^A-Za-z0-9_]/g, (ch) => `\\${ch}`);
/** Texts as an SQL list. */
export const list = (values: readonly string[]) => `[${values.map(lit).join(', ')}]`;

/** A regular expression for a whole list of codes separated by ';', each one of `codes`. */
export function codesPattern(codes: readonly string[]): string {
	const one = `(${codes.map(regexpLiteral).join('|')})`;
	return `${one}(;${one})*`;
}

/** The staged value, with empty text treated as missing. */
const v = (c: string) => `NULLIF(${q(c)}, '')`;

// Patterns for GLOB, which matches the whole value (much cheaper than a regular expression).
export const DATE_PATTERN = '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]';
export const MONTH_PATTERN = '[0-9][0-9][0-9][0-9]-[0-9][0-9]';

/** Quick checks for a table as a good extract has it; thorough ones to report (see above). */
export type CheckDepth = 'quick' | 'thorough';

/** SQL that is true when a text value looks like an NHS number (10 digits, valid check digit). */
export function nhsNumberLikeSql(expr: string): string {
	const digit = (i: number) => `CAST(substr(${expr}, ${i + 1}, 1) AS INTEGER)`;
	const sum = Array.from({ length: 9 }, (_, i) => `${digit(i)} * ${10 - i}`).join(' + ');
	return `(regexp_full_match(${expr}, '[0-9]{10}') AND (${sum}) % 11 <> 1 AND (11 - (${sum}) % 11) % 11 = ${digit(9)})`;
}

function typeChecks(t: TableDef, c: ColumnDef, staged: string, depth: CheckDepth): Check[] {
	// Code lists, regular expressions and bounds below come from the contract, never the extract.
	const checks: Check[] = [];
	const add = (expected: string, bad: string) =>
		checks.push(rowCheck(t, staged, c.name, expected, bad));

	if (!c.nullable) add('a value (this column may not be empty)', `${v(c.name)} IS NULL`);
	const present = `${v(c.name)} IS NOT NULL AND`;
	const ty = c.type;
	switch (ty.kind) {
		case 'id': {
			// Three rules in one pass, each for values of its own length, so most values are
			// passed on their length alone.
			const x = q(c.name);
			const nhs = `length(${x}) = 10 AND ${nhsNumberLikeSql(x)}`;
			const upn = `length(${x}) = 13 AND regexp_full_match(${x}, '[A-Za-z][0-9]{12}')`;
			checks.push({
				table: t.name,
				column: c.name,
				expected: 'an identifier of at most 64 characters',
				alsoExpected: [
					'a pseudonym, not an NHS number (10 digits passing the check-digit test)',
					'a pseudonym, not a Unique Pupil Number (a letter and 12 digits)'
				],
				sql: `SELECT rowid + 1 AS record, ${x} AS value, CASE WHEN length(${x}) > 64 THEN 0 WHEN length(${x}) = 10 THEN 1 ELSE 2 END AS which
					FROM ${staged} WHERE length(${x}) > 64 OR (${nhs}) OR (${upn})`
			});
			break;
		}
		case 'la_code': {
			const wellFormed = `regexp_full_match(${q(c.name)}, '[A-Z][0-9]{8}')`;
			if (!isAuthorityColumn(t, c)) {
				add('an ONS GSS code: a capital letter and 8 digits', `${present} NOT ${wellFormed}`);
				break;
			}
			// A case table's authority must be one the manifest lists. Its codes are all well
			// formed, so only rows outside it need the pattern, to say which rule they break.
			checks.push({
				table: t.name,
				column: c.name,
				expected: 'an ONS GSS code: a capital letter and 8 digits',
				alsoExpected: ['one of the authorities listed in manifest.json la_codes'],
				sql: `SELECT rowid + 1 AS record, ${q(c.name)} AS value, CASE WHEN ${wellFormed} THEN 1 ELSE 0 END AS which FROM ${staged}
					WHERE ${present} ${q(c.name)} NOT IN (SELECT code FROM ${MANIFEST_LA})`
			});
			break;
		}
		case 'date': {
			const x = q(c.name);
			// The whole test of the form; the quick one leaves whether the day exists to the cast.
			const wellFormed = `${x} GLOB '${DATE_PATTERN}' AND TRY_CAST(${x} AS DATE) IS NOT NULL`;
			const shaped = depth === 'thorough' ? wellFormed : `${x} GLOB '${DATE_PATTERN}'`;
			if (ty.anyYear) {
				add('a date as YYYY-MM-DD', `${present} NOT (${shaped})`);
				break;
			}
			// Format and range in one pass over the column (a scan for each was measured much slower
			// on the largest tables). A well-formed date compares as text in date order, so most rows pass
			// on the cheap text comparison and the pattern; only the few that fail are told apart.
			const lower = ty.event === false ? '1900-01-01' : EARLIEST_EVENT_DATE;
			checks.push({
				table: t.name,
				column: c.name,
				expected: 'a date as YYYY-MM-DD',
				alsoExpected: [`a date from ${lower} to the extract date`],
				sql: `SELECT rowid + 1 AS record, ${x} AS value, CASE WHEN ${wellFormed} THEN 1 ELSE 0 END AS which FROM ${staged}
					WHERE ${present} NOT (${x} BETWEEN ${lit(lower)} AND $extracted AND ${shaped})`
			});
			break;
		}
		case 'month': {
			const x = q(c.name);
			// As text, a month of the right shape compares in month order with the extract's.
			const inRange = `${x} BETWEEN '1900-01' AND substr($extracted, 1, 7) AND ${x} GLOB '${MONTH_PATTERN}'`;
			const exists = `TRY_CAST(${x} || '-01' AS DATE) IS NOT NULL`;
			add(
				'a month as YYYY-MM, not after the extract date',
				`${present} NOT (${inRange}${depth === 'thorough' ? ` AND ${exists}` : ''})`
			);
			break;
		}
		case 'boolean':
			add('true or false', `${present} ${q(c.name)} NOT IN ('true', 'false')`);
			break;
		case 'integer':
			add(
				`a whole number from ${ty.min} to ${ty.max}`,
				`${present} (NOT regexp_full_match(${q(c.name)}, '-?[0-9]{1,9}') OR CAST(${q(c.name)} AS BIGINT) NOT BETWEEN ${ty.min} AND ${ty.max})`
			);
			break;
		case 'decimal':
			add(
				`a number from ${ty.min} to ${ty.max}`,
				`${present} (NOT regexp_full_match(${q(c.name)}, '-?[0-9]{1,9}(\\.[0-9]{1,6})?') OR CAST(${q(c.name)} AS DOUBLE) NOT BETWEEN ${ty.min} AND ${ty.max})`
			);
			break;
		case 'code':
			add(
				`one of ${ty.codes.join(', ')}`,
				`${present} NOT list_contains(${list(ty.codes)}, ${q(c.name)})`
			);
			break;
		case 'codes': {
			// One pattern for the whole value: several times faster than splitting it into a list.
			add(
				`codes separated by ';', each one of ${ty.codes.join(', ')}`,
				`${present} NOT regexp_full_match(${q(c.name)}, ${lit(codesPattern(ty.codes))})`
			);
			break;
		}
		case 'text':
			add(
				`text of at most ${ty.maxLength} characters`,
				`${present} length(${q(c.name)}) > ${ty.maxLength}`
			);
			break;
	}
	return checks;
}

/** Every check that concerns one table on its own (types, codes, keys, order within a row). */
export function tableChecks(t: TableDef, staged: string, depth: CheckDepth): Check[] {
	const checks: Check[] = [];
	for (const c of t.columns) checks.push(...typeChecks(t, c, staged, depth));

	// Keys: every occurrence after the first is reported. Grouping by a hash of the key first is
	// about twice as fast as numbering every row; only keys whose hash repeats (duplicates, or
	// the rare collision) are then numbered. Quickly, it is enough to know that no hash repeats:
	// sorted, a repeat sits next to itself, which is cheaper to find than by grouping.
	const keyCols = t.key.map(q).join(', ');
	const keyText = t.key.map((k) => `coalesce(${q(k)}, '')`).join(` || ' / ' || `);
	const scope = t.kind === 'case' && !t.key.includes('la_code') ? `, la_code` : '';
	const keyHash = `hash(${keyCols}${scope})`;
	const expected = `a unique ${t.key.join(' + ')}${scope ? ' within the authority' : ''} (this one appears earlier in the file)`;
	checks.push({
		table: t.name,
		column: t.key.join(', '),
		expected,
		sql:
			depth === 'quick'
				? `SELECT 0 AS record, '' AS value FROM (SELECT h, lag(h) OVER (ORDER BY h) AS previous FROM (SELECT ${keyHash} AS h FROM ${staged}))
					WHERE h = previous`
				: `SELECT record, value FROM (SELECT rowid + 1 AS record, ${keyText} AS value, row_number() OVER (PARTITION BY ${keyCols}${scope} ORDER BY rowid) AS n FROM ${staged}
					WHERE ${keyHash} IN (SELECT h FROM (SELECT ${keyHash} AS h FROM ${staged}) GROUP BY h HAVING count(*) > 1)) WHERE n > 1`
	});

	for (const r of rowOrderRules.filter((r) => r.table === t.name)) {
		checks.push(
			rowCheck(
				t,
				staged,
				r.later,
				`a date on or after ${r.earlier}`,
				`TRY_CAST(${q(r.later)} AS DATE) < TRY_CAST(${q(r.earlier)} AS DATE)`
			)
		);
	}

	for (const r of conditionalRules.filter((r) => r.table === t.name)) {
		const when = `${q(r.when.column)} = ${lit(r.when.equals)}`;
		const bad =
			r.must === 'be_empty'
				? `${v(r.column)} IS NOT NULL`
				: r.must === 'be_present'
					? `${v(r.column)} IS NULL`
					: `${v(r.column)} IS NOT NULL AND NOT list_contains(${list(r.must.oneOf)}, ${q(r.column)})`;
		const expected =
			r.must === 'be_empty'
				? `no value when ${r.when.column} is ${r.when.equals}`
				: r.must === 'be_present'
					? `a value when ${r.when.column} is ${r.when.equals}`
					: `one of ${r.must.oneOf.join(', ')} when ${r.when.column} is ${r.when.equals}`;
		checks.push(rowCheck(t, staged, r.column, expected, `${when} AND ${bad}`));
	}
	return checks;
}

/** One query checking several tables' columns at once; `src` in its rows names the member. */
export interface GroupCheck {
	/** The table referred to. */
	target: string;
	/** SELECT src, record, value …, at most PROBLEMS_PER_FILE rows for each member. */
	sql: string;
	members: { table: string; column: string; expected: string }[];
}

/**
 * Checks between tables, part one: every reference resolves within the authority. The columns
 * referring to one table are checked together, in one anti-join, so that table is hashed once
 * rather than once for each column referring to it (ten tables name a child). They run on the
 * typed tables (every table has passed its own checks by then), so values are cast back to
 * text for the report.
 */
export function referenceGroups(
	ts: readonly TableDef[],
	staged: (name: string) => string,
	present: Set<string>,
	keyOf: (name: string) => string
): GroupCheck[] {
	const byTarget = new Map<string, { table: string; column: string }[]>();
	for (const t of ts)
		for (const c of t.columns) {
			if (!c.references || !present.has(c.references)) continue;
			byTarget.set(c.references, [
				...(byTarget.get(c.references) ?? []),
				{ table: t.name, column: c.name }
			]);
		}
	return [...byTarget].map(([target, from]) => {
		const key = keyOf(target);
		const referring = from
			.map(
				(m, i) =>
					`SELECT ${i} AS src, rowid + 1 AS record, ${q(m.column)} AS ref, la_code FROM ${staged(m.table)} WHERE NULLIF(${q(m.column)}, '') IS NOT NULL`
			)
			.join(' UNION ALL ');
		return {
			target,
			members: from.map((m) => ({
				...m,
				expected: `the ${key} of a row in ${target} for the same la_code`
			})),
			// An anti-join: measured at less than half the time of NOT EXISTS on millions of rows.
			sql: `SELECT src, record, CAST(ref AS VARCHAR) AS value FROM (
				SELECT s.*, row_number() OVER (PARTITION BY s.src ORDER BY s.record) AS n
				FROM (${referring}) s ANTI JOIN ${staged(target)} r ON r.${q(key)} = s.ref AND r.la_code = s.la_code
			) WHERE n <= ${PROBLEMS_PER_FILE}`
		};
	});
}

/**
 * Checks between tables, part two: dates that must follow a referred row's, and rows of a child
 * that may not overlap; on the typed tables, as referenceGroups.
 */
export function orderChecks(
	t: TableDef,
	staged: (name: string) => string,
	present: Set<string>,
	keyOf: (name: string) => string
): Check[] {
	const checks: Check[] = [];
	for (const r of crossOrderRules.filter((r) => r.table === t.name)) {
		if (!present.has(r.otherTable)) continue;
		const cmp = r.relation === '>=' ? '<' : '>';
		checks.push({
			table: t.name,
			column: r.column,
			expected: `a date ${r.relation === '>=' ? 'on or after' : 'on or before'} the ${r.otherColumn} of its ${r.otherTable} row (${r.description})`,
			sql: `SELECT s.rowid + 1 AS record, CAST(s.${q(r.column)} AS VARCHAR) AS value FROM ${staged(t.name)} s JOIN ${staged(r.otherTable)} o ON o.${q(keyOf(r.otherTable))} = s.${q(r.via)} AND o.la_code = s.la_code WHERE TRY_CAST(s.${q(r.column)} AS DATE) ${cmp} TRY_CAST(o.${q(r.otherColumn)} AS DATE)`
		});
	}
	for (const r of noOverlapRules.filter((r) => r.table === t.name)) {
		// The typed table's rowid + 1 is the record number, carried through the window.
		checks.push({
			table: t.name,
			column: r.start,
			expected: `no other row of the child still open on this day: ${r.description}`,
			sql: `SELECT record, CAST(${q(r.start)} AS VARCHAR) AS value FROM (
				SELECT rowid + 1 AS record, ${q(r.start)}, lag(coalesce(${q(r.end)}, DATE '9999-12-31'))
					OVER (PARTITION BY la_code, child_id ORDER BY ${q(r.start)}, rowid) AS previous_end
				FROM ${staged(t.name)}) WHERE previous_end > ${q(r.start)}`
		});
	}
	return checks;
}
