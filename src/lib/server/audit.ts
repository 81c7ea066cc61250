// The audit log: who did what, when, with which role and scope. Append-only (database triggers
// refuse UPDATE and DELETE); this module only ever inserts and reads.
import { and, desc, eq, gte, lte, sql, type SQL } from 'drizzle-orm';
import { preparedOnce, type AppDb } from './db/client';
import { auditEvent, type AuditEvent, type User } from './db/schema';

export type AuditAction =
	| 'sign_in'
	| 'sign_in_failed'
	| 'sign_out'
	| 'view'
	| 'download'
	| 'report'
	| 'admin'
	| 'data_load'
	| 'leadership'
	| 'digest'
	| 'reform';

export interface AuditEntry {
	action: AuditAction;
	user?: Pick<User, 'id' | 'email' | 'role' | 'laCodes' | 'agency'> | null;
	/** For failed sign-ins: the email that was tried. */
	email?: string;
	route?: string;
	details?: Record<string, unknown>;
	at?: Date;
}

export function recordAudit(db: AppDb, e: AuditEntry): void {
	auditInsert(db).run({
		at: e.at ?? new Date(),
		userId: e.user?.id ?? null,
		email: e.user?.email ?? e.email ?? null,
		role: e.user?.role ?? null,
		scope: e.user
			? JSON.stringify({ las: JSON.parse(e.user.laCodes), agency: e.user.agency })
			: null,
		action: e.action,
		route: e.route ?? null,
		details: e.details ? JSON.stringify(e.details) : null
	});
}

/** Every page view is recorded. */
const auditInsert = preparedOnce((db) => {
	const p = (name: string) => sql.placeholder(name);
	return db
		.insert(auditEvent)
		.values({
			at: p('at'),
			userId: p('userId'),
			email: p('email'),
			role: p('role'),
			scope: p('scope'),
			action: p('action'),
			route: p('route'),
			details: p('details')
		})
		.prepare();
});

export interface AuditFilter {
	userEmail?: string;
	action?: AuditAction;
	from?: Date;
	to?: Date;
	limit?: number;
}

export function readAudit(db: AppDb, f: AuditFilter = {}): AuditEvent[] {
	const where: SQL[] = [];
	if (f.userEmail) where.push(eq(auditEvent.email, f.userEmail.trim().toLowerCase()));
	if (f.action) where.push(eq(auditEvent.action, f.action));
	if (f.from) where.push(gte(auditEvent.at, f.from));
	if (f.to) where.push(lte(auditEvent.at, f.to));
	return db
		.select()
		.from(auditEvent)
		.where(where.length ? and(...where) : undefined)
		.orderBy(desc(auditEvent.at), desc(auditEvent.id))
		.limit(f.limit ?? 1000)
		.all();
}
