import { beforeEach, describe, expect, it } from 'vitest';
import { createUser, disableUser } from '../auth/users';
import { openAppDb, type AppDb } from '../db/client';
import type { User } from '../db/schema';
import {
	claimNext,
	lastDigest,
	markDelivered,
	markFailed,
	MAX_ATTEMPTS,
	recordDigest,
	releaseStaleClaims,
	setSubscription,
	STALE_CLAIM_MS,
	subscribers,
	subscriptionOf,
	unsubscribe,
	type NewDigest
} from './store';

let db: AppDb;
let alice: User;
let bob: User;
const t0 = new Date('2026-11-30T07:00:00Z');

const digest = (u: User, period: string, over: Partial<NewDigest> = {}): NewDigest => ({
	userId: u.id,
	period,
	toAddress: u.email,
	subject: 's',
	text: 't',
	html: 'h',
	signals: '[]',
	dataVersion: 'v1',
	status: 'queued',
	...over
});

beforeEach(async () => {
	db = openAppDb(':memory:');
	const scope = { role: 'la_leader' as const, agency: null };
	const password = 'a long enough password for tests';
	alice = await createUser(db, {
		email: 'alice@la.invalid',
		password,
		...scope,
		laCodes: ['E06000001']
	});
	bob = await createUser(db, {
		email: 'bob@la.invalid',
		password,
		...scope,
		laCodes: ['E06000002']
	});
});

describe('subscriptions', () => {
	it('keeps one per account, its unsubscribe key unchanged when the frequency changes', () => {
		setSubscription(db, alice.id, 'weekly', t0);
		const key = subscriptionOf(db, alice.id)!.unsubscribeToken;
		expect(key).toMatch(/^[a-z2-7]{32}$/);
		setSubscription(db, alice.id, 'monthly', t0);
		expect(subscriptionOf(db, alice.id)).toEqual({ frequency: 'monthly', unsubscribeToken: key });
		setSubscription(db, alice.id, 'off', t0);
		expect(subscriptionOf(db, alice.id)).toBeNull();
	});

	it('unsubscribes only the account whose key is given, and no one for a wrong key', () => {
		setSubscription(db, alice.id, 'weekly', t0);
		setSubscription(db, bob.id, 'weekly', t0);
		const key = subscriptionOf(db, alice.id)!.unsubscribeToken;
		expect(unsubscribe(db, 'a'.repeat(32))).toBeNull();
		expect(unsubscribe(db, `${key}' OR 1=1 --`)).toBeNull();
		expect(unsubscribe(db, key)).toEqual({ id: alice.id, email: alice.email, frequency: 'weekly' });
		expect(subscribers(db).map((s) => s.user.email)).toEqual([bob.email]);
		expect(unsubscribe(db, key)).toBeNull();
	});

	it('leaves out disabled accounts', () => {
		setSubscription(db, alice.id, 'weekly', t0);
		disableUser(db, alice.email);
		expect(subscribers(db)).toEqual([]);
	});
});

describe('the record of digests', () => {
	it('holds one per account and period', () => {
		expect(recordDigest(db, digest(alice, '2026-W49'), t0)).toBe(true);
		expect(recordDigest(db, digest(alice, '2026-W49', { subject: 'again' }), t0)).toBe(false);
		expect(recordDigest(db, digest(bob, '2026-W49'), t0)).toBe(true);
		expect(lastDigest(db, alice.id)!.subject).toBe('s');
	});

	it('lets one sender claim each message, oldest first, passing over those it tried', () => {
		recordDigest(db, digest(alice, '2026-W49'), t0);
		recordDigest(db, digest(bob, '2026-W49'), t0);
		recordDigest(db, digest(bob, '2026-W48', { status: 'nothing_new' }), t0);
		const first = claimNext(db, t0)!;
		expect([first.toAddress, first.status, first.attempts]).toEqual([alice.email, 'sending', 1]);
		// A second sender running at the same time gets the other one, then nothing.
		expect(claimNext(db, t0)!.toAddress).toBe(bob.email);
		expect(claimNext(db, t0)).toBeNull();
		markFailed(db, first, 'connection refused');
		expect(claimNext(db, t0, [first.id])).toBeNull();
		expect(claimNext(db, t0)!.id).toBe(first.id);
	});

	it('queues a claim again once its sender has plainly stopped', () => {
		recordDigest(db, digest(alice, '2026-W49'), t0);
		claimNext(db, t0);
		expect(releaseStaleClaims(db, new Date(t0.getTime() + STALE_CLAIM_MS - 1))).toBe(0);
		expect(releaseStaleClaims(db, new Date(t0.getTime() + STALE_CLAIM_MS + 1))).toBe(1);
		expect(claimNext(db, t0)!.attempts).toBe(2);
	});

	it('gives up after the last attempt, and never claims a message delivered', () => {
		recordDigest(db, digest(alice, '2026-W49'), t0);
		for (let i = 1; i < MAX_ATTEMPTS; i++) {
			expect(markFailed(db, claimNext(db, t0)!, `try ${i}`)).toBe('queued');
		}
		const last = claimNext(db, t0)!;
		expect(last.attempts).toBe(MAX_ATTEMPTS);
		expect(markFailed(db, last, 'try 10')).toBe('failed');
		expect(claimNext(db, t0)).toBeNull();

		recordDigest(db, digest(bob, '2026-W49'), t0);
		markDelivered(db, claimNext(db, t0)!.id, 'sent', t0);
		expect(claimNext(db, t0)).toBeNull();
		expect(releaseStaleClaims(db, new Date(t0.getTime() + 2 * STALE_CLAIM_MS))).toBe(0);
	});
});
