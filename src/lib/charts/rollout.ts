// The reform's rollout: authorities at each stage by region (stacked bars, one per region), and
// the number live in England month by month (a step line).
import { monthTick } from './monthly-count';
import { palette } from './palette';
import { chartSpec, type ChartSpec } from './spec';

export interface StageCount {
	region: string;
	stage: string;
	count: number;
}

/** Stages in their order; each bar's segments are in this order, left to right. */
const COLOURS = [palette.darkBlue, palette.turquoise, '#b1b4b6'];

export function stagesByRegionSpec(
	rows: StageCount[],
	text: { title: string; description: string; stages: string[] }
): ChartSpec {
	const regions = [...new Set(rows.map((r) => r.region))];
	const height = 60 + 32 * regions.length;
	return chartSpec(
		text,
		height,
		(Plot) => ({
			marginLeft: 190,
			x: { grid: true, label: 'Authorities', nice: true },
			y: { domain: regions, label: null },
			color: { domain: text.stages, range: COLOURS.slice(0, text.stages.length), legend: true },
			marks: [
				Plot.barX(rows, {
					y: 'region',
					x: 'count',
					fill: 'stage',
					order: text.stages,
					title: (r: StageCount) => `${r.region}, ${r.stage}: ${r.count}`
				}),
				Plot.ruleX([0])
			]
		}),
		{ kind: 'stages-by-region', rows, stages: text.stages }
	);
}

export interface LiveCount {
	/** First day of the month, YYYY-MM-DD. */
	month: string;
	live: number;
}

export function liveOverTimeSpec(
	rows: LiveCount[],
	text: { title: string; description: string }
): ChartSpec {
	const data = rows.map((r) => ({ month: new Date(`${r.month}T00:00:00Z`), live: r.live }));
	const height = 280;
	return chartSpec(
		text,
		height,
		(Plot) => ({
			marginBottom: 40,
			x: { type: 'utc', label: null, tickFormat: (d: Date) => monthTick(d) },
			y: { grid: true, label: 'Authorities live', nice: true, zero: true },
			marks: [
				Plot.lineY(data, {
					x: 'month',
					y: 'live',
					curve: 'step-after',
					stroke: palette.darkBlue,
					strokeWidth: 2
				}),
				Plot.dot(data, {
					x: 'month',
					y: 'live',
					fill: palette.darkBlue,
					r: 3,
					title: (d: { month: Date; live: number }) => `${monthTick(d.month)}: ${d.live} live`
				})
			]
		}),
		{ kind: 'live-over-time', rows }
	);
}
