// An event study: the estimated difference between authorities that went live and those not
// yet live, by months since go-live, each with its 95% interval as a vertical line. Zero is
// marked, and so is the go-live (between month −1, the reference, and month 0). Months before
// go-live are placebo checks: they should sit around zero.
import { palette } from './palette';
import { chartSpec, type ChartSpec } from './spec';

export interface EventStudyPoint {
	/** Months since go-live (0: the first month live; −1: the month before, the reference). */
	e: number;
	estimate: number;
	lower: number | null;
	upper: number | null;
}

export function eventStudySpec(
	points: EventStudyPoint[],
	text: {
		title: string;
		description: string;
		yLabel: string;
		valueText: (p: EventStudyPoint) => string;
	}
): ChartSpec {
	const height = 340;
	const labels = points.map((p) => `${p.e}: ${text.valueText(p)}`);
	return chartSpec(
		text,
		height,
		(Plot) => ({
			marginBottom: 44,
			x: { label: 'Months since go-live', nice: false },
			y: { grid: true, label: text.yLabel },
			marks: [
				Plot.ruleY([0], { stroke: palette.darkGrey }),
				Plot.ruleX([-0.5], { stroke: palette.orange, strokeDasharray: '6,4', strokeWidth: 2 }),
				Plot.text([-0.5], {
					x: (d: number) => d,
					frameAnchor: 'top',
					dy: 4,
					dx: 4,
					textAnchor: 'start',
					text: () => 'Go-live',
					fill: palette.darkGrey
				}),
				Plot.ruleX(
					points.filter((p) => p.lower !== null && p.upper !== null),
					{ x: 'e', y1: 'lower', y2: 'upper', stroke: palette.darkBlue, strokeWidth: 2 }
				),
				Plot.dot(points, {
					x: 'e',
					y: 'estimate',
					fill: (p: EventStudyPoint) => (p.e < 0 ? 'white' : palette.darkBlue),
					stroke: palette.darkBlue,
					r: 4,
					title: (_: EventStudyPoint, i: number) => labels[i]
				})
			]
		}),
		{ kind: 'event-study', points, yLabel: text.yLabel, labels }
	);
}
