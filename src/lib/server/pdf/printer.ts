// Prints a page the server has already rendered for its viewer into a tagged A4 PDF, with
// headless Chromium. Chromium never asks the server for anything a viewer could be refused: the
// page's HTML is handed to it, script is off, and the only requests it may make are for public
// files (style sheets, fonts, images), which the caller's `asset` answers; anything else is
// aborted.
//
// The page tells the printer, by attributes, what it needs beyond the paper:
// - `[data-running-head]`: the line printed at the top of every page (the first one is used);
// - `[data-contents-page="ID"]`: where the number of the page holding element ID is written;
// - `[data-file-name]` on any element: the name the file is offered under.
//
// One page is printed at a time; a few more may wait, and beyond that the printer says it is
// busy rather than let work pile up. The browser starts with the first print and is closed after
// a minute without one, so a server that never prints never runs it.
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchChromium } from './chromium';
import { pageNumbersOf } from './pdf-pages';
import { escapeHtml } from '../html';

export interface PrintJob {
	/** The page as its viewer would receive it. */
	html: string;
	/** Its public address: relative links in the PDF resolve against it. */
	url: string;
	/** A public file the page refers to (style sheet, font, image), or null to refuse it. */
	asset: (path: string) => Promise<{ body: Buffer; contentType: string } | null>;
}

export interface Printed {
	pdf: Buffer;
	pages: number;
	/** The name the page asks its file to be offered under (no extension), if any. */
	fileName: string | null;
}

/** A print the printer could not take or finish; its message is for the person asking. */
export class PrintError extends Error {}

/** The printer has as much work waiting as it takes; the caller should try again shortly. */
export class PrinterBusyError extends PrintError {}

/** Chromium could not be started (not installed, or not where OVERSIGHT_CHROMIUM says). */
export class PrinterUnavailableError extends PrintError {}

/** A print took longer than its allowance and was abandoned. */
export class PrintTimeoutError extends PrintError {}

/** Prints waiting behind the one in progress before the printer says it is busy. */
const MAX_WAITING = 3;
const IDLE_CLOSE_MS = 60_000;
const CLOSE_WAIT_MS = 5_000;
/** Passes to settle the contents page's numbers (each pass prints the document once). */
const MAX_PASSES = 3;

// Links keep working in the file; the web addresses the paper print adds after each link would
// only clutter it, the running head in every page's margin replaces the one per section, and
// the page's tinted backdrop would print as a grey edge.
const PDF_ONLY_CSS = `
	a[href]::after { content: none !important; }
	.app-report__running { display: none !important; }
	html, body, .govuk-template, .govuk-template__body { background: #fff !important; }
`;

const MARGIN = { top: '20mm', bottom: '18mm', left: '12mm', right: '12mm' };

let browser: Promise<Browser> | null = null;
let idleTimer: NodeJS.Timeout | null = null;
let queue: Promise<unknown> = Promise.resolve();
let waiting = 0;

/** Prints the page; waits its turn behind other prints, up to `timeoutMs` for its own. */
export async function printPdf(job: PrintJob, timeoutMs: number): Promise<Printed> {
	if (waiting >= MAX_WAITING + 1)
		throw new PrinterBusyError('The printer is busy: try again in a minute.');
	waiting++;
	const turn = queue.then(() => printAlone(job, timeoutMs));
	queue = turn.catch(() => undefined);
	try {
		return await turn;
	} finally {
		waiting--;
	}
}

/** Closes the browser now (for tests and shutdown); the next print starts another. */
export async function closePrinter(): Promise<void> {
	if (idleTimer) clearTimeout(idleTimer);
	idleTimer = null;
	const b = browser;
	browser = null;
	if (b) await (await b.catch(() => null))?.close();
}

async function printAlone(job: PrintJob, timeoutMs: number): Promise<Printed> {
	if (idleTimer) clearTimeout(idleTimer);
	let chromium: Browser;
	try {
		chromium = await openBrowser();
	} catch (e) {
		console.error(`board pack: Chromium could not be started: ${(e as Error).message}`);
		throw new PrinterUnavailableError('Board packs cannot be printed on this server.');
	}
	const context = await chromium.newContext({ javaScriptEnabled: false });
	let timer: NodeJS.Timeout | undefined;
	const expired = new Promise<never>((_, reject) => {
		timer = setTimeout(
			() =>
				reject(
					new PrintTimeoutError(
						`The board pack took longer than ${timeoutMs / 1000} s to print: try again in a minute.`
					)
				),
			timeoutMs
		);
	});
	try {
		return await Promise.race([printIn(context, job, timeoutMs), expired]);
	} finally {
		clearTimeout(timer);
		await closeOrKill(context);
		idleTimer = setTimeout(() => void closePrinter(), IDLE_CLOSE_MS);
		idleTimer.unref();
	}
}

/**
 * Closes a print's context; one that will not close (a request it made still hangs) takes the
 * browser with it, and the next print starts a fresh one.
 */
async function closeOrKill(context: BrowserContext): Promise<void> {
	let timer: NodeJS.Timeout | undefined;
	const closed = await Promise.race([
		context.close().then(
			() => true,
			() => true
		),
		new Promise<false>((resolve) => (timer = setTimeout(() => resolve(false), CLOSE_WAIT_MS)))
	]);
	clearTimeout(timer);
	if (!closed) await closePrinter();
}

function openBrowser(): Promise<Browser> {
	if (!browser) {
		const launching = launchChromium();
		browser = launching;
		launching.then(
			(b) => b.on('disconnected', () => browser === launching && (browser = null)),
			() => browser === launching && (browser = null)
		);
	}
	return browser;
}

async function printIn(context: BrowserContext, job: PrintJob, timeoutMs: number) {
	const page = await context.newPage();
	page.setDefaultTimeout(timeoutMs);
	// The first navigation is the page itself (whatever Chromium makes of its address); any other
	// navigation, like any other request that is not a public file, is refused.
	let served = false;
	await page.route('**/*', async (route) => {
		const request = route.request();
		if (request.isNavigationRequest()) {
			if (served) return route.abort('blockedbyclient');
			served = true;
			return route.fulfill({
				body: withPdfStyle(job.html),
				contentType: 'text/html; charset=utf-8'
			});
		}
		const url = new URL(request.url());
		const file =
			request.method() === 'GET' && url.origin === new URL(job.url).origin
				? await job.asset(url.pathname).catch(() => null)
				: null;
		if (!file) return route.abort('blockedbyclient');
		return route.fulfill({ body: file.body, contentType: file.contentType });
	});
	await page.goto(job.url, { waitUntil: 'load' });
	const { runningHead, fileName, targets } = await page.evaluate(() => ({
		runningHead: document.querySelector('[data-running-head]')?.textContent?.trim() ?? '',
		fileName: document.querySelector('[data-file-name]')?.getAttribute('data-file-name') ?? null,
		targets: [...document.querySelectorAll('[data-contents-page]')].map((e) =>
			e.getAttribute('data-contents-page')!
		)
	}));
	const pdf = await printWithContents(page, runningHead, targets);
	const pages = (await pageNumbersOf(pdf, [])).pages;
	return { pdf, pages, fileName };
}

/**
 * Prints, reads where each contents entry's target landed, writes those numbers into the
 * contents and prints again, until the numbers printed are the numbers found (the contents
 * reserves room for its numbers, so a second pass normally settles them).
 */
async function printWithContents(page: Page, runningHead: string, targets: string[]) {
	let pdf = await printOnce(page, runningHead);
	for (let pass = 1; targets.length && pass < MAX_PASSES; pass++) {
		const found = (await pageNumbersOf(pdf, targets)).targets;
		const written = await page.evaluate((numbers) => {
			let changed = false;
			for (const e of document.querySelectorAll('[data-contents-page]')) {
				const n = numbers[e.getAttribute('data-contents-page')!];
				const text = n === undefined ? '' : String(n);
				if (e.textContent !== text) {
					e.textContent = text;
					changed = true;
				}
			}
			return changed;
		}, Object.fromEntries(found));
		if (!written) break;
		pdf = await printOnce(page, runningHead);
	}
	return pdf;
}

function printOnce(page: Page, runningHead: string): Promise<Buffer> {
	return page.pdf({
		format: 'A4',
		printBackground: true,
		tagged: true,
		outline: true,
		margin: MARGIN,
		displayHeaderFooter: true,
		headerTemplate: marginBox(escapeHtml(runningHead)),
		footerTemplate: marginBox(
			'Page <span class="pageNumber"></span> of <span class="totalPages"></span>',
			'right'
		)
	});
}

/** Chromium prints the margin boxes at a tiny default size: every style is given. */
function marginBox(content: string, align: 'left' | 'right' = 'left'): string {
	return `<div style="font: 8pt Arial, sans-serif; color: #484949; width: 100%; margin: 0 12mm; text-align: ${align}">${content}</div>`;
}

/** The page with the file's own style rules last in its head (script is off: no injecting). */
function withPdfStyle(html: string): string {
	const style = `<style>${PDF_ONLY_CSS}</style>`;
	const at = html.indexOf('</head>');
	return at < 0 ? style + html : html.slice(0, at) + style + html.slice(at);
}
