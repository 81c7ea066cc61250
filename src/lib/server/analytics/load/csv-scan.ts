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

// What each byte value means to the scan. Nearly every byte is ORDINARY; the rest need a look.
const ORDINARY = 0,
	SPECIAL = 1,
	CONTROL = 2;
const BYTE_KIND = new Uint8Array(256).map((_, b) =>
	b === QUOTE || b === COMMA || b === LF || b === CR
		? SPECIAL
		: (b < 0x20 && b !== 0x09) || b === 0x7f
			? CONTROL
			: b === 0xef || b === 0xbb || b === 0xbf // the bytes of a byte-order mark
				? SPECIAL
				: ORDINARY
);

// For the fast path over a whole line: 0 ordinary, 1 comma, 2 anything needing a closer look.
const LINE_KIND = BYTE_KIND.map((kind, b) => (b === COMMA ? 1 : kind === ORDINARY ? 0 : 2));

/** The fields of a line holding only ordinary bytes and commas; -1 if it holds anything else. */
function plainFields(buf: Uint8Array, start: number, stop: number): number {
	let fields = 1;
	for (let j = start; j < stop; j++) {
		const k = LINE_KIND[buf[j]!]!;
		if (k === 1) fields++;
		else if (k !== 0) return -1;
	}
	return fields;
}

/** How many lines plainLines took. */
const plain = { lines: 0 };

/**
 * Takes whole lines from `start` while each ends before `end` and holds only ordinary bytes
 * and `fields` fields; returns where it stopped and leaves how many lines in `plain.lines`.
 * A function of its own, called once per run of lines, so that V8 optimises it: the scan's
 * main loop resumes after every read (an await) and would run this part unoptimised.
 */
function plainLines(buf: Buffer, start: number, end: number, fields: number): number {
	let i = start;
	let n = 0;
	for (;;) {
		const lf = buf.indexOf(LF, i);
		if (lf <= i || lf >= end) break;
		const stop = buf[lf - 1] === CR ? lf - 1 : lf;
		if (stop <= i || plainFields(buf, i, stop) !== fields) break;
		n++;
		i = lf + 1;
	}
	plain.lines = n;
	return i;
}

/** How many of the first `end` bytes form whole UTF-8 characters (a split one is left over). */
function completeUtf8Length(buf: Buffer, end: number): number {
	let j = end - 1;
	while (j >= 0 && j > end - 4 && (buf[j]! & 0xc0) === 0x80) j--;
	if (j < 0) return end;
	const lead = buf[j]!;
	const size = lead >= 0xf0 ? 4 : lead >= 0xe0 ? 3 : lead >= 0xc0 ? 2 : 1;
	return end - j < size ? j : end;
}

/**
 * Reads the file in 4 MiB chunks, awaiting each, so the loader's database work on other tables
 * carries on while a file is scanned.
 */
export async function scanCsv(
	path: string,
	file: string,
	problems: ProblemList
): Promise<CsvScan | null> {
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
	const fh = await fs.promises.open(path, 'r');
	const chunk = Buffer.allocUnsafe(1 << 22);
	// The header's bytes, decoded once the first record ends (64 KiB is plenty for names).
	const headerBytes: Buffer[] = [];
	let headerSize = 0;
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
			header = parseRecord(new TextDecoder().decode(Buffer.concat(headerBytes)));
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
		let carry = 0; // bytes of an incomplete character kept from the last read (already scanned)
		for (;;) {
			const { bytesRead: n } = await fh.read(chunk, carry, chunk.length - carry, offset);
			if (n === 0) break;
			offset += n;
			const end = carry + n;
			// Validated natively, up to the last complete character; the rest waits for the next read.
			const complete = completeUtf8Length(chunk, end);
			if (!isUtf8(chunk.subarray(0, complete))) {
				problems.add({
					file,
					line: firstInvalidUtf8Line(path),
					column: null,
					value: null,
					expected: 'UTF-8 text (this file has bytes that are not valid UTF-8; save it as UTF-8)'
				});
				return null;
			}
			const buf = chunk;
			let i = carry;
			if (inHeader && headerSize < 65536) {
				const part = Buffer.from(buf.subarray(i, Math.min(end, i + 65536 - headerSize)));
				headerBytes.push(part);
				headerSize += part.length;
			}
			if (!bomChecked) {
				bomChecked = true;
				if (end >= 3 && buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf) i = 3;
			}
			for (; i < end; i++) {
				// The usual line, at the start of a data record, is taken by a fast path: whole
				// lines of ordinary bytes and commas (and perhaps CR before LF) with the expected
				// number of fields. What it stops at goes through the byte-by-byte path below.
				if (fieldStart && fields === 1 && !recordHasContent && !inQuotes && record > 0) {
					const next = plainLines(buf, i, end, expectedFields);
					if (plain.lines > 0) {
						if (recordLine !== record + 1) {
							for (let k = 0; k < plain.lines; k++) exceptions.set(record + k, recordLine + k);
						}
						record += plain.lines;
						line += plain.lines;
						recordLine = line;
						bomBytes = 0;
						i = next;
						if (i >= end) break;
					}
				}
				const b = buf[i]!;
				const kind = BYTE_KIND[b]!;
				if (kind === ORDINARY && !afterQuote) {
					fieldStart = false;
					recordHasContent = true;
					bomBytes = 0;
					// The rest of a run of ordinary bytes changes nothing: skip it in a tight loop.
					while (i + 1 < end && BYTE_KIND[buf[i + 1]!] === ORDINARY) i++;
					continue;
				}
				if (kind === CONTROL)
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
			chunk.copy(chunk, 0, complete, end);
			carry = end - complete;
		}
		if (carry > 0) {
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
		await fh.close();
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

/**
 * The column names on the first line, read before the scan has reached the file, so that
 * DuckDB can start reading it; the scan's own header (the same bytes) is the one checked.
 */
export function readCsvHeader(path: string): string[] {
	const fd = fs.openSync(path, 'r');
	try {
		const bytes = Buffer.alloc(65536);
		const n = fs.readSync(fd, bytes, 0, bytes.length, 0);
		return parseRecord(new TextDecoder().decode(bytes.subarray(0, n)));
	} finally {
		fs.closeSync(fd);
	}
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
