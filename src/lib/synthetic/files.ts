// Buffered CSV writing for the generator. Each line is copied into a large byte buffer as soon
// as it is made, so the line's string dies young (cheap for the garbage collector) and no big
// array of strings is kept and joined; full buffers go to the file in one write.
import fs from 'node:fs';

const BLOCK = 1 << 22;

export class BufferedFile {
	private readonly buf = Buffer.allocUnsafe(BLOCK);
	private pos = 0;
	private readonly fd: number;
	constructor(path: string, append = false) {
		this.fd = fs.openSync(path, append ? 'a' : 'w');
	}
	line(text: string): void {
		// A UTF-8 character takes at most 3 bytes per UTF-16 unit; most lines are ASCII.
		if (this.pos + text.length * 3 + 1 > BLOCK) {
			this.flush();
			if (text.length * 3 + 1 > BLOCK) {
				fs.writeSync(this.fd, `${text}\n`);
				return;
			}
		}
		this.pos += this.buf.write(text, this.pos);
		this.buf[this.pos++] = 0x0a;
	}
	flush(): void {
		if (this.pos === 0) return;
		fs.writeSync(this.fd, this.buf, 0, this.pos);
		this.pos = 0;
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
