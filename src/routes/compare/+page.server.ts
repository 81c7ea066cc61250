// Compare: one metric across every authority of a group (statistical neighbours, region or
// England) that the viewer's role may see, ranked with quartile bands and the funnel. Opens on
// the latest financial year, the period for which every authority's figure is published.
import { notFound } from '$lib/server/request';
import { catalogue, findMetric } from '$lib/metrics/catalogue';
import { themes } from '$lib/metrics/themes';
import { funnelCurve } from '$lib/stats/funnel';
import { computeMetrics } from '$lib/server/analytics/metrics/engine';
import { financialYears } from '$lib/server/filters';
import { latestTwelveMonths } from '$lib/server/viewer';
import { publicFilters, withView } from '$lib/server/view';
import type { PageServerLoad } from './$types';

const firstHeadline = catalogue.find((d) => d.headline)!.id;

export const load: PageServerLoad = async ({ url }) => {
	const asked = url.searchParams.get('metric');
	const def = findMetric(asked || firstHeadline);
	if (!def) notFound();
	return withView(
		url,
		async (s, { viewer, filters }) => {
			const result = await computeMetrics(s, {
				scope: filters.scope,
				viewer,
				from: filters.from,
				to: filters.to,
				ids: [def.id],
				benchmarks: true,
				authorities: true,
				breakdown: 'none'
			});
			const metric = result.metrics[0]!;
			const authorities = metric.benchmarks?.authorities ?? null;
			const centre = metric.benchmarks?.england.value ?? null;
			const maxN = Math.max(0, ...(authorities ?? []).map((a) => a.denominator ?? 0));
			const latestYear =
				financialYears(
					s.dataVersion.periodFrom,
					latestTwelveMonths(s.dataVersion.extracted ?? result.to).to
				)[0] ?? null;
			return {
				filters: publicFilters(filters),
				scope: result.scope,
				from: result.from,
				to: result.to,
				metric,
				funnel:
					def.kind === 'proportion' && authorities && centre !== null && maxN > 0
						? { centre, curve: funnelCurve(maxN, centre) }
						: null,
				latestYear,
				metrics: [
					...themes.map((t) => ({ id: t.id as string, title: t.title })),
					{ id: 'context', title: 'Context' }
				].map((t) => ({
					theme: t.title,
					options: catalogue
						.filter((d) => d.theme === t.id)
						.map((d) => ({ value: d.id, label: d.title }))
				}))
			};
		},
		{ opening: 'year', subject: { metric: def.id } }
	);
};
