// Reads the audit log's filters from a URL (user, action, from, to), for the page and its CSV.
import type { AuditAction, AuditFilter } from '$lib/server/audit';

export const AUDIT_ACTIONS: AuditAction[] = [
	'sign_in',
	'sign_in_failed',
	'sign_out',
	'view',
	'download',
	'report',
	'admin',
	'data_load',
	'leadership',
	'digest',
	'reform'
];

const DATE = /^\d{4}-\d{2}-\d{2}$/;

export function auditFilterFrom(
	params: URLSearchParams
): AuditFilter & { query: Record<string, string> } {
	const user = params.get('user')?.trim() ?? '';
	const action = params.get('action') ?? '';
	const from = params.get('from') ?? '';
	const to = params.get('to') ?? '';
	return {
		userEmail: user || undefined,
		action: AUDIT_ACTIONS.includes(action as AuditAction) ? (action as AuditAction) : undefined,
		from: DATE.test(from) ? new Date(`${from}T00:00:00Z`) : undefined,
		to: DATE.test(to) ? new Date(`${to}T23:59:59.999Z`) : undefined,
		query: { user, action, from, to }
	};
}
