import { dataVersionInService, withAnalytics } from '$lib/server/analytics/duckdb';
import { loadDataFacts } from '$lib/server/analytics/engine/data-facts';
import { laCodesOf, viewerOf } from '$lib/server/auth/users';
import { staleNotice } from '$lib/server/data-currency';
import { CHART_WIDTH_COOKIE, chartWidthOf } from '$lib/charts/server-drawing';
import type { LayoutServerLoad } from './$types';

export const load: LayoutServerLoad = async ({ locals, cookies }) => {
	const user = locals.user
		? {
				email: locals.user.email,
				role: locals.user.role,
				las: laCodesOf(locals.user),
				agency: locals.user.agency
			}
		: null;
	const v = await dataVersionInService();
	// Whether the viewer's authorities include any whose data is older than the newest: said on
	// every page, since their figures for later months are incomplete. The facts are read once
	// per data version; without data there is nothing to say.
	const signedIn = locals.user;
	const stale =
		signedIn && v
			? await withAnalytics(async (s) => staleNotice(await loadDataFacts(s), viewerOf(signedIn)))
			: null;
	return {
		user,
		data: v ? { version: v.version, synthetic: v.synthetic, extracted: v.extracted } : null,
		stale,
		// The width the server draws charts at (see charts/server-drawing.ts).
		chartWidth: chartWidthOf(cookies.get(CHART_WIDTH_COOKIE))
	};
};
