// One metric in depth: its monthly SPC chart, the authorities of the chosen comparison group as
// the viewer may see them (a funnel for proportions), every breakdown the catalogue offers, and
// how it is calculated; for those who hold the area, its targets and change points, which they
// may change here. Every figure comes from the metric engine.
import { findMetric } from '$lib/metrics/catalogue';
import { aboutMetric } from '$lib/metrics/docs';
import { notFound } from '$lib/server/request';
import { metricsFor, publicFilters, withView } from '$lib/server/view';
import { measureActions, measurePanel } from '$lib/server/leadership/measure-panel';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ params, url }) => {
	const def = findMetric(params.id);
	if (!def) notFound();
	return withView(
		url,
		async (s, view) => {
			const { filters } = view;
			const result = await metricsFor(s, view, {
				ids: [def.id],
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
				const r = await metricsFor(s, view, { ids: [def.id], breakdown: by });
				const m = r.metrics[0]!;
				if (m.breakdownBy === by && m.breakdown.length) breakdowns.push({ by, rows: m.breakdown });
			}
			return {
				filters: publicFilters(filters),
				result: { ...result, metrics: [] },
				metric,
				breakdowns,
				latestYear: filters.latestYear,
				leadership: measurePanel(view, def.id),
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

export const actions: Actions = measureActions;
