// Buffered CSV writing for the generator: rows are collected as strings and written in large
// blocks, which is what keeps tens of millions of rows inside the time budget.
import fs from 'node:fs';

export class BufferedFile {
	private parts: string[] = [];
	private size = 0;
	private readonly fd: number;
	constructor(path: string) {
		this.fd = fs.openSync(path, 'w');
	}
	line(text: string): void {
		this.parts.push(text);
		this.size += text.length + 1;
		if (this.size > 1 << 20) this.flush();
	}
	flush(): void {
		if (this.parts.length === 0) return;
		fs.writeSync(this.fd, this.parts.join('\n') + '\n');
		this.parts = [];
		this.size = 0;
	}
	close(): void {
		this.flush();
		fs.closeSync(this.fd);
	}
}

/** Quotes a CSV field when it needs it (RFC 4180). */
export function csvField(value: string | number | boolean | null | undefined): string {
	if (value === null || value === undefined) return '';
	const s = String(value);
	return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}
