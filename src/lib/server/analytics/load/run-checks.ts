// Runs SQL checks (checks.ts) over a table and reports each offending row as a problem at its
// file, physical line, column and value.
import type { DuckDBConnection } from '@duckdb/node-api';
import type { Check } from './checks';
import { PROBLEMS_PER_FILE, type ProblemList } from './errors';
import type { ExtractFile } from './extract';
import { isPseudonymised, originalOf } from './pseudonymise';
import { rowsOf } from './sql';

export async function runChecks(
	c: DuckDBConnection,
	checks: Check[],
	f: ExtractFile,
	extracted: string,
	problems: ProblemList,
	/** Set when ids were pseudonymised: reported ids are turned back into the extract's own. */
	pseudonyms?: DuckDBConnection
): Promise<void> {
	const report = async (record: number, check: Check, raw: unknown, expected: string) => {
		let value = raw === null || raw === undefined ? '' : String(raw);
		const col = f.table.columns.find((c) => c.name === check.column);
		if (pseudonyms && isPseudonymised(col) && value)
			value = (await originalOf(pseudonyms, value)) ?? value;
		problems.add({
			file: f.file,
			line: f.scan ? f.scan.lineOf(record) : record,
			column: check.column,
			value,
			expected
		});
	};
	const paramsFor = (sql: string) => (sql.includes('$extracted') ? { extracted } : undefined);

	// One query per check: measured faster than one pass testing every condition with OR.
	for (const check of checks) {
		if (problems.full(f.file)) return;
		const sql = `${check.sql} ORDER BY record LIMIT ${PROBLEMS_PER_FILE}`;
		for (const r of await rowsOf(c, sql, paramsFor(sql))) {
			const which = Number(r.which ?? 0);
			const expected =
				which > 0 ? (check.alsoExpected?.[which - 1] ?? check.expected) : check.expected;
			await report(Number(r.record), check, r.value, expected);
		}
	}
	// Keep the reported problems in file order.
	problems.items.sort((a, b) => (a.file === b.file ? (a.line ?? 0) - (b.line ?? 0) : 0));
}
