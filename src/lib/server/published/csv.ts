// A published statistics file read whole into records, each with the line it starts on: the
// files are small (a row for each area and year), so they are read in one piece and every
// problem names its line. UTF-8 only; DfE's byte order mark is allowed, UTF-16 and invalid
// bytes are not.
import fs from 'node:fs';
import path from 'node:path';
import { fileProblem, type ExtractProblem } from '../analytics/load/errors';

/** Larger than any release file by far; a file beyond it is not one. */
export const MAX_PUBLISHED_BYTES = 64 * 2 ** 20;

export interface CsvRecord {
	/** The line the record starts on (the header is line 1). */
	line: number;
	fields: string[];
}

export interface CsvFile {
	/** The file's name, as problems name it. */
	name: string;
	header: string[];
	records: CsvRecord[];
}

export class CsvProblem extends Error {
	constructor(readonly problem: ExtractProblem) {
		super(problem.expected);
	}
}

export function readPublishedCsv(file: string): CsvFile {
	const name = path.basename(file);
	const size = fs.statSync(file).size;
	if (size > MAX_PUBLISHED_BYTES)
		throw new CsvProblem(
			fileProblem(name, `a file under ${MAX_PUBLISHED_BYTES / 2 ** 20} MiB (it has ${size} bytes)`)
		);
	return csvFromBytes(name, fs.readFileSync(file));
}

/**
 * A CSV file's bytes as its header and records: strict UTF-8 (a byte order mark allowed), every
 * record as many fields as the header. Problems name the file and line.
 */
export function csvFromBytes(name: string, bytes: Buffer): CsvFile {
	if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff))
		throw new CsvProblem(fileProblem(name, 'UTF-8 text (this file is UTF-16: save it as UTF-8)'));
	const text = decode(name, bytes);
	const records = parse(name, text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
	const [head, ...rest] = records;
	if (!head || head.fields.every((f) => f === ''))
		throw new CsvProblem(fileProblem(name, 'a header line naming the columns', 1));
	const header = head.fields.map((f) => f.trim());
	const body: CsvRecord[] = [];
	for (const r of rest) {
		// Blank lines (one empty field) carry nothing.
		if (r.fields.length === 1 && r.fields[0] === '') continue;
		if (r.fields.length !== header.length)
			throw new CsvProblem(
				fileProblem(
					name,
					`${header.length} fields, as the header has (this line has ${r.fields.length}: the file may be cut short or a field unquoted)`,
					r.line
				)
			);
		body.push(r);
	}
	return { name, header, records: body };
}

/** Strict UTF-8, naming the first line that is not. */
function decode(name: string, bytes: Buffer): string {
	try {
		return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
	} catch {
		let line = 1;
		let start = 0;
		for (let i = 0; i <= bytes.length; i++) {
			if (i === bytes.length || bytes[i] === 0x0a) {
				try {
					new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(start, i));
				} catch {
					break;
				}
				line++;
				start = i + 1;
			}
		}
		throw new CsvProblem(
			fileProblem(name, 'UTF-8 text (this line holds bytes that are not)', line)
		);
	}
}

/** RFC 4180 records; a quoted field may span lines. */
function parse(name: string, text: string): CsvRecord[] {
	const records: CsvRecord[] = [];
	let fields: string[] = [];
	let field = '';
	let quoted = false;
	let line = 1;
	let start = 1;
	for (let i = 0; i < text.length; i++) {
		const ch = text[i]!;
		if (quoted) {
			if (ch === '"') {
				if (text[i + 1] === '"') {
					field += '"';
					i++;
				} else quoted = false;
			} else {
				if (ch === '\n') line++;
				field += ch;
			}
		} else if (ch === '"' && field === '') quoted = true;
		else if (ch === ',') {
			fields.push(field);
			field = '';
		} else if (ch === '\n') {
			fields.push(field);
			records.push({ line: start, fields });
			fields = [];
			field = '';
			line++;
			start = line;
		} else if (ch !== '\r') field += ch;
	}
	if (quoted)
		throw new CsvProblem(
			fileProblem(name, 'a closing quote (the file ends inside a quoted field: cut short?)', start)
		);
	if (field !== '' || fields.length > 0) {
		fields.push(field);
		records.push({ line: start, fields });
	}
	return records;
}
