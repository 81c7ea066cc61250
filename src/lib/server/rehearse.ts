// Code a first request would otherwise load and compile on the spot, loaded at start-up: every
// page's module, the web platform's Request and Response (Node loads them on first use), and the
// chart-drawing code. Figures are warmed separately (warm.ts); nothing here touches data.
import { annualTrendSpec } from '$lib/charts/annual-trend';
import { dotPlotSpec } from '$lib/charts/dot-plot';
import { funnelChartSpec } from '$lib/charts/funnel-chart';
import { monthlyCountSpec } from '$lib/charts/monthly-count';
import { spcChartSpec } from '$lib/charts/spc-chart';
import { rehearseChartDrawing } from './chart-svg';

const pageModules = import.meta.glob([
	'/src/routes/**/+page.svelte',
	'/src/routes/**/+layout.svelte',
	'/src/routes/**/+page.server.ts',
	'/src/routes/**/+layout.server.ts'
]);

export async function rehearseFirstRequest(): Promise<void> {
	await Promise.all(Object.values(pageModules).map((load) => load()));
	await new Response(new Request('http://localhost/', { method: 'POST', body: '' }).body).text();
	const text = { title: 'Rehearsal', description: 'Rehearsal', yLabel: '%', xLabel: 'n' };
	const format = (v: number) => String(v);
	rehearseChartDrawing([
		spcChartSpec(
			{
				points: [
					{ x: '2024-04', value: 1, type: 'common_cause' },
					{ x: '2024-05', value: 2, type: 'special_cause_concern' }
				],
				mean: 1.5,
				lowerLimit: 0,
				upperLimit: 3
			},
			{ ...text, format }
		),
		monthlyCountSpec([{ month: '2024-04-01', count: 1 }], text),
		annualTrendSpec([{ year: 2024, value: 1, series: 'England' }], text),
		dotPlotSpec([{ label: 'A', value: 1, self: true }], { ...text, format, reference: null }),
		funnelChartSpec(
			{
				points: [{ label: 'A', value: 50, denominator: 10, self: true, position: 'within' }],
				curve: [{ n: 10, lower95: 20, upper95: 80, lower998: 10, upper998: 90 }],
				centre: 50
			},
			{ ...text, format }
		)
	]);
}
