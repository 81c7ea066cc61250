// What every chart spec returns: Plot options plus the accessible text the component needs.
// A spec is a pure function of its rows, so it can be rendered in a test without a browser.
import type * as PlotModule from '@observablehq/plot';
import type { PlotOptions } from '@observablehq/plot';

/**
 * Observable Plot, handed to a spec by whoever draws it (render.ts): the specs only describe,
 * so a page that shows charts drawn on the server never loads Plot in the browser.
 */
export type PlotLib = typeof PlotModule;

export interface ChartSpec {
	/** Short title saying what the chart shows; also the SVG's aria-label. */
	title: string;
	/** One or two sentences describing the chart's content for screen-reader users. */
	description: string;
	/** Fixed height in pixels, reserved before the chart draws so the page does not jump. */
	height: number;
	/** Builds Plot options for a given width (the component measures its container). */
	plot(width: number, Plot: PlotLib): PlotOptions;
	/**
	 * Everything the drawing depends on besides its width, as a string: two specs with the same
	 * key draw the same SVG at the same width, so a drawing may be reused for the same key.
	 */
	key: string;
}

/**
 * A spec with the options every chart shares — its text as the SVG's label and description,
 * the fixed height, the page's font, a left margin for value labels — and its own options
 * (scales, marks, other margins). `content` is everything else the options are made from: the
 * chart's kind, its rows, its other labels, and every value it formats, already formatted (a
 * format function cannot be compared, the text it makes can).
 */
export function chartSpec(
	text: { title: string; description: string },
	height: number,
	options: (Plot: PlotLib) => PlotOptions,
	content: { kind: string } & Record<string, unknown>
): ChartSpec {
	return {
		title: text.title,
		description: text.description,
		height,
		key: JSON.stringify([text.title, text.description, height, content]),
		plot: (width, Plot) => ({
			width,
			height,
			marginLeft: 56,
			ariaLabel: text.title,
			ariaDescription: text.description,
			style: { fontFamily: 'inherit', fontSize: '14px', overflow: 'visible' },
			...options(Plot)
		})
	};
}
