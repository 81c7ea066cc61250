import zlib from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { chooseEncoding, compressed, compressionStats, COMPRESS_AT_LEAST } from './compress';

const page = '<p>' + 'Initial conferences within 15 working days: 81.4%. '.repeat(200) + '</p>';

function ask(acceptEncoding: string | null, method = 'GET') {
	return new Request('http://localhost/timeliness', {
		method,
		headers: acceptEncoding === null ? {} : { 'accept-encoding': acceptEncoding }
	});
}
const html = (body: string, extra: Record<string, string> = {}) =>
	new Response(body, { status: 200, headers: { 'content-type': 'text/html', ...extra } });

describe('chooseEncoding', () => {
	it('prefers brotli, then gzip, and honours q=0', () => {
		expect(chooseEncoding('gzip, deflate, br')).toBe('br');
		expect(chooseEncoding('gzip, deflate')).toBe('gzip');
		expect(chooseEncoding('br;q=0, gzip;q=0.5')).toBe('gzip');
		expect(chooseEncoding('*')).toBe('br');
		expect(chooseEncoding('*;q=0')).toBeNull();
		expect(chooseEncoding('identity')).toBeNull();
		expect(chooseEncoding(null)).toBeNull();
		expect(chooseEncoding('gzip;q=nonsense')).toBeNull();
	});
});

describe('compressed', () => {
	it('sends a page as brotli that decodes to the same page, saying so and varying on it', async () => {
		const r = await compressed(ask('gzip, br'), html(page));
		expect(r.headers.get('content-encoding')).toBe('br');
		expect(r.headers.get('vary')).toContain('Accept-Encoding');
		const bytes = Buffer.from(await r.arrayBuffer());
		expect(bytes.length).toBeLessThan(page.length / 10);
		expect(zlib.brotliDecompressSync(bytes).toString()).toBe(page);
	});

	it('sends gzip to a browser without brotli', async () => {
		const r = await compressed(ask('gzip'), html(page));
		expect(r.headers.get('content-encoding')).toBe('gzip');
		expect(zlib.gunzipSync(Buffer.from(await r.arrayBuffer())).toString()).toBe(page);
	});

	it('keeps the status and the other headers', async () => {
		const r = await compressed(
			ask('br'),
			new Response(page, {
				status: 400,
				headers: { 'content-type': 'text/csv; charset=utf-8', 'x-data-version': 'v1' }
			})
		);
		expect([r.status, r.headers.get('x-data-version'), r.headers.get('content-type')]).toEqual([
			400,
			'v1',
			'text/csv; charset=utf-8'
		]);
	});

	it('leaves alone what is small, already encoded, not text, a HEAD, or not asked for', async () => {
		const small = 'x'.repeat(COMPRESS_AT_LEAST - 1);
		const cases: [Request, Response][] = [
			[ask('br'), html(small)],
			[ask('br'), html(page, { 'content-encoding': 'gzip' })],
			[ask('br'), new Response(page, { headers: { 'content-type': 'image/png' } })],
			[ask('br', 'HEAD'), html(page)],
			[ask(null), html(page)],
			[ask('identity'), html(page)]
		];
		for (const [req, res] of cases) {
			const before = res.headers.get('content-encoding');
			const r = await compressed(req, res);
			expect(r.headers.get('content-encoding')).toBe(before);
		}
		const untouched = await compressed(ask('br'), html(small));
		expect(await untouched.text()).toBe(small);
	});

	it('compresses the very same bytes once, and anything else afresh', async () => {
		const before = { ...compressionStats };
		const body = `${page}<!-- ${Math.random()} -->`;
		const first = Buffer.from(await (await compressed(ask('br'), html(body))).arrayBuffer());
		const again = Buffer.from(await (await compressed(ask('br'), html(body))).arrayBuffer());
		expect(again.equals(first)).toBe(true);
		expect(zlib.brotliDecompressSync(again).toString()).toBe(body);
		const other = await (await compressed(ask('br'), html(`${body} `))).arrayBuffer();
		expect(zlib.brotliDecompressSync(Buffer.from(other)).toString()).toBe(`${body} `);
		const gzipped = await (await compressed(ask('gzip'), html(body))).arrayBuffer();
		expect(zlib.gunzipSync(Buffer.from(gzipped)).toString()).toBe(body);
		expect(compressionStats.compressed - before.compressed).toBe(3);
		expect(compressionStats.reused - before.reused).toBe(1);
	});
});
