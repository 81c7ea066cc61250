// Pages, page data and CSV compressed for the wire: brotli where the browser takes it, gzip
// otherwise, nothing below a size where the headers would cost more than they save. Done in the
// server's own hook, after the page is made, with Node's zlib on its worker threads, so the
// event loop never waits on it; static files are compressed once, at build, by the adapter.
//
// Compression beside secrets invites BREACH (guessing a secret from the size of responses that
// also reflect the attacker's text). Here nothing a third party chooses is echoed beside the
// figures: every filter is one of a fixed set of options, and a refused value gets a page
// without figures; the session cookie is SameSite=Lax and never in a body.
import { createHash } from 'node:crypto';
import { promisify } from 'node:util';
import zlib from 'node:zlib';
import { ByteBoundedLru } from './byte-lru';

const brotli = promisify(zlib.brotliCompress);
const gzip = promisify(zlib.gzip);

/** Smaller bodies go as they are: a compressed frame and its header would not pay for itself. */
export const COMPRESS_AT_LEAST = 1024;

const COMPRESSIBLE = /^(text\/|application\/(json|javascript|xml)|image\/svg\+xml)/i;

export type Encoding = 'br' | 'gzip';

/** The encoding to use for an Accept-Encoding header: brotli first, then gzip; null for none. */
export function chooseEncoding(accept: string | null): Encoding | null {
	if (!accept) return null;
	const q = new Map<string, number>();
	for (const part of accept.split(',')) {
		const [name, ...params] = part.trim().toLowerCase().split(';');
		if (!name) continue;
		const weight = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
		const value = weight ? Number(weight.slice(2)) : 1;
		q.set(name, Number.isFinite(value) ? value : 0);
	}
	const wants = (e: string) => (q.get(e) ?? q.get('*') ?? 0) > 0;
	if (wants('br')) return 'br';
	if (wants('gzip')) return 'gzip';
	return null;
}

/** The response compressed for the request, when it asks for it and it is worth it. */
export async function compressed(request: Request, response: Response): Promise<Response> {
	const type = response.headers.get('content-type') ?? '';
	if (
		request.method === 'HEAD' ||
		!response.body ||
		response.headers.has('content-encoding') ||
		!COMPRESSIBLE.test(type)
	)
		return response;
	// A shared cache must keep the encodings apart (pages are no-store, but page data and CSV
	// may not be).
	response.headers.append('vary', 'Accept-Encoding');
	const encoding = chooseEncoding(request.headers.get('accept-encoding'));
	if (!encoding) return response;
	const body = Buffer.from(await response.arrayBuffer());
	const headers = new Headers(response.headers);
	const init = { status: response.status, statusText: response.statusText, headers };
	if (body.length < COMPRESS_AT_LEAST) return new Response(body, init);
	const out = await compressOnce(body, encoding);
	headers.set('content-encoding', encoding);
	headers.delete('content-length');
	return new Response(out, init);
}

/**
 * The same bytes compress to the same bytes, so a body sent again (a page kept for its viewer,
 * see page-cache.ts) is not compressed again: compressed bodies are kept by a hash of the body
 * and the encoding. Only whoever sends the very same bytes gets them back.
 */
const compressedBodies = new ByteBoundedLru<Buffer<ArrayBuffer>>(16 * 1024 * 1024, (b) => b.length);

export const compressionStats = { compressed: 0, reused: 0 };

async function compressOnce(body: Buffer, encoding: Encoding): Promise<Buffer<ArrayBuffer>> {
	const key = `${encoding}:${createHash('sha256').update(body).digest('base64url')}`;
	const kept = compressedBodies.get(key);
	if (kept) {
		compressionStats.reused++;
		return kept;
	}
	compressionStats.compressed++;
	const out =
		encoding === 'br'
			? await brotli(body, {
					params: {
						// A middle quality: most of brotli's gain for a few milliseconds on a large page.
						[zlib.constants.BROTLI_PARAM_QUALITY]: 5,
						[zlib.constants.BROTLI_PARAM_SIZE_HINT]: body.length
					}
				})
			: await gzip(body, { level: 6 });
	compressedBodies.set(key, out);
	return out;
}
