// Problems found in an extract, each precise enough for an analyst to find and fix: the file,
// the line (or Parquet row), the column, the value, and what was expected.

export interface ExtractProblem {
	file: string;
	/** Physical line in a CSV or XML file (the header is line 1), or row number in a Parquet file. */
	line: number | null;
	/** The column, or in an XML file the element's path (Message/Children/Child/…). */
	column: string | null;
	value: string | null;
	expected: string;
}

/** A problem with a file as a whole, or with a line of it, naming no column or value. */
export function fileProblem(
	file: string,
	expected: string,
	line: number | null = null
): ExtractProblem {
	return { file, line, column: null, value: null, expected };
}

/** Most problems reported per file: enough to see a pattern, not so many as to drown it. */
export const PROBLEMS_PER_FILE = 50;

export class ExtractError extends Error {
	constructor(readonly problems: ExtractProblem[]) {
		super(
			`the extract has ${problems.length} problem${problems.length === 1 ? '' : 's'}:\n${problems.map(formatProblem).join('\n')}`
		);
		this.name = 'ExtractError';
	}
}

export function formatProblem(p: ExtractProblem): string {
	const where = [
		p.file,
		p.line !== null ? `${p.file.endsWith('.parquet') ? 'row' : 'line'} ${p.line}` : null,
		p.column !== null ? `${p.file.endsWith('.xml') ? 'element' : 'column'} ${p.column}` : null
	]
		.filter(Boolean)
		.join(', ');
	const value = p.value !== null ? ` value ${JSON.stringify(truncate(p.value))}:` : '';
	return `${where}:${value} expected ${p.expected}`;
}

function truncate(v: string): string {
	return v.length > 80 ? `${v.slice(0, 77)}…` : v;
}

/** Collects problems for one file up to the cap; reports whether the cap was reached. */
export class ProblemList {
	readonly items: ExtractProblem[] = [];
	private readonly perFile = new Map<string, number>();
	add(p: ExtractProblem): void {
		const n = this.perFile.get(p.file) ?? 0;
		if (n >= PROBLEMS_PER_FILE) return;
		this.perFile.set(p.file, n + 1);
		this.items.push(p);
	}
	full(file: string): boolean {
		return (this.perFile.get(file) ?? 0) >= PROBLEMS_PER_FILE;
	}
	get size(): number {
		return this.items.length;
	}
}
