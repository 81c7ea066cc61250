// A statistical process control chart: the monthly values joined by a line, the mean as a solid
// rule and the process limits as dashed rules. Points that are special-cause signals are drawn
// larger and in a different shape as well as colour (improving: triangle, concerning: square,
// neither: diamond), so the meaning never rests on colour alone. Where leaders have set them, the
// target is a dotted stepped line and change points are labelled vertical rules; limits
// recalculated from a change are drawn over each phase's own months.
import { monthInWords } from '$lib/stats/dates';
import { monthTick } from './monthly-count';
import { palette } from './palette';
import { chartSpec, type ChartSpec, type PlotLib } from './spec';

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
	/** Stretches with limits of their own, when limits were recalculated (stats/spc-phases). */
	phases?: {
		from: string;
		to: string;
		mean: number | null;
		lowerLimit: number | null;
		upperLimit: number | null;
	}[];
	/** Change points on the area's timeline, drawn as labelled vertical rules. */
	changes?: { month: string; label: string }[];
	/** The target in force each month, drawn as a stepped line. */
	targets?: { x: string; value: number | null }[];
}

const monthDate = (m: string) => new Date(`${m}-01T00:00:00Z`);
/** A change point's label on the chart; the description and the page give it in full. */
const CHART_LABEL = 28;
const shortLabel = (label: string) =>
	label.length > CHART_LABEL ? `${label.slice(0, CHART_LABEL - 1).trimEnd()}…` : label;

/** The mean and limits: across the chart, or each phase's over its own months. */
function limitMarks(input: SpcChartInput, Plot: PlotLib) {
	const phases =
		input.phases && input.phases.length > 1
			? input.phases.map((p) => ({ ...p, x1: monthDate(p.from), x2: monthDate(p.to) }))
			: [{ ...input, x1: undefined, x2: undefined }];
	return phases.flatMap((p) => {
		const span = p.x1 === undefined ? {} : { x1: () => p.x1, x2: () => p.x2 };
		return [
			...(p.mean === null
				? []
				: [Plot.ruleY([p.mean], { stroke: palette.darkBlue, strokeWidth: 1.5, ...span })]),
			...[p.lowerLimit, p.upperLimit].flatMap((limit) =>
				limit === null
					? []
					: [Plot.ruleY([limit], { stroke: palette.darkGrey, strokeDasharray: '6,4', ...span })]
			)
		];
	});
}

/** The target as a stepped line (gaps where there is none) and the change points as rules. */
function leadershipMarks(input: SpcChartInput, Plot: PlotLib) {
	const targets = (input.targets ?? []).map((t) => ({
		month: monthDate(t.x),
		value: t.value ?? NaN
	}));
	const changes = (input.changes ?? []).map((c) => ({
		month: monthDate(c.month),
		label: shortLabel(c.label)
	}));
	return [
		...(targets.some((t) => !Number.isNaN(t.value))
			? [
					Plot.line(targets, {
						x: 'month',
						y: 'value',
						curve: 'step-after',
						stroke: palette.darkPink,
						strokeWidth: 2,
						strokeDasharray: '2,3'
					})
				]
			: []),
		...(changes.length
			? [
					Plot.ruleX(changes, { x: 'month', stroke: palette.darkPink, strokeWidth: 1.5 }),
					Plot.text(changes, {
						x: 'month',
						text: 'label',
						frameAnchor: 'top',
						textAnchor: 'start',
						dx: 4,
						dy: -10,
						fill: palette.darkGrey
					})
				]
			: [])
	];
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
			// Room above the frame for the change points' labels.
			...(input.changes?.length ? { marginTop: 36 } : {}),
			x: { type: 'utc', label: null, tickFormat: (d: Date) => monthTick(d) },
			y: { grid: true, label: text.yLabel, nice: true },
			marks: [
				...limitMarks(input, Plot),
				...leadershipMarks(input, Plot),
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

/**
 * What an SPC chart shows, in words, after the area it is for: the lines and markers, the
 * target and change points where there are any, and the verdicts.
 */
export function spcChartWords(
	spc: SpcChartInput & { variation: { words: string } },
	format: (v: number) => string
): string {
	const parts = [
		spc.phases && spc.phases.length > 1
			? 'The solid lines are the mean and the dashed lines the process limits, recalculated from a change point; larger markers are signals.'
			: 'The solid line is the mean and the dashed lines the process limits; larger markers are signals.'
	];
	const targets = (spc.targets ?? []).filter((t) => t.value !== null);
	if (targets.length) {
		const values = [...new Set(targets.map((t) => format(t.value!)))];
		parts.push(`The dotted line is the target (${values.join(', then ')}).`);
	}
	if (spc.changes?.length)
		parts.push(
			`Vertical lines mark changes: ${spc.changes.map((c) => `${monthInWords(c.month)}, ${c.label}`).join('; ')}.`
		);
	parts.push(spc.variation.words);
	return parts.join(' ');
}
