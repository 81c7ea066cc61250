import { computeMetrics } from '$lib/server/analytics/metrics/engine';
import { withAnalyticsOr503 } from '$lib/server/http';
import { latestTwelveMonths, viewOf } from '$lib/server/viewer';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals }) => {
	const { viewer, scope } = viewOf(locals.user!);
	const result = await withAnalyticsOr503((s) =>
		computeMetrics(s, {
			scope,
			viewer,
			...latestTwelveMonths(s.dataVersion.extracted ?? new Date().toISOString().slice(0, 10)),
			ids: ['cin_referrals'],
			monthly: true,
			breakdown: 'none'
		})
	);
	const m = result.metrics[0]!;
	return {
		scopeName: result.scope.name,
		rounded: result.controlled && result.scope.kind !== 'la',
		referrals: (m.months ?? []).map((x) => ({
			month: `${x.month}-01`,
			count: x.value,
			symbol: x.symbol
		}))
	};
};
