// A monthly count as columns: one column per month, labelled on a time axis.
import { MONTH_NAMES } from '$lib/stats/dates';
import { palette } from './palette';
import { chartSpec, type ChartSpec } from './spec';

export interface MonthlyCount {
	/** First day of the month, YYYY-MM-DD. */
	month: string;
	count: number;
}

export function monthlyCountSpec(
	rows: MonthlyCount[],
	text: { title: string; description: string; yLabel: string }
): ChartSpec {
	const data = rows.map((r) => ({ month: new Date(`${r.month}T00:00:00Z`), count: r.count }));
	const height = 300;
	return chartSpec(
		text,
		height,
		(Plot) => ({
			x: { type: 'band', label: null, tickFormat: (d: Date) => monthTick(d) },
			y: { grid: true, label: text.yLabel, nice: true },
			marks: [
				Plot.barY(data, {
					x: 'month',
					y: 'count',
					fill: palette.darkBlue,
					title: (d: { month: Date; count: number }) =>
						`${monthTick(d.month)}: ${d.count.toLocaleString('en-GB')}`
				}),
				Plot.ruleY([0])
			]
		}),
		{ kind: 'monthly-count', rows, yLabel: text.yLabel }
	);
}

/** "Apr 24" — short enough for twelve ticks on a phone. */
export function monthTick(d: Date): string {
	return `${MONTH_NAMES[d.getUTCMonth()]} ${String(d.getUTCFullYear()).slice(2)}`;
}
