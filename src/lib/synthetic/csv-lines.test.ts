// The generator's line buffer: whatever the lines and however they fall across its blocks, the
// chunks it hands over are the lines' UTF-8 bytes in order, each line ended by a newline.
import { describe, expect, it } from 'vitest';
import { ChunkedLines, csvField } from './csv-lines';

function bytesOf(lines: string[]): Buffer {
	const out = new ChunkedLines();
	for (const line of lines) out.line(line);
	return Buffer.concat(out.finish());
}

describe('ChunkedLines', () => {
	it('gives the lines back as UTF-8, in order, across many blocks', () => {
		const lines = Array.from({ length: 60_000 }, (_, i) =>
			i % 7 === 0 ? `R-${i},Zoë Brontë,€${i},“quoted”` : `R-${i},${'x'.repeat(i % 300)}`
		);
		const got = bytesOf(lines);
		expect(got.length).toBeGreaterThan(1 << 22);
		expect(got.equals(Buffer.from(lines.join('\n') + '\n', 'utf8'))).toBe(true);
	});

	it('takes a line longer than a block, and empty lines', () => {
		const lines = ['', 'é'.repeat((1 << 22) + 5), '', 'last'];
		expect(bytesOf(lines).equals(Buffer.from(lines.join('\n') + '\n', 'utf8'))).toBe(true);
	});

	it('hands over nothing for no lines, and each chunk over its own memory', () => {
		expect(new ChunkedLines().finish()).toEqual([]);
		const out = new ChunkedLines();
		for (let i = 0; i < 200_000; i++) out.line(`line ${i}`);
		const chunks = out.finish();
		expect(chunks.length).toBeGreaterThan(1);
		expect(new Set(chunks.map((c) => c.buffer)).size).toBe(chunks.length);
	});

	it('quotes a field only when it must', () => {
		expect(csvField('plain')).toBe('plain');
		expect(csvField('a,b')).toBe('"a,b"');
		expect(csvField('say "hi"')).toBe('"say ""hi"""');
		expect(csvField(null)).toBe('');
		expect(csvField(false)).toBe('false');
	});
});
