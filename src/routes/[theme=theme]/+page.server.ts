// A theme page: every metric of the theme for the chosen area and period, with monthly series,
// SPC, breakdowns and benchmarks — all from the metric engine.
import { notFound } from '$lib/server/request';
import { metricsOfTheme } from '$lib/metrics/catalogue';
import { findTheme } from '$lib/metrics/themes';
import { computeMetrics } from '$lib/server/analytics/metrics/engine';
import { publicFilters, withView } from '$lib/server/view';
import { aboutMetric } from '$lib/server/about';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ params, url }) => {
	const theme = findTheme(params.theme);
	if (!theme) notFound();
	const defs = metricsOfTheme(theme.id);
	return withView(
		url,
		async (s, { viewer, filters }) => {
			const result = await computeMetrics(s, {
				scope: filters.scope,
				viewer,
				from: filters.from,
				to: filters.to,
				ids: defs.map((d) => d.id),
				monthly: true,
				benchmarks: true
			});
			return {
				theme,
				result,
				filters: publicFilters(filters),
				about: Object.fromEntries(defs.map((d) => [d.id, aboutMetric(d)]))
			};
		},
		{ subject: { theme: theme.id } }
	);
};
