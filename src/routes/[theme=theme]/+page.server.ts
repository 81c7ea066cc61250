// A theme page: every metric of the theme for the chosen area and period, with monthly series,
// SPC, breakdowns and benchmarks — all from the metric engine.
import { notFound } from '$lib/server/request';
import { metricsOfTheme } from '$lib/metrics/catalogue';
import { findTheme } from '$lib/metrics/themes';
import { metricsFor, publicFilters, withView } from '$lib/server/view';
import { aboutMetric } from '$lib/metrics/docs';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ params, url }) => {
	const theme = findTheme(params.theme);
	if (!theme) notFound();
	const defs = metricsOfTheme(theme.id);
	return withView(
		url,
		async (s, view) => {
			const result = await metricsFor(s, view, {
				ids: defs.map((d) => d.id),
				monthly: true,
				benchmarks: true
			});
			return {
				theme,
				result,
				filters: publicFilters(view.filters),
				about: Object.fromEntries(defs.map((d) => [d.id, aboutMetric(d)]))
			};
		},
		{ subject: { theme: theme.id } }
	);
};
