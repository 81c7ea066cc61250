import { readAudit } from '$lib/server/audit';
import { appDb } from '$lib/server/db/client';
import { AUDIT_ACTIONS, auditFilterFrom } from './filters';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = ({ url }) => {
	const filter = auditFilterFrom(url.searchParams);
	const events = readAudit(appDb(), { ...filter, limit: 500 }).map((e) => ({
		...e,
		at: e.at.toISOString()
	}));
	return {
		events,
		filter: filter.query,
		actions: AUDIT_ACTIONS,
		csv: `/admin/audit.csv${url.search}`
	};
};
