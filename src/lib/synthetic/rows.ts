// Rows of the contract's tables as the generator writes them: each row given by column name and
// turned into a CSV line in the contract's column order, so a change to the contract cannot
// silently shift the generator's columns. A row that lacks a column or has one the table does
// not is a bug, and throws.
import { table, type TableName } from '../contract';

export type Cell = string | number | boolean;
/** Receives each row written: its CSV line, and the row itself by column name. */
export type RowSink = (table: string, line: string, row: Record<string, Cell>) => void;

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

/** The table's column names, as its CSV header. */
export function csvHeader(name: TableName): string {
	return columns(name).join(',');
}

/**
 * A row as a CSV line in the contract's column order, each value through `field` (as it is by
 * default: the simulation's values hold no comma, quote or line break; an empty string is an
 * empty cell). Throws on a row missing a column or carrying one the contract does not have.
 */
export function csvLine(
	name: TableName,
	row: Record<string, Cell>,
	field?: (value: Cell) => string
): string {
	const cols = columns(name);
	let line = '';
	for (let i = 0; i < cols.length; i++) {
		const value = row[cols[i]!];
		if (value === undefined) throw new Error(`a ${name} row without ${cols[i]}`);
		const text = field ? field(value) : value;
		line += i === 0 ? `${text}` : `,${text}`;
	}
	let given = 0;
	for (const _ in row) given++;
	if (given !== cols.length)
		throw new Error(`a ${name} row with columns the contract does not have`);
	return line;
}

export class RowWriter {
	readonly counts: LaCounts = {};
	constructor(private readonly emit: RowSink) {}

	/** Writes one row (see csvLine). */
	write(name: TableName, row: Record<string, Cell>): void {
		const line = csvLine(name, row);
		this.counts[name] = (this.counts[name] ?? 0) + 1;
		this.emit(name, line, row);
	}
}
