// Reading a small CSV file people upload or hand to a command (RFC 4180: quoted fields may hold
// commas, doubled quotes and line breaks), keeping each record's line number for messages.

export interface CsvRecord {
	/** The line the record starts on, from 1. */
	line: number;
	fields: string[];
}

export class CsvSyntaxError extends Error {}

export function readCsv(text: string): CsvRecord[] {
	const records: CsvRecord[] = [];
	let fields: string[] = [];
	let field = '';
	let quoted = false;
	let line = 1;
	let start = 1;
	const body = text.replace(/^\uFEFF/, '');
	for (let i = 0; i < body.length; i++) {
		const c = body[i]!;
		if (quoted) {
			if (c === '"' && body[i + 1] === '"') {
				field += '"';
				i++;
			} else if (c === '"') quoted = false;
			else {
				if (c === '\n') line++;
				field += c;
			}
		} else if (c === '"' && field === '') quoted = true;
		else if (c === '"') throw new CsvSyntaxError(`line ${line}: a quote inside an unquoted field`);
		else if (c === ',') {
			fields.push(field);
			field = '';
		} else if (c === '\n' || c === '\r') {
			if (c === '\r' && body[i + 1] === '\n') i++;
			fields.push(field);
			if (fields.length > 1 || fields[0] !== '') records.push({ line: start, fields });
			fields = [];
			field = '';
			line++;
			start = line;
		} else field += c;
	}
	if (quoted) throw new CsvSyntaxError(`line ${start}: a quoted field is never closed`);
	fields.push(field);
	if (fields.length > 1 || fields[0] !== '') records.push({ line: start, fields });
	return records;
}
