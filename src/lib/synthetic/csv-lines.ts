// CSV lines collected as bytes for the generator. Each line is copied into a large byte buffer
// as soon as it is made, so the line's string dies young (cheap for the garbage collector) and
// no big array of strings is kept and joined; full buffers become chunks handed to the writer.

// Blocks grow from 64 KiB to 4 MiB, so the many small tables do not each take 4 MiB.
const FIRST_BLOCK = 1 << 16;
const BLOCK = 1 << 22;

export class ChunkedLines {
	private buf = Buffer.allocUnsafe(0);
	private pos = 0;
	private readonly chunks: Uint8Array[] = [];
	line(text: string): void {
		// A UTF-8 character takes at most 3 bytes per UTF-16 unit; most lines are ASCII.
		const most = text.length * 3 + 1;
		if (this.pos + most > this.buf.length) {
			const size = Math.min(BLOCK, Math.max(FIRST_BLOCK, this.buf.length * 2));
			this.seal();
			this.buf = Buffer.allocUnsafeSlow(Math.max(size, most));
		}
		// Buffer#write encodes straight into the block, without a view object per line.
		this.pos += this.buf.write(text, this.pos);
		this.buf[this.pos++] = 0x0a;
	}
	/** The bytes so far as chunks, each over its own ArrayBuffer (ready to transfer). */
	finish(): Uint8Array[] {
		this.seal();
		return this.chunks;
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
