// The first record of a CSV text, split into fields: how the loader reads a file's column names
// before the structural scan reaches it, and how the shipped reference tables are read.
import fs from 'node:fs';

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
	const fields: string[] = [];
	let field = '';
	let quoted = false;
	for (let i = 0; i < t.length; i++) {
		const ch = t[i]!;
		if (quoted) {
			if (ch === '"') {
				if (t[i + 1] === '"') {
					field += '"';
					i++;
				} else quoted = false;
			} else field += ch;
		} else if (ch === '"') quoted = true;
		else if (ch === ',') {
			fields.push(field);
			field = '';
		} else if (ch === '\n') break;
		else if (ch !== '\r') field += ch;
	}
	fields.push(field);
	return fields;
}
