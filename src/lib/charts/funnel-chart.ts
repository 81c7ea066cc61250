// A funnel plot: each authority's proportion against its denominator, with the England value as
// the centre line and exact binomial limits at 95% (dashed) and 99.8% (dotted). Points beyond
// the limits differ in shape as well as colour, and the viewer's own authority is a larger
// triangle, so nothing rests on colour alone.
import { funnelLimits, type FunnelLimits } from '$lib/stats/funnel';
import { palette } from './palette';
import { chartSpec, type ChartSpec } from './spec';

export interface FunnelPoint {
	label: string;
	value: number;
	denominator: number;
	self: boolean;
	position: string | null;
}

const looks: Record<string, { fill: string; symbol: string; words: string }> = {
	within: { fill: palette.darkGrey, symbol: 'circle', words: 'within the limits' },
	above_95: { fill: palette.darkBlue, symbol: 'diamond', words: 'above the 95% limit' },
	above_998: { fill: palette.darkBlue, symbol: 'square', words: 'above the 99.8% limit' },
	below_95: { fill: palette.darkPink, symbol: 'diamond', words: 'below the 95% limit' },
	below_998: { fill: palette.darkPink, symbol: 'square', words: 'below the 99.8% limit' },
	// An authority shown without its name has only a size band: drawn there, not placed.
	unplaced: { fill: palette.turquoise, symbol: 'circle', words: 'drawn at its size band' }
};

export function funnelPositionWords(position: string | null): string {
	return position ? (looks[position]?.words ?? position) : 'not placed';
}

/**
 * The part of the plane the points and the limits that matter to them take: denominators from
 * the smallest to the largest authority's (not from nought), and percentages from the lower to
 * the upper 99.8% limit at the smallest denominator shown, widened to take in every point —
 * so the limits are not squashed into a corner of 0 to 100 by 0 to the largest.
 */
export function funnelDomains(
	points: { value: number; denominator: number }[],
	centre: number
): { x: [number, number]; y: [number, number] } {
	if (points.length === 0) return { x: [0, 1], y: [0, 100] };
	const ns = points.map((p) => p.denominator);
	const lo = Math.min(...ns);
	const hi = Math.max(...ns);
	// Points that share one denominator (one neighbour published) are given room around it.
	const padN = Math.max((hi > lo ? hi - lo : hi) * 0.05, 1);
	const widest = funnelLimits(Math.max(lo, 1), centre);
	const ys = [...points.map((p) => p.value), widest.lower998, widest.upper998, centre];
	const yLo = Math.min(...ys);
	const yHi = Math.max(...ys);
	const padY = Math.max((yHi - yLo) * 0.05, 1);
	return {
		x: [Math.max(0, lo - padN), hi + padN],
		y: [Math.max(0, yLo - padY), Math.min(100, yHi + padY)]
	};
}

/**
 * The limits as drawn: worked out at evenly spaced denominators across the x domain and a
 * quarter of it either side (where an axis rounded outwards may reach), and at the given
 * curve's own denominators in that span. The curve runs from one record to the largest
 * authority's count; drawn whole over a narrow domain (one neighbour published), its lines lay
 * hundreds of thousands of pixels outside the frame, hidden by clipping, but Chromium then
 * recorded no first paint for the page.
 */
export function limitsToDraw(
	curve: FunnelLimits[],
	x: [number, number],
	centre: number,
	steps = 48
): FunnelLimits[] {
	const reach = (x[1] - x[0]) / 4;
	const from = Math.max(1, Math.floor(x[0] - reach));
	const to = Math.max(from, Math.ceil(x[1] + reach));
	const ns = new Set(curve.map((c) => c.n).filter((n) => n >= from && n <= to));
	for (let i = 0; i <= steps; i++) ns.add(Math.round(from + ((to - from) * i) / steps));
	return [...ns].sort((a, b) => a - b).map((n) => funnelLimits(n, centre));
}

export function funnelChartSpec(
	input: { points: FunnelPoint[]; curve: FunnelLimits[]; centre: number },
	text: { title: string; description: string; xLabel: string; format: (v: number) => string }
): ChartSpec {
	const height = 360;
	const domains = funnelDomains(input.points, input.centre);
	const drawn = limitsToDraw(input.curve, domains.x, input.centre);
	const lines = (key: keyof FunnelLimits) => drawn.map((c) => ({ n: c.n, y: c[key] }));
	const others = input.points.filter((p) => !p.self);
	const self = input.points.filter((p) => p.self);
	const look = (p: FunnelPoint) => looks[p.position ?? 'within'] ?? looks.within!;
	const tip = (p: FunnelPoint) =>
		`${p.label}: ${text.format(p.value)} of ${p.denominator.toLocaleString('en-GB')} (${funnelPositionWords(p.position)})`;
	return chartSpec(
		text,
		height,
		(Plot) => ({
			marginRight: 24,
			marginBottom: 44,
			// The label under the middle of the axis, clear of the last tick's number.
			x: {
				label: text.xLabel,
				grid: true,
				nice: true,
				domain: domains.x,
				labelAnchor: 'center',
				labelOffset: 38
			},
			y: { label: '%', grid: true, nice: true, domain: domains.y },
			marks: [
				Plot.ruleY([input.centre], { stroke: palette.darkBlue, strokeWidth: 1.5 }),
				...(['lower95', 'upper95'] as const).map((k) =>
					Plot.line(lines(k), {
						x: 'n',
						y: 'y',
						stroke: palette.darkGrey,
						strokeDasharray: '6,4',
						clip: true
					})
				),
				...(['lower998', 'upper998'] as const).map((k) =>
					Plot.line(lines(k), {
						x: 'n',
						y: 'y',
						stroke: palette.darkGrey,
						strokeDasharray: '2,3',
						clip: true
					})
				),
				Plot.dot(others, {
					x: 'denominator',
					y: 'value',
					r: 3.5,
					fill: (p: FunnelPoint) => look(p).fill,
					symbol: (p: FunnelPoint) => look(p).symbol,
					fillOpacity: 0.8,
					title: tip
				}),
				Plot.dot(self, {
					x: 'denominator',
					y: 'value',
					r: 8,
					symbol: 'triangle',
					fill: palette.orange,
					stroke: '#0b0c0c',
					title: tip
				}),
				Plot.text(self, {
					x: 'denominator',
					y: 'value',
					text: 'label',
					dy: -16,
					fontWeight: 'bold',
					fill: '#0b0c0c'
				})
			]
		}),
		{
			kind: 'funnel',
			input,
			xLabel: text.xLabel,
			shown: input.points.map((p) => text.format(p.value))
		}
	);
}
