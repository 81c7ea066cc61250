// One metric as CSV — the figures of its card: the period's value, each month and the
// breakdown — for the viewer's own scope and the page's period. The metric id must be one in
// the catalogue, and nothing in the URL can change whose figures these are.
import { error } from '@sveltejs/kit';
import { breakdownLabels, findMetric } from '$lib/metrics/catalogue';
import { computeMetrics } from '$lib/server/analytics/metrics/engine';
import { DisclosureError, MetricRequestError } from '$lib/server/analytics/metrics/errors';
import { csvResponse, toCsv } from '$lib/server/csv';
import { withAnalyticsOr503 } from '$lib/server/http';
import { periodFrom } from '$lib/server/period';
import { viewOf } from '$lib/server/viewer';
import type { RequestHandler } from './$types';

const oneDecimal = (v: number | null) => (v === null ? null : Math.round(v * 10) / 10);

export const GET: RequestHandler = async ({ params, locals, url }) => {
	const def = findMetric(params.id);
	if (!def) error(404, 'Not found');
	const { viewer, scope } = viewOf(locals.user!);
	try {
		const { result, version } = await withAnalyticsOr503(async (s) => ({
			version: s.dataVersion.version,
			result: await computeMetrics(s, {
				scope,
				viewer,
				...periodFrom(url, s.dataVersion.extracted),
				ids: [def.id],
				monthly: true
			})
		}));
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
			['Data version', version],
			['Symbols', 'c suppressed; : not available; z not applicable'],
			[],
			['Section', 'Key', 'Value', 'Numerator', 'Denominator', 'Symbol'],
			figure('Period', '', m),
			...(m.months ?? []).map((x) => figure('Month', x.month, { ...m, ...x })),
			...m.breakdown.map((b) =>
				figure(breakdownLabels[m.breakdownBy!] ?? 'Breakdown', b.key, { ...m, ...b })
			)
		];
		return csvResponse(toCsv(rows), `${def.id}_${result.from}_${result.to}.csv`);
	} catch (e) {
		if (e instanceof MetricRequestError || e instanceof DisclosureError) error(400, e.message);
		throw e;
	}
};
