// The audit log as CSV, with the page's filters. Cells that a spreadsheet would read as a
// formula are prefixed with an apostrophe (CSV injection).
import { readAudit, recordAudit } from '$lib/server/audit';
import { appDb } from '$lib/server/db/client';
import { auditFilterFrom } from '../audit/filters';
import type { RequestHandler } from './$types';

function cell(v: unknown): string {
	let s = v === null || v === undefined ? '' : String(v);
	if (/^[=+\-@\t\r]/.test(s)) s = `'${s}`;
	return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export const GET: RequestHandler = ({ url, locals }) => {
	const filter = auditFilterFrom(url.searchParams);
	const events = readAudit(appDb(), { ...filter, limit: 100_000 });
	const header = ['id', 'at', 'user_id', 'email', 'role', 'scope', 'action', 'route', 'details'];
	const lines = [
		header.join(','),
		...events.map((e) =>
			[e.id, e.at.toISOString(), e.userId, e.email, e.role, e.scope, e.action, e.route, e.details]
				.map(cell)
				.join(',')
		)
	];
	recordAudit(appDb(), {
		action: 'download',
		user: locals.user,
		route: '/admin/audit.csv',
		details: filter.query
	});
	return new Response(`${lines.join('\r\n')}\r\n`, {
		headers: {
			'content-type': 'text/csv; charset=utf-8',
			'content-disposition': 'attachment; filename="audit-log.csv"'
		}
	});
};
