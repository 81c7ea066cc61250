// CSV lines collected as bytes for the generator. Each line is copied into a large byte buffer
// as soon as it is made, so the line's string dies young (cheap for the garbage collector) and
// no big array of strings is kept and joined; full buffers become chunks handed to the writer.

const BLOCK = 1 << 22;

export class ChunkedLines {
	private buf = new Uint8Array(0);
	private pos = 0;
	private readonly chunks: ArrayBuffer[] = [];
	private readonly encoder = new TextEncoder();
	line(text: string): void {
		// A UTF-8 character takes at most 3 bytes per UTF-16 unit; most lines are ASCII.
		const most = text.length * 3 + 1;
		if (this.pos + most > this.buf.length) {
			this.seal();
			this.buf = new Uint8Array(Math.max(BLOCK, most));
		}
		this.pos += this.encoder.encodeInto(text, this.buf.subarray(this.pos)).written;
		this.buf[this.pos++] = 0x0a;
	}
	/** The bytes so far as whole chunks (each its own ArrayBuffer, ready to transfer). */
	finish(): ArrayBuffer[] {
		this.seal();
		return this.chunks;
	}
	private seal(): void {
		if (this.pos > 0) this.chunks.push(this.buf.buffer.slice(0, this.pos));
		this.buf = new Uint8Array(0);
		this.pos = 0;
	}
}

/** Quotes a CSV field when it needs it (RFC 4180). */
export function csvField(value: string | number | boolean | null | undefined): string {
	if (value === null || value === undefined) return '';
	const s = String(value);
	return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}
