// Draws a chart spec with Observable Plot, the one way every chart is drawn: into the page's HTML
// on the server, in the browser when a chart changes, and in picture tests, each with its
// own `document`.
// The SVG is exposed as a single image named by the chart's title; its numbers are in the
// table beside it, so the per-mark labels Plot adds (e.g. aria-label="bar" on <g>, which ARIA
// does not permit on elements without a role) are removed. Hover titles stay for mouse users.
import * as Plot from '@observablehq/plot';
import type { ChartSpec } from './spec';

export function drawChart(
	spec: ChartSpec,
	width: number,
	document?: Document,
	describedBy?: string
): SVGSVGElement | HTMLElement {
	const el = Plot.plot({ ...spec.plot(width, Plot), ...(document ? { document } : {}) });
	// With a legend Plot returns a <figure>: the legend's swatches (small SVGs) come first and
	// the chart itself last.
	const svgs = el.tagName.toLowerCase() === 'svg' ? [el] : [...el.querySelectorAll('svg')];
	for (const svg of svgs)
		for (const child of svg.querySelectorAll('[aria-label]')) child.removeAttribute('aria-label');
	const chart = svgs[svgs.length - 1];
	if (chart) {
		chart.setAttribute('role', 'img');
		chart.setAttribute('aria-label', spec.title);
		if (describedBy) chart.setAttribute('aria-describedby', describedBy);
	}
	return el;
}

export function renderSpecToSvg(
	spec: ChartSpec,
	width: number,
	document: Document,
	describedBy?: string
): string {
	return drawChart(spec, width, document, describedBy).outerHTML;
}
