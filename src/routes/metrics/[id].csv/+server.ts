// One metric as CSV — the figures of its card: the period's value, each month and the
// breakdown — for the page's area and period. The metric id must be one in the catalogue, and
// the area must be one the viewer may see (anything else is 404, as for pages).
import { notFound } from '$lib/server/request';
import { breakdownLabels, findMetric } from '$lib/metrics/catalogue';
import { SYMBOL_LEGEND } from '$lib/metrics/result';
import { csvResponse, toCsv } from '$lib/server/csv';
import { metricsFor, withView } from '$lib/server/view';
import type { RequestHandler } from './$types';

const oneDecimal = (v: number | null) => (v === null ? null : Math.round(v * 10) / 10);

export const GET: RequestHandler = async ({ params, url }) => {
	const def = findMetric(params.id);
	if (!def) notFound();
	const result = await withView(
		url,
		(s, view) => metricsFor(s, view, { ids: [def.id], monthly: true }),
		{ subject: { metric: def.id } }
	);
	const m = result.metrics[0]!;
	const figure = (section: string, key: string, f: typeof m) => [
		section,
		key,
		oneDecimal(f.value),
		f.numerator,
		f.denominator,
		f.symbol ?? ''
	];
	const rows: unknown[][] = [
		['Metric', m.title],
		['Area', result.scope.name],
		['Period', `${result.from} to ${result.to}`],
		['Unit', m.unit],
		['Data version', result.dataVersion],
		['Symbols', SYMBOL_LEGEND],
		[],
		['Section', 'Key', 'Value', 'Numerator', 'Denominator', 'Symbol'],
		figure('Period', '', m),
		...(m.months ?? []).map((x) => figure('Month', x.month, { ...m, ...x })),
		...m.breakdown.map((b) =>
			figure(breakdownLabels[m.breakdownBy!] ?? 'Breakdown', b.key, { ...m, ...b })
		)
	];
	return csvResponse(toCsv(rows), `${def.id}_${result.from}_${result.to}.csv`);
};
