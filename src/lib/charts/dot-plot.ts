// A ranked dot plot: one row per authority, its value as a dot on a shared scale, with a
// reference line (the median of the group). The viewer's own authority is a larger triangle
// and is named in its row label, so it stands out without relying on colour.
import { palette } from './palette';
import { chartSpec, type ChartSpec } from './spec';

export interface DotRow {
	label: string;
	value: number;
	self: boolean;
}

export function dotPlotSpec(
	rows: DotRow[],
	text: {
		title: string;
		description: string;
		xLabel: string;
		format: (v: number) => string;
		reference: { value: number; label: string } | null;
	}
): ChartSpec {
	const height = Math.max(120, 40 + rows.length * 26);
	const order = rows.map((r) => r.label);
	return chartSpec(
		text,
		height,
		(Plot) => ({
			marginLeft: Math.min(240, 16 + Math.max(...order.map((l) => l.length), 4) * 7.5),
			marginRight: 24,
			x: { label: text.xLabel, grid: true, nice: true, zero: true },
			y: { label: null, domain: order },
			marks: [
				...(text.reference
					? [
							Plot.ruleX([text.reference.value], {
								stroke: palette.darkBlue,
								strokeDasharray: '6,4',
								title: () => `${text.reference!.label}: ${text.format(text.reference!.value)}`
							})
						]
					: []),
				Plot.ruleY(rows, { y: 'label', stroke: '#dddddd' }),
				Plot.dot(rows, {
					x: 'value',
					y: 'label',
					r: (r: DotRow) => (r.self ? 7 : 4.5),
					symbol: (r: DotRow) => (r.self ? 'triangle' : 'circle'),
					fill: (r: DotRow) => (r.self ? palette.orange : palette.darkBlue),
					stroke: (r: DotRow) => (r.self ? '#0b0c0c' : 'none'),
					title: (r: DotRow) => `${r.label}: ${text.format(r.value)}`
				})
			]
		}),
		{
			kind: 'dot-plot',
			rows,
			xLabel: text.xLabel,
			reference: text.reference,
			shown: [...rows.map((r) => r.value), ...(text.reference ? [text.reference.value] : [])].map(
				(v) => text.format(v)
			)
		}
	);
}
