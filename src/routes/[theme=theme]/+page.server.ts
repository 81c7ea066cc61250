// A theme page: every metric of the theme for the viewer's scope and period, with monthly
// series, SPC, breakdowns and benchmarks — all from the metric engine.
import { error } from '@sveltejs/kit';
import { metricsOfTheme } from '$lib/metrics/catalogue';
import { findTheme } from '$lib/metrics/themes';
import { computeMetrics } from '$lib/server/analytics/metrics/engine';
import { DisclosureError, MetricRequestError } from '$lib/server/analytics/metrics/errors';
import { withAnalyticsOr503 } from '$lib/server/http';
import { periodFrom } from '$lib/server/period';
import { viewOf } from '$lib/server/viewer';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ params, locals, url }) => {
	const theme = findTheme(params.theme);
	if (!theme) error(404, 'Not found');
	const defs = metricsOfTheme(theme.id);
	const { viewer, scope } = viewOf(locals.user!);
	try {
		const result = await withAnalyticsOr503((s) =>
			computeMetrics(s, {
				scope,
				viewer,
				...periodFrom(url, s.dataVersion.extracted),
				ids: defs.map((d) => d.id),
				monthly: true,
				benchmarks: true
			})
		);
		return {
			theme,
			result,
			about: Object.fromEntries(
				defs.map((d) => [
					d.id,
					{
						definition: d.definition,
						numerator: d.numerator,
						denominator: d.denominator,
						standard: d.standard,
						anchor: d.anchor
					}
				])
			)
		};
	} catch (e) {
		if (e instanceof MetricRequestError || e instanceof DisclosureError) error(400, e.message);
		throw e;
	}
};
