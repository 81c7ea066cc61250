// Rows of the contract's tables as the generator writes them: each row given by column name and
// turned into a CSV line in the contract's column order, so a change to the contract cannot
// silently shift the generator's columns. A row that lacks a column or has one the table does
// not is a bug, and throws.
import { table, type TableName } from '../contract';

export type Cell = string | number | boolean;
export type RowSink = (table: string, line: string) => void;

/** Rows written per table. */
export interface LaCounts {
	[table: string]: number;
}

const columnsOf = new Map<TableName, string[]>();

function columns(name: TableName): string[] {
	let cols = columnsOf.get(name);
	if (!cols) {
		cols = table(name).columns.map((c) => c.name);
		columnsOf.set(name, cols);
	}
	return cols;
}

export class RowWriter {
	readonly counts: LaCounts = {};
	constructor(private readonly emit: RowSink) {}

	/**
	 * Writes one row. Values are written as they are (the generator's values hold no comma,
	 * quote or line break); an empty string is an empty cell.
	 */
	write(name: TableName, row: Record<string, Cell>): void {
		const cols = columns(name);
		let line = '';
		for (let i = 0; i < cols.length; i++) {
			const value = row[cols[i]!];
			if (value === undefined) throw new Error(`a ${name} row without ${cols[i]}`);
			line += i === 0 ? `${value}` : `,${value}`;
		}
		let given = 0;
		for (const _ in row) given++;
		if (given !== cols.length)
			throw new Error(`a ${name} row with columns the contract does not have`);
		this.counts[name] = (this.counts[name] ?? 0) + 1;
		this.emit(name, line);
	}
}
