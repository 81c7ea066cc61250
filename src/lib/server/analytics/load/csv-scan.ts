// A fast structural pass over a CSV file before DuckDB reads it: valid UTF-8, RFC 4180 quoting,
// the same number of fields on every record, a complete last record, and no invisible bytes
// in values (control characters such as NUL, or a byte-order mark anywhere but the start,
// which an id would otherwise carry silently and then fail to match its references). It also records where
// each record starts when that differs from "record number + 1" (quoted fields may hold line
// breaks), so later problems can be reported by physical line.
import { isUtf8 } from 'node:buffer';
import fs from 'node:fs';
import { ProblemList } from './errors';

export interface CsvScan {
	header: string[];
	records: number;
	/** Physical line of a data record (1-based record number; the header is line 1). */
	lineOf(record: number): number;
}

const QUOTE = 0x22,
	COMMA = 0x2c,
	LF = 0x0a,
	CR = 0x0d;

export function scanCsv(path: string, file: string, problems: ProblemList): CsvScan | null {
	const size = fs.statSync(path).size;
	if (size === 0) {
		problems.add({
			file,
			line: null,
			column: null,
			value: null,
			expected: 'a header row and data (the file is empty)'
		});
		return null;
	}
	const fd = fs.openSync(path, 'r');
	const chunk = Buffer.allocUnsafe(1 << 22);
	const decoder = new TextDecoder('utf-8', { fatal: true });
	let headerText = '';
	let inHeader = true;
	let header: string[] = [];
	let expectedFields = -1;

	let line = 1; // current physical line
	let recordLine = 1; // line where the current record started
	let record = 0; // 0 = header
	let fields = 1;
	let inQuotes = false;
	let afterQuote = false; // just closed a quoted field
	let fieldStart = true;
	let recordHasContent = false;
	const exceptions = new Map<number, number>();
	let offset = 0;
	let bomChecked = false;
	let bomBytes = 0; // how many bytes of a byte-order mark (EF BB BF) were just seen

	/** A byte that has no place in a value: reported at its line and column. */
	const invisible = (what: string) => {
		if (problems.full(file)) return;
		problems.add({
			file,
			line,
			column: record > 0 ? (header[fields - 1] ?? null) : null,
			value: null,
			expected: `no ${what} in a value (remove it and save the file again)`
		});
	};

	const endRecord = () => {
		if (record === 0) {
			inHeader = false;
			header = parseRecord(headerText);
			expectedFields = header.length;
			if (fields !== expectedFields) {
				problems.add({
					file,
					line: 1,
					column: null,
					value: null,
					expected: 'a header row of plain column names'
				});
			}
		} else if (fields !== expectedFields && !problems.full(file)) {
			problems.add({
				file,
				line: recordLine,
				column: null,
				value: null,
				expected: `${expectedFields} fields as in the header, found ${fields}`
			});
		}
		if (record > 0 && recordLine !== record + 1) exceptions.set(record, recordLine);
		record++;
		fields = 1;
		fieldStart = true;
		afterQuote = false;
		recordHasContent = false;
	};

	try {
		for (;;) {
			const n = fs.readSync(fd, chunk, 0, chunk.length, offset);
			if (n === 0) break;
			const buf = chunk.subarray(0, n);
			try {
				const text = decoder.decode(buf, { stream: true });
				if (inHeader) headerText += text.slice(0, 65536);
			} catch {
				problems.add({
					file,
					line: firstInvalidUtf8Line(path),
					column: null,
					value: null,
					expected: 'UTF-8 text (this file has bytes that are not valid UTF-8; save it as UTF-8)'
				});
				return null;
			}
			let i = 0;
			if (!bomChecked) {
				bomChecked = true;
				if (n >= 3 && buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf) i = 3;
			}
			for (; i < n; i++) {
				const b = buf[i]!;
				if (b < 0x20 ? b !== LF && b !== CR && b !== 0x09 : b === 0x7f)
					invisible(`control character (byte 0x${b.toString(16).padStart(2, '0')})`);
				bomBytes =
					b === 0xef ? 1 : b === 0xbb && bomBytes === 1 ? 2 : b === 0xbf && bomBytes === 2 ? 3 : 0;
				if (bomBytes === 3)
					invisible('byte-order mark (it belongs only at the very start of a file)');
				if (inQuotes) {
					if (b === QUOTE) {
						inQuotes = false;
						afterQuote = true;
					} else if (b === LF) line++;
					continue;
				}
				if (b === QUOTE) {
					if (afterQuote) {
						// "" inside a quoted field: an escaped quote; back into the field.
						inQuotes = true;
						afterQuote = false;
					} else if (fieldStart) {
						inQuotes = true;
						fieldStart = false;
						recordHasContent = true;
					} else if (!problems.full(file)) {
						problems.add({
							file,
							line,
							column: null,
							value: null,
							expected: 'a quote only at the start of a field (RFC 4180)'
						});
					}
					continue;
				}
				if (b === COMMA) {
					fields++;
					fieldStart = true;
					afterQuote = false;
					recordHasContent = true;
					continue;
				}
				if (b === LF) {
					if (recordHasContent || fields > 1) endRecord();
					else if (record > 0 && !problems.full(file)) {
						problems.add({
							file,
							line,
							column: null,
							value: null,
							expected: 'no blank lines inside the file'
						});
					}
					line++;
					recordLine = line;
					continue;
				}
				if (b === CR) continue;
				if (afterQuote && !problems.full(file)) {
					problems.add({
						file,
						line,
						column: null,
						value: null,
						expected: 'a comma or line end after a closing quote'
					});
				}
				fieldStart = false;
				recordHasContent = true;
			}
			offset += n;
		}
		try {
			decoder.decode();
		} catch {
			problems.add({
				file,
				line,
				column: null,
				value: null,
				expected: 'UTF-8 text (the file ends part-way through a character)'
			});
			return null;
		}
		if (inQuotes) {
			problems.add({
				file,
				line: recordLine,
				column: null,
				value: null,
				expected: 'a closing quote (the file ends inside a quoted field: is it truncated?)'
			});
			return null;
		}
		if (recordHasContent || fields > 1) endRecord();
	} finally {
		fs.closeSync(fd);
	}
	if (record === 0) {
		problems.add({ file, line: 1, column: null, value: null, expected: 'a header row' });
		return null;
	}
	return {
		header,
		records: record - 1,
		lineOf: (r) => exceptions.get(r) ?? r + 1
	};
}

/** The physical line holding the first byte sequence that is not UTF-8 (failure path only). */
function firstInvalidUtf8Line(path: string): number {
	const bytes = fs.readFileSync(path);
	let line = 1;
	let start = 0;
	for (let i = 0; i <= bytes.length; i++) {
		if (i === bytes.length || bytes[i] === LF) {
			if (!isUtf8(bytes.subarray(start, i))) return line;
			line++;
			start = i + 1;
		}
	}
	return line - 1;
}

/** Splits the first record of the text into its fields (RFC 4180 quotes removed). */
export function parseRecord(text: string): string[] {
	const t = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
	const names: string[] = [];
	let cur = '';
	let q = false;
	for (let i = 0; i < t.length; i++) {
		const ch = t[i]!;
		if (q) {
			if (ch === '"') {
				if (t[i + 1] === '"') {
					cur += '"';
					i++;
				} else q = false;
			} else cur += ch;
		} else if (ch === '"') q = true;
		else if (ch === ',') {
			names.push(cur);
			cur = '';
		} else if (ch === '\n') break;
		else if (ch !== '\r') cur += ch;
	}
	names.push(cur);
	return names;
}
