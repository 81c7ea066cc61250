// A fast structural pass over a CSV file before DuckDB reads it: valid UTF-8, RFC 4180 quoting,
// the same number of fields on every record, a complete last record, and no invisible bytes in
// values (control characters such as NUL, or a byte-order mark anywhere but the start, which
// an id would otherwise carry silently and then fail to match its references). It also records
// where each record starts when that differs from "record number + 1" (quoted fields may hold
// line breaks), so later problems can be reported by physical line.
import { isUtf8 } from 'node:buffer';
import crypto from 'node:crypto';
import fs from 'node:fs';
import { fileProblem, ProblemList } from '../errors';
import { parseRecord } from './record';

export interface CsvScan {
	header: string[];
	records: number;
	/** SHA-256 of the file's bytes, hex: taken as they are read, for the submission's record. */
	sha256: string;
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

/** How many of the first `end` bytes form whole UTF-8 characters (a split one is left over). */
function completeUtf8Length(buf: Buffer, end: number): number {
	let j = end - 1;
	while (j >= 0 && j > end - 4 && (buf[j]! & 0xc0) === 0x80) j--;
	if (j < 0) return end;
	const lead = buf[j]!;
	const size = lead >= 0xf0 ? 4 : lead >= 0xe0 ? 3 : lead >= 0xc0 ? 2 : 1;
	return end - j < size ? j : end;
}

/** Most bytes of the header kept for decoding its names (plenty for any column names). */
const HEADER_BYTES = 65536;

/**
 * The scan's state between chunks: where it is in the file (line, record, field) and what it
 * has learnt (the header, records that start off their expected line). Fed whole UTF-8 text in
 * chunks; reports problems to the list as it finds them.
 */
class CsvScanner {
	private readonly headerBytes: Buffer[] = [];
	private headerSize = 0;
	private inHeader = true;
	private bomChecked = false;
	/** How many bytes of a byte-order mark (EF BB BF) were just seen. */
	private bomBytes = 0;
	header: string[] = [];
	private expectedFields = -1;
	/** The current physical line. */
	line = 1;
	/** The line where the current record started. */
	recordLine = 1;
	/** The current record: 0 is the header. */
	record = 0;
	private fields = 1;
	inQuotes = false;
	/** Just closed a quoted field. */
	private afterQuote = false;
	private fieldStart = true;
	private recordHasContent = false;
	/** Records whose line is not record + 1. */
	private readonly exceptions = new Map<number, number>();

	constructor(
		private readonly file: string,
		private readonly problems: ProblemList
	) {}

	/** Scans buf[start, end), which ends on a whole character. */
	feed(buf: Buffer, start: number, end: number): void {
		let i = start;
		if (this.inHeader && this.headerSize < HEADER_BYTES) {
			const part = Buffer.from(buf.subarray(i, Math.min(end, i + HEADER_BYTES - this.headerSize)));
			this.headerBytes.push(part);
			this.headerSize += part.length;
		}
		if (!this.bomChecked) {
			this.bomChecked = true;
			if (end >= 3 && buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf) i = 3;
		}
		for (; i < end; i++) {
			// The usual line, at the start of a data record, is taken by a fast path: whole lines
			// of ordinary bytes and commas (and perhaps CR before LF) with the expected number of
			// fields. What it stops at goes through the byte-by-byte path below.
			if (this.fieldStart && this.fields === 1 && !this.recordHasContent && !this.inQuotes) {
				if (this.record > 0) {
					i = this.takePlainLines(buf, i, end);
					if (i >= end) break;
				}
			}
			const b = buf[i]!;
			const kind = BYTE_KIND[b]!;
			if (kind === ORDINARY && !this.afterQuote) {
				this.fieldStart = false;
				this.recordHasContent = true;
				this.bomBytes = 0;
				// The rest of a run of ordinary bytes changes nothing: skip it in a tight loop.
				while (i + 1 < end && BYTE_KIND[buf[i + 1]!] === ORDINARY) i++;
				continue;
			}
			this.special(b, kind);
		}
	}

	/**
	 * Takes whole lines from `start` while each ends before `end` and holds only ordinary bytes
	 * and the expected number of fields; returns where it stopped. A method of its own, called
	 * once per run of lines, so that V8 optimises its loop on its own.
	 */
	private takePlainLines(buf: Buffer, start: number, end: number): number {
		let i = start;
		let n = 0;
		for (;;) {
			const lf = buf.indexOf(LF, i);
			if (lf <= i || lf >= end) break;
			const stop = buf[lf - 1] === CR ? lf - 1 : lf;
			if (stop <= i || plainFields(buf, i, stop) !== this.expectedFields) break;
			n++;
			i = lf + 1;
		}
		if (n === 0) return start;
		if (this.recordLine !== this.record + 1) {
			for (let k = 0; k < n; k++) this.exceptions.set(this.record + k, this.recordLine + k);
		}
		this.record += n;
		this.line += n;
		this.recordLine = this.line;
		this.bomBytes = 0;
		return i;
	}

	/** One byte that is not an ordinary byte of a value. */
	private special(b: number, kind: number): void {
		if (kind === CONTROL)
			this.invisible(`control character (byte 0x${b.toString(16).padStart(2, '0')})`);
		const bom = this.bomBytes;
		this.bomBytes = b === 0xef ? 1 : b === 0xbb && bom === 1 ? 2 : b === 0xbf && bom === 2 ? 3 : 0;
		if (this.bomBytes === 3)
			this.invisible('byte-order mark (it belongs only at the very start of a file)');
		if (this.inQuotes) {
			if (b === QUOTE) {
				this.inQuotes = false;
				this.afterQuote = true;
			} else if (b === LF) this.line++;
			return;
		}
		if (b === QUOTE) {
			if (this.afterQuote) {
				// "" inside a quoted field: an escaped quote; back into the field.
				this.inQuotes = true;
				this.afterQuote = false;
			} else if (this.fieldStart) {
				this.inQuotes = true;
				this.fieldStart = false;
				this.recordHasContent = true;
			} else this.problem('a quote only at the start of a field (RFC 4180)');
			return;
		}
		if (b === COMMA) {
			this.fields++;
			this.fieldStart = true;
			this.afterQuote = false;
			this.recordHasContent = true;
			return;
		}
		if (b === LF) {
			if (this.recordHasContent || this.fields > 1) this.endRecord();
			else if (this.record > 0) this.problem('no blank lines inside the file');
			this.line++;
			this.recordLine = this.line;
			return;
		}
		if (b === CR) return;
		if (this.afterQuote) this.problem('a comma or line end after a closing quote');
		this.fieldStart = false;
		this.recordHasContent = true;
	}

	/** A problem at the current line, unless the file's list is full. */
	private problem(expected: string, line = this.line): void {
		if (!this.problems.full(this.file)) this.problems.add(fileProblem(this.file, expected, line));
	}

	/** A byte that has no place in a value: reported at its line and column. */
	private invisible(what: string): void {
		if (this.problems.full(this.file)) return;
		this.problems.add({
			file: this.file,
			line: this.line,
			column: this.record > 0 ? (this.header[this.fields - 1] ?? null) : null,
			value: null,
			expected: `no ${what} in a value (remove it and save the file again)`
		});
	}

	private endRecord(): void {
		if (this.record === 0) {
			this.inHeader = false;
			this.header = parseRecord(new TextDecoder().decode(Buffer.concat(this.headerBytes)));
			this.expectedFields = this.header.length;
			if (this.fields !== this.expectedFields)
				this.problems.add(fileProblem(this.file, 'a header row of plain column names', 1));
		} else if (this.fields !== this.expectedFields) {
			this.problem(
				`${this.expectedFields} fields as in the header, found ${this.fields}`,
				this.recordLine
			);
		}
		if (this.record > 0 && this.recordLine !== this.record + 1)
			this.exceptions.set(this.record, this.recordLine);
		this.record++;
		this.fields = 1;
		this.fieldStart = true;
		this.afterQuote = false;
		this.recordHasContent = false;
	}

	/** Ends the last record if the file does not end with a line break. */
	finishLastRecord(): void {
		if (this.recordHasContent || this.fields > 1) this.endRecord();
	}

	result(sha256: string): CsvScan {
		const exceptions = this.exceptions;
		return {
			header: this.header,
			records: this.record - 1,
			sha256,
			lineOf: (r) => exceptions.get(r) ?? r + 1
		};
	}
}

/**
 * Reads the file in 4 MiB chunks, awaiting each, so the loader's database work on other tables
 * carries on while a file is scanned. Null when the file cannot be read as CSV at all.
 */
export async function scanCsv(
	path: string,
	file: string,
	problems: ProblemList
): Promise<CsvScan | null> {
	if (fs.statSync(path).size === 0) {
		problems.add(fileProblem(file, 'a header row and data (the file is empty)'));
		return null;
	}
	const scanner = new CsvScanner(file, problems);
	const digest = crypto.createHash('sha256');
	const fh = await fs.promises.open(path, 'r');
	const chunk = Buffer.allocUnsafe(1 << 22);
	try {
		let offset = 0;
		let carry = 0; // bytes of an incomplete character kept from the last read (already scanned)
		for (;;) {
			const { bytesRead: n } = await fh.read(chunk, carry, chunk.length - carry, offset);
			if (n === 0) break;
			offset += n;
			const end = carry + n;
			digest.update(chunk.subarray(carry, end));
			// Validated natively, up to the last complete character; the rest waits for the next read.
			const complete = completeUtf8Length(chunk, end);
			if (!isUtf8(chunk.subarray(0, complete))) {
				problems.add(
					fileProblem(
						file,
						'UTF-8 text (this file has bytes that are not valid UTF-8; save it as UTF-8)',
						firstInvalidUtf8Line(path)
					)
				);
				return null;
			}
			scanner.feed(chunk, carry, end);
			chunk.copy(chunk, 0, complete, end);
			carry = end - complete;
		}
		if (carry > 0) {
			problems.add(
				fileProblem(file, 'UTF-8 text (the file ends part-way through a character)', scanner.line)
			);
			return null;
		}
		if (scanner.inQuotes) {
			problems.add(
				fileProblem(
					file,
					'a closing quote (the file ends inside a quoted field: is it truncated?)',
					scanner.recordLine
				)
			);
			return null;
		}
		scanner.finishLastRecord();
	} finally {
		await fh.close();
	}
	if (scanner.record === 0) {
		problems.add(fileProblem(file, 'a header row', 1));
		return null;
	}
	return scanner.result(digest.digest('hex'));
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
