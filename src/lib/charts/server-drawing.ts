// Charts are drawn into the page's HTML on the server, so the first paint holds them. Drawing
// needs a DOM, which the browser has and the server borrows from a library the browser's bundle
// must not carry; so the server registers its drawer here at start-up, and a chart rendered
// where none is registered is drawn in the browser only, as before.
import type { ChartSpec } from './spec';

/** Draws a spec at a width as SVG markup, naming the element that describes it. */
export type ChartDrawer = (spec: ChartSpec, width: number, describedBy: string) => string;

let drawer: ChartDrawer | null = null;

export function registerServerDrawer(d: ChartDrawer): void {
	drawer = d;
}

/** The chart's SVG markup as the server draws it, or '' where nothing is registered. */
export function drawnOnServer(spec: ChartSpec, width: number, describedBy: string): string {
	return drawer ? drawer(spec, width, describedBy) : '';
}

/**
 * The width a chart is drawn at when the browser has not said how wide its charts are: the
 * widest the page's column gets, so a desktop's first page needs no redrawing.
 */
export const DEFAULT_CHART_WIDTH = 1200;
/** Narrower than any phone's column; wider than the page's column. */
const NARROWEST = 240;

/** The session cookie in which the browser says how wide its charts are drawn. */
export const CHART_WIDTH_COOKIE = 'chart-width';

/** The chart width a request asks for, from its cookie; anything unreadable gets the default. */
export function chartWidthOf(cookie: string | undefined): number {
	const w = Number(cookie);
	if (!Number.isInteger(w) || w < NARROWEST || w > DEFAULT_CHART_WIDTH) return DEFAULT_CHART_WIDTH;
	return w;
}
