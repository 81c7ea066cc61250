// Draws charts on the server (see charts/server-drawing.ts) against linkedom's document, and
// keeps the drawings: a chart's SVG is a pure function of its spec's key, its width and the id
// that describes it, so a drawing made for one viewer is exactly the drawing any other viewer
// with the same key would get: no figure passes between viewers that each could not see.
import { createHash } from 'node:crypto';
import { parseHTML } from 'linkedom';
import { renderSpecToSvg } from '$lib/charts/render';
import { ByteBoundedLru } from './byte-lru';
import { DEFAULT_CHART_WIDTH } from '$lib/charts/server-drawing';
import type { ChartSpec } from '$lib/charts/spec';

const { document } = parseHTML('<!doctype html><html><head></head><body></body></html>');

const drawings = new ByteBoundedLru<string>(32 * 1024 * 1024, (svg) => svg.length);

export const chartDrawingStats = { drawn: 0, reused: 0 };

export function drawChartSvg(spec: ChartSpec, width: number, describedBy: string): string {
	const key = createHash('sha256')
		.update(`${width}\u0000${describedBy}\u0000${spec.key}`)
		.digest('base64url');
	const kept = drawings.get(key);
	if (kept !== undefined) {
		chartDrawingStats.reused++;
		return kept;
	}
	const svg = renderSpecToSvg(spec, width, document as unknown as Document, describedBy);
	chartDrawingStats.drawn++;
	drawings.set(key, svg);
	return svg;
}

/**
 * Draws one small chart of each kind and keeps none, so the first page a viewer opens does not
 * pay for compiling the drawing code.
 */
export function rehearseChartDrawing(specs: ChartSpec[]): void {
	for (const spec of specs)
		renderSpecToSvg(spec, DEFAULT_CHART_WIDTH, document as unknown as Document);
}

/** Forgets every drawing (for tests). */
export function forgetChartDrawings(): void {
	drawings.clear();
}
