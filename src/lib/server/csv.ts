// CSV for downloads: RFC 4180 quoting, CRLF line ends, and cells that a spreadsheet would read
// as a formula prefixed with an apostrophe (CSV injection).
export function csvCell(v: unknown): string {
	let s = v === null || v === undefined ? '' : String(v);
	if (/^[=+\-@\t\r]/.test(s)) s = `'${s}`;
	return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function toCsv(rows: unknown[][]): string {
	return `${rows.map((r) => r.map(csvCell).join(',')).join('\r\n')}\r\n`;
}

export function csvResponse(body: string, filename: string): Response {
	return new Response(body, {
		headers: {
			'content-type': 'text/csv; charset=utf-8',
			'content-disposition': `attachment; filename="${filename.replace(/[^A-Za-z0-9._-]/g, '_')}"`
		}
	});
}
