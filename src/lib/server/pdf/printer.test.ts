// The printer on small hand-made pages, with Debian's Chromium: what it prints, where the
// contents points, what it fetches, and how it refuses work it cannot take.
import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHROMIUM_PATH } from './chromium';
import {
	closePrinter,
	PrinterBusyError,
	PrintTimeoutError,
	printPdf,
	type PrintJob
} from './printer';
import { pageNumbersOf, pdfTagsOf, pdfTextByPage } from './pdf-pages';

const ORIGIN = 'https://oversight.example';

/** Title and contents on page 1; A on page 2; B runs over pages 3 and 4; C on page 5. */
const REPORT = `<!doctype html><html lang="en-GB"><head><title>Test pack</title>
<link rel="stylesheet" href="/_app/immutable/assets/pack.css">
<style>section { break-before: page; } .tall { height: 1500px; }</style></head>
<body data-file-name="test-pack">
<p data-running-head>Northshire · 2024-04-01 to 2025-03-31 · version v1</p>
<h1>Board pack</h1>
<ol>
	<li><a href="#a">Section A</a> <span data-contents-page="a"></span></li>
	<li><a href="#b">Section B</a> <span data-contents-page="b"></span></li>
	<li><a href="#c">Section C</a> <span data-contents-page="c"></span></li>
</ol>
<script>document.body.insertAdjacentHTML('beforeend', '<p>script ran</p>')</script>
<img src="/secret/figures.png" alt="">
<img src="https://elsewhere.example/track.png" alt="">
<section><h2 id="a">Section A</h2><p>Alpha text.</p></section>
<section><h2 id="b">Section B</h2><div class="tall">Bravo text.</div></section>
<section><h2 id="c">Section C</h2>
<figure><svg role="img" aria-label="A chart of bravo by month" width="200" height="100"><rect width="200" height="100" fill="#ccc"/></svg>
<figcaption>Chart caption</figcaption></figure></section>
</body></html>`;

function job(asked: string[] = [], asset?: PrintJob['asset']): PrintJob {
	return {
		html: REPORT,
		url: `${ORIGIN}/report?area=X`,
		asset:
			asset ??
			(async (path) => {
				asked.push(path);
				return path === '/_app/immutable/assets/pack.css'
					? { body: Buffer.from('h1 { color: rgb(200, 0, 0); }'), contentType: 'text/css' }
					: null;
			})
	};
}

beforeAll(() => {
	if (!fs.existsSync(CHROMIUM_PATH))
		throw new Error(
			`Chromium not found at ${CHROMIUM_PATH}; install it with "apt-get install -y chromium" (or set OVERSIGHT_CHROMIUM).`
		);
});
afterAll(closePrinter);

describe('printPdf', () => {
	it('prints the pages with the running head, page numbers and the contents filled in', async () => {
		const asked: string[] = [];
		const printed = await printPdf(job(asked), 60_000);
		const text = await pdfTextByPage(printed.pdf);
		expect(printed.pages).toBe(5);
		expect(text).toHaveLength(5);
		expect(printed.fileName).toBe('test-pack');
		for (const [i, page] of text.entries()) {
			expect(page).toContain('Northshire · 2024-04-01 to 2025-03-31 · version v1');
			expect(page).toContain(`Page ${i + 1} of 5`);
		}
		expect(text[0]).toContain('Section A 2 2. Section B 3 3. Section C 5');
		expect(text[1]).toContain('Alpha text.');
		expect(text[2]).toContain('Bravo text.');
		expect(text[4]).toContain('Chart caption');
		// The numbers written in are where the sections are.
		const found = await pageNumbersOf(printed.pdf, ['a', 'b', 'c']);
		expect([...found.targets]).toEqual([
			['a', 2],
			['b', 3],
			['c', 5]
		]);
		// Script never runs; only the public file on the page's own origin was asked for.
		expect(text.join(' ')).not.toContain('script ran');
		expect(asked.sort()).toEqual(['/_app/immutable/assets/pack.css', '/secret/figures.png']);
	}, 60_000);

	it('tags the document: headings, list, and the chart with its alternative text', async () => {
		const tags = await pdfTagsOf((await printPdf(job(), 60_000)).pdf);
		const roles = tags.map((t) => t.role);
		expect(roles).toContain('H1');
		expect(roles.filter((r) => r === 'H2')).toHaveLength(3);
		expect(roles).toContain('L');
		expect(tags).toContainEqual({ role: 'Figure', alt: 'A chart of bravo by month' });
	}, 60_000);

	it('gives up on a print that overruns, and prints the next one', async () => {
		const hanging = job([], () => new Promise(() => {}));
		await expect(printPdf(hanging, 2_000)).rejects.toBeInstanceOf(PrintTimeoutError);
		expect((await printPdf(job(), 60_000)).pages).toBe(5);
	}, 90_000);

	it('says it is busy rather than queue more than a few prints', async () => {
		// Asked for all at once, before the first has even started.
		const outcomes = await Promise.allSettled(
			Array.from({ length: 6 }, () => printPdf(job(), 60_000))
		);
		const busy = outcomes.filter(
			(o) => o.status === 'rejected' && o.reason instanceof PrinterBusyError
		);
		// One printing and three waiting are taken; the other two are told to come back.
		expect(busy).toHaveLength(2);
		expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(4);
	}, 120_000);
});
