// One metric in depth: its monthly SPC chart, every authority the viewer's role may see (as a
// funnel for proportions), the statistical neighbours, every breakdown the catalogue offers,
// and how it is calculated. Every figure comes from the metric engine.
import { notFound } from '$lib/server/request';
import { findMetric } from '$lib/metrics/catalogue';
import { funnelCurve } from '$lib/stats/funnel';
import { computeMetrics } from '$lib/server/analytics/metrics/engine';
import { aboutMetric } from '$lib/server/about';
import { financialYears } from '$lib/server/filters';
import { latestTwelveMonths } from '$lib/server/viewer';
import { publicFilters, withView } from '$lib/server/view';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ params, url }) => {
	const def = findMetric(params.id);
	if (!def) notFound();
	return withView(
		url,
		async (s, { viewer, filters }) => {
			const request = {
				scope: filters.scope,
				viewer,
				from: filters.from,
				to: filters.to,
				ids: [def.id]
			};
			const result = await computeMetrics(s, {
				...request,
				monthly: true,
				benchmarks: true,
				authorities: true,
				breakdown: 'none'
			});
			const metric = result.metrics[0]!;
			// One request per breakdown the catalogue offers; team detail only for those who hold it.
			const breakdowns = [];
			for (const by of def.breakdowns) {
				if (by === 'team' && result.controlled) continue;
				const r = await computeMetrics(s, { ...request, breakdown: by });
				const m = r.metrics[0]!;
				if (m.breakdownBy === by && m.breakdown.length) breakdowns.push({ by, rows: m.breakdown });
			}
			const authorities = metric.benchmarks?.authorities ?? null;
			const centre = metric.benchmarks?.england.value ?? null;
			const maxN = Math.max(0, ...(authorities ?? []).map((a) => a.denominator ?? 0));
			const funnel =
				def.kind === 'proportion' && authorities && centre !== null && maxN > 0
					? { centre, curve: funnelCurve(maxN, centre) }
					: null;
			const extracted = s.dataVersion.extracted ?? result.to;
			const latestYear = financialYears(
				s.dataVersion.periodFrom,
				latestTwelveMonths(extracted).to
			)[0];
			return {
				filters: publicFilters(filters),
				result: { ...result, metrics: [] },
				metric,
				breakdowns,
				funnel,
				latestYear: latestYear ?? null,
				about: {
					...aboutMetric(def),
					polarity: def.polarity,
					experimental: def.experimental === true
				}
			};
		},
		{ subject: { metric: def.id } }
	);
};
