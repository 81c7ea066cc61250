// The overview (see pages/overview.ts).
import { partnerAgencyOf } from '$lib/server/agency-lens';
import { overviewData } from '$lib/server/pages/overview';
import { requireUser } from '$lib/server/request';
import { withView } from '$lib/server/view';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ url }) => {
	const agency = partnerAgencyOf(requireUser());
	return withView(url, (s, view) => overviewData(s, view, agency));
};
