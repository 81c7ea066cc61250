// The overview: one tile per headline metric for the chosen area and period, the signals list,
// and the referrals chart — all from one metric-engine request; for a partner looking at the
// partnership, first their own agency across its authorities.
import { signalsOf, tilesOf } from '$lib/components/summary';
import { AGENCY_NAMES, agencyLens, partnerAgencyOf } from '$lib/server/agency-lens';
import { requireUser } from '$lib/server/request';
import { publicFilters, summaryMetrics, withView } from '$lib/server/view';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ url }) => {
	const agency = partnerAgencyOf(requireUser());
	return withView(url, async (s, view) => {
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
			lens,
			agencyName: agency ? AGENCY_NAMES[agency] : null,
			referrals: (referrals.months ?? []).map((x) => ({
				month: `${x.month}-01`,
				count: x.value,
				symbol: x.symbol
			}))
		};
	});
};
