// How current the data is: for each authority the viewer may see, the day its data was taken,
// the referrals it covers and the tables it supplied, those older than the newest marked; for
// administrators also when, by whom and from which files each was loaded.
import { currencyRows } from '$lib/server/data-currency';
import { noteServed } from '$lib/server/request';
import { withFacts } from '$lib/server/view';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = () =>
	withFacts((facts, viewer, user) => {
		const rows = currencyRows(facts, viewer, user.role === 'admin');
		noteServed({ authorities: rows.length });
		let newest = '';
		for (const r of rows) if (r.extracted > newest) newest = r.extracted;
		return { rows, newest, admin: user.role === 'admin' };
	});
