// Rows read from census returns, written as contract tables (CSV in the load's scratch folder)
// for the loader to check and type like any other table, with a map from each row back to the
// return, line and element it came from, so that every problem names what the sender sent.
import fs from 'node:fs';
import path from 'node:path';
import { table, type TableName } from '$lib/contract';
import type { ExtractProblem } from '../errors';
import type { XmlNode } from '../xml/records';

/** Where one kind of row comes from: its table, the element it is read from, and each column's. */
export interface Origin {
	table: TableName;
	/** Path of the element the row is read from (Message/…). */
	block: string;
	/** Each column's element, relative to the block ('' for the block itself). */
	elements: Partial<Record<string, string>>;
}

/** One row for a contract table, as text, and the element it was read from. */
export interface CensusRow {
	origin: string;
	node: XmlNode;
	values: Record<string, string>;
}

/** A census return being read: its name as problems report it, and where it is. */
export interface ReturnFile {
	file: string;
	path: string;
}

/** One converted table: its CSV, and for each record the return and line it came from. */
export interface ConvertedTable {
	name: TableName;
	/** The name problems use until they are traced back to a return. */
	file: string;
	path: string;
	rows: number;
	/** Per record (from 0): index into the writer's returns, line, and index into origins. */
	sources: { file: number[]; line: number[]; origin: number[] };
}

/**
 * Writes census rows into one CSV per table, in the contract's column order. A row whose key was
 * written from an earlier-read return (the same episode or plan reported again) is skipped, so
 * reading the newest return first keeps its version of each row; a key repeated within one
 * return is written twice, for the loader to report.
 */
export class CensusTableWriter<R extends ReturnFile> {
	readonly tables = new Map<TableName, WritingTable>();
	readonly returns: R[] = [];
	private readonly originNames: string[] = [];

	constructor(
		private readonly dir: string,
		private readonly origins: Record<string, Origin>
	) {}

	/**
	 * Starts reading a return, which feeds `tables` (each written even if the return has no row
	 * for it: none is a count of nought, not a table missing); its rows are attributed to it until
	 * the next.
	 */
	beginReturn(f: R, tables: TableName[]): void {
		this.returns.push(f);
		for (const t of this.tables.values()) {
			for (const key of t.current) t.earlier.add(key);
			t.current.clear();
		}
		this.expect(tables);
	}

	/** Writes these tables even if no row comes for them. */
	expect(tables: TableName[]): void {
		for (const name of tables) this.open(name);
	}

	/**
	 * Writes a row; returns a problem instead if a value holds a line break (no census value
	 * does, and a converted table keeps one record per line).
	 */
	write(row: CensusRow): ExtractProblem | null {
		const origin = this.origins[row.origin]!;
		const t = this.open(origin.table);
		const def = table(origin.table);
		const key = [row.values.la_code, ...def.key.map((k) => row.values[k])].join('\u0000');
		if (t.earlier.has(key)) return null;
		let line = '';
		for (const [i, col] of def.columns.entries()) {
			const value = row.values[col.name];
			if (value === undefined) throw new Error(`a census ${origin.table} row without ${col.name}`);
			if (/[\r\n]/.test(value))
				return {
					file: this.returns.at(-1)!.file,
					line: row.node.line,
					column: elementPath(origin, col.name),
					value,
					expected: 'a value on one line'
				};
			line += (i ? ',' : '') + (/[",]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value);
		}
		t.current.add(key);
		fs.writeSync(t.fd, `${line}\n`);
		t.sources.file.push(this.returns.length - 1);
		t.sources.line.push(row.node.line);
		t.sources.origin.push(this.originIndex(row.origin));
		t.rows++;
		return null;
	}

	/** Closes the files; the tables written, in the contract's order of tables. */
	close(): ConvertedTable[] {
		for (const t of this.tables.values()) fs.closeSync(t.fd);
		return [...this.tables.values()].map(({ name, file, path, rows, sources }) => ({
			name,
			file,
			path,
			rows,
			sources
		}));
	}

	/** The origin behind a record of a converted table. */
	originOf(t: ConvertedTable, record: number): Origin {
		return this.origins[this.originNames[t.sources.origin[record]!]!]!;
	}

	private originIndex(name: string): number {
		let i = this.originNames.indexOf(name);
		if (i < 0) i = this.originNames.push(name) - 1;
		return i;
	}

	private open(name: TableName) {
		let t = this.tables.get(name);
		if (!t) {
			const p = path.join(this.dir, `${name}.csv`);
			const fd = fs.openSync(p, 'w');
			fs.writeSync(
				fd,
				`${table(name)
					.columns.map((c) => c.name)
					.join(',')}\n`
			);
			t = {
				name,
				file: `${name}.csv (from census returns)`,
				path: p,
				rows: 0,
				sources: { file: [], line: [], origin: [] },
				fd,
				earlier: new Set(),
				current: new Set()
			};
			this.tables.set(name, t);
		}
		return t;
	}
}

interface WritingTable extends ConvertedTable {
	fd: number;
	/** Keys written from returns read before the present one, and from the present one. */
	earlier: Set<string>;
	current: Set<string>;
}

/** The full path of the element a column of a row comes from. */
export function elementPath(origin: Origin, column: string): string {
	const element = origin.elements[column];
	if (element === undefined) return origin.block;
	return element ? `${origin.block}/${element}` : origin.block;
}
