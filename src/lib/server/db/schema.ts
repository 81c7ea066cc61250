// App state that is not case data: users, their sessions, the audit log and what leaders keep
// beside the figures (targets, change points, commentary, actions). SQLite, through drizzle.
// Case data never lives here; it is in the DuckDB analytics file.
import { sql } from 'drizzle-orm';
import {
	blob,
	index,
	integer,
	primaryKey,
	real,
	sqliteTable,
	text,
	uniqueIndex
} from 'drizzle-orm/sqlite-core';

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

// What leaders keep beside the figures, for an area: `la:CODE` for one authority, or
// `las:CODE,CODE,…` (sorted) for a partnership's authorities together. Rows are never updated in
// place: a new target is a new row, a removed change point is marked removed, so every version
// stays readable. The audit log records each change as well.

/** A measure's target for an area from a month on; a null value ends the target from then. */
export const target = sqliteTable(
	'target',
	{
		id: integer('id').primaryKey({ autoIncrement: true }),
		area: text('area').notNull(),
		metricId: text('metric_id').notNull(),
		/** YYYY-MM */
		fromMonth: text('from_month').notNull(),
		value: real('value'),
		setBy: text('set_by').notNull(),
		setAt: integer('set_at', { mode: 'timestamp_ms' }).notNull()
	},
	(t) => [index('target_area_idx').on(t.area, t.metricId)]
);

/** A dated event on an area's timeline, drawn on every SPC chart of the area. */
export const changePoint = sqliteTable(
	'change_point',
	{
		id: integer('id').primaryKey({ autoIncrement: true }),
		area: text('area').notNull(),
		/** YYYY-MM: the first month of the process after the change. */
		month: text('month').notNull(),
		label: text('label').notNull(),
		addedBy: text('added_by').notNull(),
		addedAt: integer('added_at', { mode: 'timestamp_ms' }).notNull(),
		removedBy: text('removed_by'),
		removedAt: integer('removed_at', { mode: 'timestamp_ms' })
	},
	(t) => [index('change_point_area_idx').on(t.area)]
);

/** The measures whose process limits start again from a change point. */
export const recalculation = sqliteTable(
	'recalculation',
	{
		changePointId: integer('change_point_id')
			.notNull()
			.references(() => changePoint.id),
		metricId: text('metric_id').notNull(),
		setBy: text('set_by').notNull(),
		setAt: integer('set_at', { mode: 'timestamp_ms' }).notNull()
	},
	(t) => [primaryKey({ columns: [t.changePointId, t.metricId] })]
);

/**
 * What a measure's figure means and what is being done, for an area and a month (the last month
 * of the period it speaks of). Every save is a new version; the page shows the latest published.
 */
export const commentary = sqliteTable(
	'commentary',
	{
		id: integer('id').primaryKey({ autoIncrement: true }),
		area: text('area').notNull(),
		metricId: text('metric_id').notNull(),
		/** YYYY-MM */
		month: text('month').notNull(),
		version: integer('version').notNull(),
		/** draft | published */
		status: text('status').notNull(),
		body: text('body').notNull(),
		/** The version the writer started from (null for the first); not the latest: a conflict. */
		basedOn: integer('based_on'),
		author: text('author').notNull(),
		savedAt: integer('saved_at', { mode: 'timestamp_ms' }).notNull()
	},
	(t) => [uniqueIndex('commentary_version_idx').on(t.area, t.metricId, t.month, t.version)]
);

/** Something an agency will do about a measure or a signal, with an owner and a due date. */
export const actionItem = sqliteTable(
	'action_item',
	{
		id: integer('id').primaryKey({ autoIncrement: true }),
		area: text('area').notNull(),
		/** The measure it was raised from, if any, and the month its figure was read for. */
		metricId: text('metric_id'),
		month: text('month'),
		title: text('title').notNull(),
		/** local_authority | police | health */
		agency: text('agency').notNull(),
		/** The person or post who will see it done, as written. */
		owner: text('owner').notNull(),
		/** YYYY-MM-DD */
		due: text('due').notNull(),
		raisedBy: text('raised_by').notNull(),
		raisedAt: integer('raised_at', { mode: 'timestamp_ms' }).notNull()
	},
	(t) => [index('action_item_area_idx').on(t.area)]
);

/** The record of an action's progress; its latest entry gives its status. */
export const actionUpdate = sqliteTable(
	'action_update',
	{
		id: integer('id').primaryKey({ autoIncrement: true }),
		actionId: integer('action_id')
			.notNull()
			.references(() => actionItem.id),
		/** open | in_progress | done | dropped */
		status: text('status').notNull(),
		note: text('note').notNull(),
		by: text('by').notNull(),
		at: integer('at', { mode: 'timestamp_ms' }).notNull()
	},
	(t) => [index('action_update_action_idx').on(t.actionId)]
);

/**
 * How often an account hears from the service by email, and the key of its unsubscribe link.
 * Goes with its account (a demonstration account is removed when real data arrives).
 */
export const digestSubscription = sqliteTable('digest_subscription', {
	userId: text('user_id')
		.primaryKey()
		.references(() => user.id, { onDelete: 'cascade' }),
	/** weekly | monthly | loads */
	frequency: text('frequency').notNull(),
	/** Random; carried by every message's unsubscribe link, which needs no sign-in. */
	unsubscribeToken: text('unsubscribe_token').notNull().unique(),
	updatedAt: integer('updated_at', { mode: 'timestamp_ms' }).notNull()
});

/**
 * Every digest made: to whom, for which period, what it said, and whether it has gone. One per
 * account and period, so making digests again in the same period makes none twice.
 */
export const digestMessage = sqliteTable(
	'digest_message',
	{
		id: integer('id').primaryKey({ autoIncrement: true }),
		userId: text('user_id')
			.notNull()
			.references(() => user.id, { onDelete: 'cascade' }),
		/** 2026-W49, 2026-11, or "load <data version>" (digests/periods.ts). */
		period: text('period').notNull(),
		toAddress: text('to_address').notNull(),
		subject: text('subject').notNull(),
		text: text('text').notNull(),
		html: text('html').notNull(),
		/** The signals it knew of ("metric:verdict", JSON), so the next tells only what is new. */
		signals: text('signals').notNull(),
		dataVersion: text('data_version'),
		/**
		 * queued (to send), sending (claimed by a sender), sent (accepted by the mail server),
		 * outbox (kept here: no mail server configured), nothing_new (nothing to say: not sent),
		 * failed (gave up after repeated failures), withdrawn (its account unsubscribed or was
		 * disabled before it went).
		 */
		status: text('status').notNull(),
		attempts: integer('attempts').notNull().default(0),
		lastError: text('last_error'),
		createdAt: integer('created_at', { mode: 'timestamp_ms' }).notNull(),
		/** When a sender claimed it, or when it went. */
		claimedAt: integer('claimed_at', { mode: 'timestamp_ms' }),
		sentAt: integer('sent_at', { mode: 'timestamp_ms' })
	},
	(t) => [
		uniqueIndex('digest_message_period_idx').on(t.userId, t.period),
		index('digest_message_status_idx').on(t.status)
	]
);

/**
 * The reform's implementation register: each authority's stage of each element of the reform
 * (reform/elements.ts), with its date. Nothing is edited in place: a change or a correction is a
 * new row, and an authority's element is in the stage of its latest row.
 */
export const reformEntry = sqliteTable(
	'reform_entry',
	{
		id: integer('id').primaryKey({ autoIncrement: true }),
		laCode: text('la_code').notNull(),
		element: text('element').notNull(),
		stage: text('stage').notNull(),
		/** YYYY-MM-DD: when it happened, or is planned to. */
		date: text('date').notNull(),
		note: text('note').notNull().default(''),
		recordedBy: text('recorded_by').notNull(),
		recordedAt: integer('recorded_at', { mode: 'timestamp_ms' }).notNull()
	},
	(t) => [index('reform_entry_la_idx').on(t.laCode, t.element)]
);

export type User = typeof user.$inferSelect;
export type Session = typeof session.$inferSelect;
export type AuditEvent = typeof auditEvent.$inferSelect;
export type Target = typeof target.$inferSelect;
export type ChangePoint = typeof changePoint.$inferSelect;
export type Commentary = typeof commentary.$inferSelect;
export type DigestMessage = typeof digestMessage.$inferSelect;
export type ReformEntry = typeof reformEntry.$inferSelect;
