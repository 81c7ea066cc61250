// The audit log as CSV, with the page's filters.
import { readAudit, recordAudit } from '$lib/server/audit';
import { appDb } from '$lib/server/db/client';
import { csvResponse, toCsv } from '$lib/server/csv';
import { auditFilterFrom } from '../audit/filters';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = ({ url, locals }) => {
	const filter = auditFilterFrom(url.searchParams);
	const events = readAudit(appDb(), { ...filter, limit: 100_000 });
	const header = ['id', 'at', 'user_id', 'email', 'role', 'scope', 'action', 'route', 'details'];
	const body = toCsv([
		header,
		...events.map((e) => [
			e.id,
			e.at.toISOString(),
			e.userId,
			e.email,
			e.role,
			e.scope,
			e.action,
			e.route,
			e.details
		])
	]);
	recordAudit(appDb(), {
		action: 'download',
		user: locals.user,
		route: '/admin/audit.csv',
		details: filter.query
	});
	return csvResponse(body, 'audit-log.csv');
};
