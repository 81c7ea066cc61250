// A theme page (see pages/theme.ts): the measure the URL names (?measure=) in detail, or the
// first.
import { findTheme } from '$lib/metrics/themes';
import { partnerAgencyOf } from '$lib/server/agency-lens';
import { themeData, themeMeasureOrder } from '$lib/server/pages/theme';
import { notFound, requireUser } from '$lib/server/request';
import { withView } from '$lib/server/view';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ params, url }) => {
	const theme = findTheme(params.theme);
	if (!theme) notFound();
	const agency = partnerAgencyOf(requireUser());
	const asked = url.searchParams.get('measure');
	return withView(
		url,
		// Refused inside the view, so the audit log records what was asked and why.
		(s, view) => themeData(s, view, theme, agency, asked),
		{ subject: { theme: theme.id, measure: asked ?? themeMeasureOrder(theme, agency)[0]! } }
	);
};
