// Runs SQL checks (checks.ts) over a table and reports each offending row as a problem at its
// file, physical line, column and value.
import type { DuckDBConnection } from '@duckdb/node-api';
import type { Check, GroupCheck } from './checks';
import { PROBLEMS_PER_FILE, type ProblemList } from './errors';
import type { ExtractFile } from './extract';
import { isPseudonymised, originalOf } from './pseudonymise';
import { rowsOf } from './sql';

/** Set when ids were pseudonymised: reported ids are turned back into the extract's own. */
type Pseudonyms = DuckDBConnection | undefined;

/** A problem at a record of `f`'s column, its value as the extract gave it. */
async function report(
	problems: ProblemList,
	f: ExtractFile,
	record: number,
	column: string,
	raw: unknown,
	expected: string,
	pseudonyms: Pseudonyms
): Promise<void> {
	let value = raw === null || raw === undefined ? '' : String(raw);
	const col = f.table.columns.find((c) => c.name === column);
	if (pseudonyms && isPseudonymised(col) && value)
		value = (await originalOf(pseudonyms, value)) ?? value;
	problems.add({
		file: f.file,
		line: f.scan ? f.scan.lineOf(record) : record,
		column,
		value,
		expected
	});
}

/** Keeps the reported problems in file order. */
function sortByLine(problems: ProblemList): void {
	problems.items.sort((a, b) => (a.file === b.file ? (a.line ?? 0) - (b.line ?? 0) : 0));
}

/** The extraction date as `$extracted`, for a check's SQL that takes it (DuckDB refuses unused ones). */
export function extractedParam(sql: string, extracted: string): { extracted: string } | undefined {
	return sql.includes('$extracted') ? { extracted } : undefined;
}

export async function runChecks(
	c: DuckDBConnection,
	checks: Check[],
	f: ExtractFile,
	extracted: string,
	problems: ProblemList,
	pseudonyms?: Pseudonyms
): Promise<void> {
	// One query per check: measured faster than one pass testing every condition with OR.
	for (const check of checks) {
		if (problems.full(f.file)) return;
		const sql = `${check.sql} ORDER BY record LIMIT ${PROBLEMS_PER_FILE}`;
		for (const r of await rowsOf(c, sql, extractedParam(sql, extracted))) {
			const which = Number(r.which ?? 0);
			const expected =
				which > 0 ? (check.alsoExpected?.[which - 1] ?? check.expected) : check.expected;
			await report(problems, f, Number(r.record), check.column, r.value, expected, pseudonyms);
		}
	}
	sortByLine(problems);
}

/**
 * Runs a check over several tables' columns (checks.ts referenceGroups); each row is reported
 * at its member's file. Rows come in member and record order, so a file's problems stop at the
 * earliest lines when there are too many to list.
 */
export async function runGroupCheck(
	c: DuckDBConnection,
	group: GroupCheck,
	fileOf: (table: string) => ExtractFile,
	problems: ProblemList,
	pseudonyms?: Pseudonyms
): Promise<void> {
	for (const r of await rowsOf(c, `${group.sql} ORDER BY src, record`)) {
		const m = group.members[Number(r.src)]!;
		await report(
			problems,
			fileOf(m.table),
			Number(r.record),
			m.column,
			r.value,
			m.expected,
			pseudonyms
		);
	}
	sortByLine(problems);
}
