import { referralsByMonth } from '$lib/server/analytics/overview';
import { withAnalyticsOr503 } from '$lib/server/http';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async () => {
	const referrals = await withAnalyticsOr503((s) => referralsByMonth(s));
	return { referrals };
};
