// App state that is not case data: users, their sessions and the audit log. SQLite, through
// drizzle. Case data never lives here; it is in the DuckDB analytics file.
import { sql } from 'drizzle-orm';
import { blob, index, integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';

export const user = sqliteTable('user', {
	id: text('id').primaryKey(),
	email: text('email').notNull().unique(),
	passwordHash: text('password_hash').notNull(),
	/** la_leader | partner | national | admin */
	role: text('role').notNull(),
	/** JSON array of LA codes the user may see in detail (la_leader: one; partner: several). */
	laCodes: text('la_codes').notNull().default('[]'),
	/** The partner's own agency (police | health), for the agency lens. */
	agency: text('agency'),
	disabled: integer('disabled', { mode: 'boolean' }).notNull().default(false),
	/** Demonstration accounts exist only while the loaded data is synthetic. */
	demo: integer('demo', { mode: 'boolean' }).notNull().default(false),
	/**
	 * Made while demonstration data was served, when anyone could sign in with a published
	 * password: such an account is disabled the first time real data is served.
	 */
	createdOnDemoData: integer('created_on_demo_data', { mode: 'boolean' }).notNull().default(false),
	createdAt: integer('created_at', { mode: 'timestamp_ms' })
		.notNull()
		.default(sql`(unixepoch() * 1000)`)
});

export const session = sqliteTable(
	'session',
	{
		id: text('id').primaryKey(),
		/** SHA-256 of the token's secret part; the secret itself is never stored. */
		secretHash: blob('secret_hash', { mode: 'buffer' }).notNull(),
		userId: text('user_id')
			.notNull()
			.references(() => user.id, { onDelete: 'cascade' }),
		createdAt: integer('created_at', { mode: 'timestamp_ms' }).notNull(),
		lastSeenAt: integer('last_seen_at', { mode: 'timestamp_ms' }).notNull()
	},
	(t) => [index('session_user_idx').on(t.userId)]
);

export const auditEvent = sqliteTable(
	'audit_event',
	{
		id: integer('id').primaryKey({ autoIncrement: true }),
		at: integer('at', { mode: 'timestamp_ms' }).notNull(),
		userId: text('user_id'),
		email: text('email'),
		role: text('role'),
		/** The scope in force, as JSON (LA codes, agency). */
		scope: text('scope'),
		action: text('action').notNull(),
		route: text('route'),
		/** Filters, outcome and other facts of the event, as JSON. */
		details: text('details')
	},
	(t) => [index('audit_event_at_idx').on(t.at), index('audit_event_action_idx').on(t.action)]
);

/** Facts the app keeps about itself, by key (for example which kind of data it last served). */
export const appState = sqliteTable('app_state', {
	key: text('key').primaryKey(),
	value: text('value').notNull()
});

export type User = typeof user.$inferSelect;
export type Session = typeof session.$inferSelect;
export type AuditEvent = typeof auditEvent.$inferSelect;
