// CSV lines collected as bytes for the generator. Lines are gathered into a short text and
// encoded into a large byte buffer a few thousand characters at a time, so their strings die
// young (cheap for the garbage collector) and no big array of strings is kept and joined; full
// buffers become chunks handed to the writer.

// Blocks grow from 64 KiB to 4 MiB, so the many small tables do not each take 4 MiB.
const FIRST_BLOCK = 1 << 16;
const BLOCK = 1 << 22;
/** Characters of lines gathered before they are encoded together. */
const PENDING = 1 << 12;

export class ChunkedLines {
	private buf = Buffer.allocUnsafe(0);
	private pos = 0;
	private readonly chunks: Uint8Array[] = [];
	/** Lines not yet encoded: many short lines are encoded together, far cheaper than one by one. */
	private pending = '';
	line(text: string): void {
		this.pending += text + '\n';
		if (this.pending.length >= PENDING) this.encode();
	}
	/** The bytes so far as chunks, each over its own ArrayBuffer (ready to transfer). */
	finish(): Uint8Array[] {
		this.encode();
		this.seal();
		return this.chunks;
	}
	private encode(): void {
		const text = this.pending;
		if (text.length === 0) return;
		this.pending = '';
		// A UTF-8 character takes at most 3 bytes per UTF-16 unit; most text is ASCII.
		const most = text.length * 3;
		if (this.pos + most > this.buf.length) {
			const size = Math.min(BLOCK, Math.max(FIRST_BLOCK, this.buf.length * 2));
			this.seal();
			this.buf = Buffer.allocUnsafeSlow(Math.max(size, most));
		}
		this.pos += this.buf.write(text, this.pos);
	}
	private seal(): void {
		if (this.pos > 0) this.chunks.push(this.buf.subarray(0, this.pos));
		this.pos = 0;
	}
}

/** Quotes a CSV field when it needs it (RFC 4180). */
export function csvField(value: string | number | boolean | null | undefined): string {
	if (value === null || value === undefined) return '';
	const s = String(value);
	return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}
