// A statistical process control chart: the monthly values joined by a line, the mean as a solid
// rule and the process limits as dashed rules. Points that are special-cause signals are drawn
// larger and in a different shape as well as colour (improving: triangle, concerning: square,
// neither: diamond), so the meaning never rests on colour alone.
import { monthTick } from './monthly-count';
import { palette } from './palette';
import { chartSpec, type ChartSpec } from './spec';

/** A point of the engine's monthly series (stats/spc's SpcPoint): `x` is the month, YYYY-MM. */
export interface SpcChartPoint {
	x: string;
	value: number | null;
	type: string | null;
}

export interface SpcChartInput {
	points: SpcChartPoint[];
	mean: number | null;
	lowerLimit: number | null;
	upperLimit: number | null;
}

const styles: Record<string, { fill: string; symbol: string; label: string }> = {
	common_cause: { fill: palette.darkGrey, symbol: 'circle', label: 'common cause' },
	special_cause_improvement: { fill: palette.turquoise, symbol: 'triangle', label: 'improving' },
	special_cause_concern: { fill: palette.orange, symbol: 'square', label: 'concerning' },
	special_cause_neither: { fill: palette.darkBlue, symbol: 'diamond', label: 'special cause' }
};

export function spcChartSpec(
	input: SpcChartInput,
	text: { title: string; description: string; yLabel: string; format: (v: number) => string }
): ChartSpec {
	const data = input.points
		.filter((p) => p.value !== null)
		.map((p) => ({
			month: new Date(`${p.x}-01T00:00:00Z`),
			value: p.value!,
			style: styles[p.type ?? 'common_cause'] ?? styles.common_cause!
		}));
	const height = 260;
	return chartSpec(
		text,
		height,
		(Plot) => ({
			x: { type: 'utc', label: null, tickFormat: (d: Date) => monthTick(d) },
			y: { grid: true, label: text.yLabel, nice: true },
			marks: [
				...(input.mean === null
					? []
					: [Plot.ruleY([input.mean], { stroke: palette.darkBlue, strokeWidth: 1.5 })]),
				...[input.lowerLimit, input.upperLimit].flatMap((limit) =>
					limit === null
						? []
						: [Plot.ruleY([limit], { stroke: palette.darkGrey, strokeDasharray: '6,4' })]
				),
				Plot.line(data, { x: 'month', y: 'value', stroke: palette.darkBlue, strokeWidth: 1.5 }),
				Plot.dot(data, {
					x: 'month',
					y: 'value',
					fill: (d: (typeof data)[number]) => d.style.fill,
					symbol: (d: (typeof data)[number]) => d.style.symbol,
					r: (d: (typeof data)[number]) => (d.style.label === 'common cause' ? 3 : 5),
					title: (d: (typeof data)[number]) =>
						`${monthTick(d.month)}: ${text.format(d.value)} (${d.style.label})`
				})
			]
		}),
		{ kind: 'spc', input, yLabel: text.yLabel, shown: data.map((d) => text.format(d.value)) }
	);
}
