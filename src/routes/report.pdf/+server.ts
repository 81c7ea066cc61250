// The board pack: the board report, with the same filters, as a tagged A4 PDF. The report is
// rendered as the viewer (the same request, cookies and all, answered inside the server), so
// scope and disclosure control are exactly the report's; Chromium then prints that HTML with
// script off and nothing fetched but public style sheets and fonts. Recorded in the audit log
// as a download; a report the viewer may not have is answered as the report page would be.
import { dev } from '$app/environment';
import { CHART_WIDTH_COOKIE } from '$lib/charts/server-drawing';
import { config } from '$lib/server/config';
import { PrintError, printPdf } from '$lib/server/pdf/printer';
import { askedParameters } from '$lib/server/request';
import type { RequestEvent, RequestHandler } from './$types';

/** The report's column on A4 within the pack's margins, in CSS pixels. */
const PAPER_CHART_WIDTH = 640;

/** The largest public file the printer will take for a page (style sheets and fonts are less). */
const MAX_ASSET_BYTES = 5 * 1024 * 1024;

/**
 * Board packs each account has asked for and not yet received. A second waits for the first (two
 * tabs, a double click); beyond that the account is told to wait, so no one crowds out the rest.
 */
const inHand = new Map<string, { count: number; last: Promise<unknown> }>();
const MAX_PER_ACCOUNT = 2;

export const GET: RequestHandler = async (event) => {
	const { url, locals } = event;
	const asked = askedParameters(url);
	const id = locals.user!.id;
	const mine = inHand.get(id) ?? { count: 0, last: Promise.resolve() };
	if (mine.count >= MAX_PER_ACCOUNT) {
		locals.audit = { outcome: 'refused', details: { asked, download: 'pdf', reason: 'busy' } };
		return refusal('Your previous board packs are still being printed: try again in a minute.');
	}
	mine.count++;
	inHand.set(id, mine);
	const turn = mine.last.then(() => boardPack(event, asked));
	mine.last = turn.catch(() => undefined);
	try {
		return await turn;
	} finally {
		if (--mine.count === 0) inHand.delete(id);
	}
};

async function boardPack(event: RequestEvent, asked: Record<string, string | string[]>) {
	const { url, locals } = event;
	const report = await event.fetch(`/report${url.search}`, {
		// Charts drawn at the width of the paper's column, so their lettering prints at size.
		headers: { accept: 'text/html', cookie: `${CHART_WIDTH_COOKIE}=${PAPER_CHART_WIDTH}` },
		redirect: 'manual'
	});
	if (report.status !== 200) {
		locals.audit = {
			outcome: report.status === 404 ? 'not_found' : 'refused',
			details: { asked, download: 'pdf' }
		};
		return report;
	}
	try {
		const printed = await printPdf(
			{
				html: await report.text(),
				url: `${url.origin}/report${url.search}`,
				asset: (path) => publicFile(event, path)
			},
			config().pdfSeconds * 1000
		);
		locals.audit = {
			outcome: 'shown',
			details: {
				asked,
				download: 'pdf',
				dataVersion: report.headers.get('x-data-version'),
				pages: printed.pages,
				bytes: printed.pdf.length
			}
		};
		return new Response(new Uint8Array(printed.pdf), {
			headers: {
				'content-type': 'application/pdf',
				'content-disposition': `attachment; filename="${fileName(printed.fileName)}.pdf"`,
				'content-length': String(printed.pdf.length)
			}
		});
	} catch (e) {
		if (!(e instanceof PrintError)) throw e;
		locals.audit = { outcome: 'refused', details: { asked, download: 'pdf', reason: e.message } };
		return refusal(e.message);
	}
}

/** The name the report asks for, kept to letters, digits and hyphens (it goes in a header). */
function fileName(asked: string | null): string {
	return asked?.replace(/[^a-z0-9-]+/gi, '-').slice(0, 120) || 'board-report';
}

function refusal(message: string): Response {
	return new Response(message, {
		status: 503,
		headers: { 'content-type': 'text/plain; charset=utf-8', 'retry-after': '60' }
	});
}

/**
 * A public file the report refers to — the built style sheets, fonts and images — fetched from
 * the server itself, never with the viewer's cookies; null for any other address.
 */
async function publicFile(event: RequestEvent, path: string) {
	if (!path.startsWith('/_app/immutable/') && path !== '/favicon.svg') return null;
	// The development server compiles its files on request at its own address.
	const origin = dev ? event.url.origin : config().internalUrl;
	try {
		const res = await fetch(`${origin}${path}`, { signal: AbortSignal.timeout(10_000) });
		const body = Buffer.from(await res.arrayBuffer());
		if (!res.ok || body.length > MAX_ASSET_BYTES) return null;
		return { body, contentType: res.headers.get('content-type') ?? 'application/octet-stream' };
	} catch (e) {
		// The pack prints without it (unstyled, if a style sheet), and the log says why.
		console.error(
			`board pack: ${path} could not be fetched from ${origin}: ${(e as Error).message}`
		);
		return null;
	}
}
