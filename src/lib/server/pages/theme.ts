// A theme page's figures for a view: every measure of the theme at a glance (value,
// comparison, band, the SPC verdict and a sparkline — the overview's own answer, so it is
// shared with it), then one measure in detail. A partner's own agency comes first: the measures
// broken down by agency lead, with the agency's figure beside each.
import { tileOf } from '$lib/components/summary';
import { metricsOfTheme } from '$lib/metrics/catalogue';
import { aboutMetric } from '$lib/metrics/docs';
import type { Theme } from '$lib/metrics/themes';
import { AGENCY_NAMES, agencyFigure, agencyLens, agencyMeasureIds } from '../agency-lens';
import type { AnalyticsSession } from '../analytics/duckdb';
import { MetricRequestError } from '../analytics/engine/errors';
import type { PartnerAgency } from '../auth/users';
import { metricsFor, publicFilters, summaryMetrics, type View } from '../view';

/** The theme's measures in the order the page shows them: the agency's first, for a partner. */
export function themeMeasureOrder(theme: Theme, agency: PartnerAgency | null): string[] {
	const agencyIds = agency ? agencyMeasureIds(theme.id) : [];
	const ids = metricsOfTheme(theme.id).map((d) => d.id);
	return [...agencyIds, ...ids.filter((id) => !agencyIds.includes(id))];
}

/** The page's figures, with `asked` (the URL's ?measure=, if any) in detail. */
export async function themeData(
	s: AnalyticsSession,
	view: View,
	theme: Theme,
	agency: PartnerAgency | null,
	asked: string | null
) {
	const defs = metricsOfTheme(theme.id);
	const order = themeMeasureOrder(theme, agency);
	const agencyIds = agency ? agencyMeasureIds(theme.id) : [];
	const selected = asked ?? order[0]!;
	if (!order.includes(selected))
		throw new MetricRequestError(`${theme.title} has no measure called ${JSON.stringify(asked)}.`);
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
}
