// Subscriptions and the record of every digest made, in the app database.
//
// A digest is made once per account and period (a unique index says so), then delivered by
// whichever sender claims it first: claiming marks it `sending` in one statement, so two
// senders running at once never both send it. A sender that dies holding a claim leaves it
// `sending`; after `STALE_CLAIM_MS` it is queued again (the one case where a message could
// arrive twice: the mail server took it and the sender died before recording so).
import { encodeBase32LowerCaseNoPadding } from '@oslojs/encoding';
import { and, desc, eq, inArray, lt, notInArray, sql } from 'drizzle-orm';
import type { AppDb } from '../db/client';
import { digestMessage, digestSubscription, user, type DigestMessage } from '../db/schema';
import { FREQUENCIES, type Frequency } from './periods';

/** Attempts to deliver a message before it is marked failed for an administrator to see. */
export const MAX_ATTEMPTS = 10;
export const STALE_CLAIM_MS = 15 * 60_000;

export function isFrequency(value: string): value is Frequency {
	return (FREQUENCIES as readonly string[]).includes(value);
}

export interface Subscription {
	frequency: Frequency;
	unsubscribeToken: string;
}

export function subscriptionOf(db: AppDb, userId: string): Subscription | null {
	const row = db
		.select()
		.from(digestSubscription)
		.where(eq(digestSubscription.userId, userId))
		.get();
	return row && isFrequency(row.frequency)
		? { frequency: row.frequency, unsubscribeToken: row.unsubscribeToken }
		: null;
}

/** Sets how often an account hears from the service; `off` ends its subscription. */
export function setSubscription(
	db: AppDb,
	userId: string,
	frequency: Frequency | 'off',
	now = new Date()
): void {
	if (frequency === 'off') {
		db.delete(digestSubscription).where(eq(digestSubscription.userId, userId)).run();
		return;
	}
	db.insert(digestSubscription)
		.values({ userId, frequency, unsubscribeToken: newToken(), updatedAt: now })
		// The token stays: links in messages already sent keep working.
		.onConflictDoUpdate({
			target: digestSubscription.userId,
			set: { frequency, updatedAt: now }
		})
		.run();
}

/** The account and digest an unsubscribe link names, or null if it names none. */
export function subscriberOf(
	db: AppDb,
	token: string
): { id: string; email: string; frequency: Frequency } | null {
	if (!/^[a-z2-7]{32}$/.test(token)) return null;
	const row = db
		.select({ id: user.id, email: user.email, frequency: digestSubscription.frequency })
		.from(digestSubscription)
		.innerJoin(user, eq(user.id, digestSubscription.userId))
		.where(eq(digestSubscription.unsubscribeToken, token))
		.get();
	return row && isFrequency(row.frequency) ? { ...row, frequency: row.frequency } : null;
}

/** Ends the subscription an unsubscribe link names; the account it was, or null if none. */
export function unsubscribe(db: AppDb, token: string): { id: string; email: string } | null {
	const found = subscriberOf(db, token);
	if (found) setSubscription(db, found.id, 'off');
	return found;
}

/** Every enabled account with a subscription. */
export function subscribers(db: AppDb) {
	return db
		.select({ user, subscription: digestSubscription })
		.from(digestSubscription)
		.innerJoin(user, eq(user.id, digestSubscription.userId))
		.where(eq(user.disabled, false))
		.all()
		.flatMap(({ user: u, subscription: s }) =>
			isFrequency(s.frequency)
				? [{ user: u, frequency: s.frequency, unsubscribeToken: s.unsubscribeToken }]
				: []
		);
}

/** The latest digest made for an account (sent or not), which the next is measured against. */
export function lastDigest(db: AppDb, userId: string): DigestMessage | null {
	return (
		db
			.select()
			.from(digestMessage)
			.where(eq(digestMessage.userId, userId))
			.orderBy(desc(digestMessage.id))
			.limit(1)
			.get() ?? null
	);
}

export function hasDigest(db: AppDb, userId: string, period: string): boolean {
	return !!db
		.select({ id: digestMessage.id })
		.from(digestMessage)
		.where(and(eq(digestMessage.userId, userId), eq(digestMessage.period, period)))
		.get();
}

export type NewDigest = Pick<
	DigestMessage,
	'userId' | 'period' | 'toAddress' | 'subject' | 'text' | 'html' | 'signals' | 'dataVersion'
> & { status: 'queued' | 'nothing_new' };

/** Records a digest; false if the account already has one for the period (nothing recorded). */
export function recordDigest(db: AppDb, d: NewDigest, now = new Date()): boolean {
	const r = db
		.insert(digestMessage)
		.values({ ...d, attempts: 0, createdAt: now })
		.onConflictDoNothing()
		.run();
	return r.changes === 1;
}

/**
 * Claims the oldest queued message for this sender, leaving out those it has tried already;
 * null when none is left.
 */
export function claimNext(db: AppDb, now = new Date(), tried: number[] = []): DigestMessage | null {
	const oldest = db
		.select({ id: digestMessage.id })
		.from(digestMessage)
		.where(and(eq(digestMessage.status, 'queued'), notInArray(digestMessage.id, tried)))
		.orderBy(digestMessage.id)
		.limit(1);
	return (
		db
			.update(digestMessage)
			.set({ status: 'sending', claimedAt: now, attempts: sql`${digestMessage.attempts} + 1` })
			.where(and(eq(digestMessage.status, 'queued'), inArray(digestMessage.id, oldest)))
			.returning()
			.get() ?? null
	);
}

/** Claims left by a sender that stopped are queued again. */
export function releaseStaleClaims(db: AppDb, now = new Date()): number {
	return db
		.update(digestMessage)
		.set({ status: 'queued' })
		.where(
			and(
				eq(digestMessage.status, 'sending'),
				lt(digestMessage.claimedAt, new Date(now.getTime() - STALE_CLAIM_MS))
			)
		)
		.run().changes;
}

/** The message has gone: to the mail server (`sent`) or into the in-app outbox. */
export function markDelivered(
	db: AppDb,
	id: number,
	how: 'sent' | 'outbox',
	now = new Date()
): void {
	db.update(digestMessage)
		.set({ status: how, sentAt: now, lastError: null })
		.where(eq(digestMessage.id, id))
		.run();
}

/** Delivery failed: queued again for the next run, or failed for good after MAX_ATTEMPTS. */
export function markFailed(db: AppDb, m: Pick<DigestMessage, 'id' | 'attempts'>, error: string) {
	const status = m.attempts >= MAX_ATTEMPTS ? 'failed' : 'queued';
	db.update(digestMessage)
		.set({ status, lastError: error.slice(0, 500) })
		.where(eq(digestMessage.id, m.id))
		.run();
	return status;
}

/** Not sent: its account unsubscribed or was disabled after it was made. */
export function withdraw(db: AppDb, id: number): void {
	db.update(digestMessage).set({ status: 'withdrawn' }).where(eq(digestMessage.id, id)).run();
}

/** The most recent messages, for an administrator. */
export function recentMessages(db: AppDb, limit = 200) {
	return db
		.select({ message: digestMessage, email: user.email })
		.from(digestMessage)
		.innerJoin(user, eq(user.id, digestMessage.userId))
		.orderBy(desc(digestMessage.id))
		.limit(limit)
		.all();
}

/** 32 characters of base32: 160 random bits. */
function newToken(): string {
	const bytes = new Uint8Array(20);
	crypto.getRandomValues(bytes);
	return encodeBase32LowerCaseNoPadding(bytes);
}
