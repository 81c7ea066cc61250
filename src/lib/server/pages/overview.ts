// The overview's figures for a view: one tile per headline metric, the signals list and the
// referrals chart — all from one metric-engine request; for a partner looking at the
// partnership, first their own agency across its authorities; and the area's overdue actions.
import { signalsOf, tilesOf } from '$lib/components/summary';
import { AGENCY_NAMES, agencyLens } from '../agency-lens';
import type { PartnerAgency } from '../auth/users';
import type { AnalyticsSession } from '../analytics/duckdb';
import { publicFilters, summaryMetrics, type View } from '../view';
import { areaActions } from '../leadership/area-actions';

/** Whether the viewer keeps the area's actions, and those overdue. */
function overdueActions(view: View) {
	const actions = areaActions(view);
	return { holdsActions: actions !== null, overdue: (actions ?? []).filter((a) => a.overdue) };
}

export async function overviewData(s: AnalyticsSession, view: View, agency: PartnerAgency | null) {
	const { filters } = view;
	const result = await summaryMetrics(s, view);
	const lens = agency && filters.scope.kind !== 'la' ? await agencyLens(s, view, agency) : null;
	const referrals = result.metrics.find((m) => m.id === 'cin_referrals')!;
	return {
		filters: publicFilters(filters),
		scopeName: result.scope.name,
		from: result.from,
		to: result.to,
		rounded: result.controlled && result.scope.kind !== 'la',
		tiles: tilesOf(result, filters.group),
		signals: signalsOf(result),
		...overdueActions(view),
		lens,
		agencyName: agency ? AGENCY_NAMES[agency] : null,
		referrals: (referrals.months ?? []).map((x) => ({
			month: `${x.month}-01`,
			count: x.value,
			symbol: x.symbol
		}))
	};
}
