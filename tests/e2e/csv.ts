// Reading the CSV files the service offers, in the tests.

/** The fields of one CSV record (RFC 4180 quoting; the log's records have no line breaks). */
export function csvFields(line: string): string[] {
	const fields: string[] = [];
	let field = '';
	let quoted = false;
	for (let i = 0; i < line.length; i++) {
		const c = line[i]!;
		if (quoted && c === '"' && line[i + 1] === '"') {
			field += '"';
			i++;
		} else if (c === '"') quoted = !quoted;
		else if (c === ',' && !quoted) {
			fields.push(field);
			field = '';
		} else field += c;
	}
	return [...fields, field];
}
