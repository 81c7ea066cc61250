// Yearly published figures as lines, one per area (the area asked for, its region, England),
// with a dot on each year that has a figure; a suppressed or missing year breaks the line
// rather than bridging it. Annual points are too few for the SPC rules (their run tests need
// more points than a decade gives), so none are drawn.
import { palette } from './palette';
import { chartSpec, type ChartSpec } from './spec';

export interface AnnualPoint {
	series: string;
	year: number;
	value: number | null;
}

const COLOURS = [palette.darkBlue, palette.orange, palette.darkGrey];
// Colour never carries the series alone: each also has its own marker shape.
const SHAPES = ['circle', 'square', 'triangle'];

export function annualTrendSpec(
	points: AnnualPoint[],
	text: { title: string; description: string; yLabel: string }
): ChartSpec {
	const series = [...new Set(points.map((p) => p.series))];
	const height = 320;
	return chartSpec(
		text,
		height,
		(Plot) => ({
			marginBottom: 40,
			x: {
				label: null,
				tickFormat: 'd',
				ticks: Math.min(13, new Set(points.map((p) => p.year)).size)
			},
			y: { grid: true, label: text.yLabel, nice: true, zero: true },
			color: { domain: series, range: COLOURS.slice(0, series.length), legend: true },
			symbol: { domain: series, range: SHAPES.slice(0, series.length) },
			marks: [
				Plot.lineY(points, {
					x: 'year',
					y: (d: AnnualPoint) => d.value ?? NaN,
					stroke: 'series',
					strokeWidth: 2
				}),
				Plot.dot(
					points.filter((p) => p.value !== null),
					{
						x: 'year',
						y: 'value',
						fill: 'series',
						symbol: 'series',
						r: 4,
						title: (d: AnnualPoint) => `${d.series}, ${d.year}: ${d.value}`
					}
				)
			]
		}),
		{ kind: 'annual-trend', points, yLabel: text.yLabel }
	);
}
