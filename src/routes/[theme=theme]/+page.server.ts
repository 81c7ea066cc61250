// A theme page: every measure of the theme at a glance (value, comparison, band, the SPC verdict
// and a sparkline — the overview's own answer, so it is shared with it), then one measure in
// detail, the one the URL names (?measure=) or the first. A partner's own agency comes first:
// the measures broken down by agency lead, with the agency's figure beside each.
import { tileOf } from '$lib/components/summary';
import { metricsOfTheme } from '$lib/metrics/catalogue';
import { aboutMetric } from '$lib/metrics/docs';
import { findTheme } from '$lib/metrics/themes';
import {
	AGENCY_NAMES,
	agencyFigure,
	agencyLens,
	agencyMeasureIds,
	partnerAgencyOf
} from '$lib/server/agency-lens';
import { MetricRequestError } from '$lib/server/analytics/engine/errors';
import { notFound, requireUser } from '$lib/server/request';
import { metricsFor, publicFilters, summaryMetrics, withView } from '$lib/server/view';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ params, url }) => {
	const theme = findTheme(params.theme);
	if (!theme) notFound();
	const defs = metricsOfTheme(theme.id);
	const user = requireUser();
	const agency = partnerAgencyOf(user);
	// The agency's measures first, for a partner; the catalogue's order otherwise.
	const agencyIds = agency ? agencyMeasureIds(theme.id) : [];
	const order = [...agencyIds, ...defs.map((d) => d.id).filter((id) => !agencyIds.includes(id))];
	const asked = url.searchParams.get('measure');
	const selected = asked ?? order[0]!;
	return withView(
		url,
		async (s, view) => {
			// Refused inside the view, so the audit log records what was asked and why.
			if (!order.includes(selected))
				throw new MetricRequestError(
					`${theme.title} has no measure called ${JSON.stringify(asked)}.`
				);
			const all = await summaryMetrics(s, view);
			const byId = new Map(all.metrics.map((m) => [m.id, m]));
			const byAgency = agencyIds.length
				? await metricsFor(s, view, { ids: agencyIds, breakdown: 'agency' })
				: null;
			const detail = await metricsFor(s, view, {
				ids: [selected],
				monthly: true,
				benchmarks: true
			});
			const lens =
				agency && theme.id === 'participation' && view.filters.scope.kind !== 'la'
					? await agencyLens(s, view, agency)
					: null;
			return {
				theme,
				filters: publicFilters(view.filters),
				scope: all.scope,
				from: all.from,
				to: all.to,
				controlled: all.controlled,
				agencyName: agency ? AGENCY_NAMES[agency] : null,
				glance: order.map((id) => ({
					tile: tileOf(byId.get(id)!, view.filters.group),
					agency: byAgency
						? agencyIds.includes(id)
							? agencyFigure(byAgency.metrics.find((m) => m.id === id)!.breakdown, agency!)
							: null
						: null
				})),
				selected,
				metric: detail.metrics[0]!,
				about: aboutMetric(defs.find((d) => d.id === selected)!),
				lens
			};
		},
		{ subject: { theme: theme.id, measure: selected } }
	);
};
