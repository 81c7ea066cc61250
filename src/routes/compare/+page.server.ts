// Compare: one metric across the authorities of a group (statistical neighbours, region or
// England) as the viewer's role may see them, with quartile bands and the funnel, and the areas
// one level down side by side (England's regions, a partnership's authorities), each a step
// further down. Opens on the latest financial year, the period for which every authority's
// figure is published.
import { catalogue, findMetric } from '$lib/metrics/catalogue';
import { themes } from '$lib/metrics/themes';
import { notFound } from '$lib/server/request';
import { areasWithin } from '$lib/server/areas-within';
import { metricsFor, publicFilters, withView } from '$lib/server/view';
import type { PageServerLoad } from './$types';

const firstHeadline = catalogue.find((d) => d.headline)!.id;

export const load: PageServerLoad = async ({ url }) => {
	const asked = url.searchParams.get('metric');
	const def = findMetric(asked || firstHeadline);
	if (!def) notFound();
	return withView(
		url,
		async (s, view) => {
			const result = await metricsFor(s, view, {
				ids: [def.id],
				benchmarks: true,
				authorities: true,
				breakdown: 'none'
			});
			const { filters } = view;
			const within = await areasWithin(s, view, def.id);
			return {
				within,
				filters: publicFilters(filters),
				scope: result.scope,
				from: result.from,
				to: result.to,
				metric: result.metrics[0]!,
				latestYear: filters.latestYear,
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
