import { beforeEach, describe, expect, it } from 'vitest';
import { openAppDb, type AppDb } from '../db/client';
import { session as sessionTable } from '../db/schema';
import { recordAudit, readAudit } from '../audit';
import { hashPassword, passwordProblem, verifyPassword } from './password';
import { SIGN_IN_LIMITS, SignInLimiter } from './rate-limit';
import {
	createSession,
	generateSessionToken,
	invalidateSession,
	sessionIdOf,
	validateSessionToken
} from './session';
import { SIGN_IN_LIMITED, SIGN_IN_REFUSED, signIn } from './sign-in';
import { checkScope, createUser, disableUser, UserError, viewerOf } from './users';

const PASSWORD = 'a long harbour lantern';
const t0 = new Date('2026-01-05T09:00:00Z');
const minutes = (n: number) => new Date(t0.getTime() + n * 60_000);

let db: AppDb;
beforeEach(() => {
	db = openAppDb(':memory:');
});

const leader = () =>
	createUser(db, {
		email: 'Dcs@Example.gov.uk',
		password: PASSWORD,
		role: 'la_leader',
		laCodes: ['X00000001'],
		agency: null
	});

describe('passwords', () => {
	it('refuses short and common passwords, and passwords holding the email name', () => {
		expect(passwordProblem('short')).toMatch(/12 characters/);
		expect(passwordProblem('password1234')).toMatch(/too common/);
		expect(passwordProblem('zzzzzzzzzzzzzz')).toMatch(/too common/);
		expect(passwordProblem('janedoe-secret-words', 'janedoe@example.org')).toMatch(/email/);
		expect(passwordProblem(PASSWORD)).toBeNull();
	});

	it('hashes with argon2id and OWASP parameters, and verifies', async () => {
		const h = await hashPassword(PASSWORD);
		expect(h).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
		expect(await verifyPassword(h, PASSWORD)).toBe(true);
		expect(await verifyPassword(h, `${PASSWORD}!`)).toBe(false);
		expect(await verifyPassword('not a hash', PASSWORD)).toBe(false);
	});
});

describe('sessions', () => {
	it('gives tokens with a 256-bit secret and stores only its SHA-256', async () => {
		const u = await leader();
		const token = generateSessionToken();
		expect(token).toMatch(/^[a-z2-7]{24}\.[a-z2-7]{52}$/);
		createSession(db, token, u.id, t0);
		const stored = db.select().from(sessionTable).get()!;
		expect(stored.id).toBe(token.split('.')[0]);
		expect(stored.secretHash.length).toBe(32);
		expect(JSON.stringify(stored)).not.toContain(token.split('.')[1]);
		expect(validateSessionToken(db, token, t0)?.user.id).toBe(u.id);
	});

	it('refuses a tampered token, a token for another session id and malformed tokens', async () => {
		const u = await leader();
		const token = generateSessionToken();
		createSession(db, token, u.id, t0);
		const [id, secret] = token.split('.') as [string, string];
		const flipped = secret.slice(0, -1) + (secret.endsWith('a') ? 'b' : 'a');
		expect(validateSessionToken(db, `${id}.${flipped}`, t0)).toBeNull();
		expect(
			validateSessionToken(db, `${generateSessionToken().split('.')[0]}.${secret}`, t0)
		).toBeNull();
		for (const bad of ['', id, `${id}.`, `${id}.${secret}.x`, "'; DROP TABLE session;--"])
			expect(validateSessionToken(db, bad, t0)).toBeNull();
	});

	it('ends a session after 30 idle minutes, and keeps it alive while it is used', async () => {
		const u = await leader();
		const token = generateSessionToken();
		createSession(db, token, u.id, t0);
		expect(validateSessionToken(db, token, minutes(29))).not.toBeNull();
		expect(validateSessionToken(db, token, minutes(58))).not.toBeNull(); // 29 after last use
		expect(validateSessionToken(db, token, minutes(89))).toBeNull(); // 31 idle
		// Once ended it stays ended.
		expect(validateSessionToken(db, token, minutes(60))).toBeNull();
	});

	it('ends a session 12 hours after sign-in however busy it is', async () => {
		const u = await leader();
		const token = generateSessionToken();
		createSession(db, token, u.id, t0);
		for (let m = 20; m <= 12 * 60; m += 20)
			expect(validateSessionToken(db, token, minutes(m)), `${m}`).not.toBeNull();
		expect(validateSessionToken(db, token, minutes(12 * 60 + 20))).toBeNull();
	});

	it('honours a configured policy', async () => {
		const u = await leader();
		const token = generateSessionToken();
		createSession(db, token, u.id, t0);
		expect(
			validateSessionToken(db, token, minutes(6), { idleMinutes: 5, absoluteHours: 1 })
		).toBeNull();
	});

	it('ends on sign-out and when the account is disabled', async () => {
		const u = await leader();
		const a = generateSessionToken();
		const b = generateSessionToken();
		createSession(db, a, u.id, t0);
		createSession(db, b, u.id, t0);
		invalidateSession(db, sessionIdOf(a)!);
		expect(validateSessionToken(db, a, t0)).toBeNull();
		expect(validateSessionToken(db, b, t0)).not.toBeNull();
		disableUser(db, 'dcs@example.gov.uk');
		expect(validateSessionToken(db, b, t0)).toBeNull();
	});
});

describe('sign-in', () => {
	const attempt = (
		limiter: SignInLimiter,
		email: string,
		password: string,
		at = t0,
		address = '192.0.2.1'
	) => signIn(db, limiter, { email, password, address, now: at });

	it('issues a new token at every sign-in, so a planted token is worthless (fixation)', async () => {
		await leader();
		const limiter = new SignInLimiter();
		const first = await attempt(limiter, 'dcs@example.gov.uk', PASSWORD);
		const second = await attempt(limiter, 'DCS@example.gov.uk ', PASSWORD);
		expect(first.ok && second.ok).toBe(true);
		if (first.ok && second.ok) expect(first.token).not.toBe(second.token);
	});

	it('gives the same answer for an unknown account, a wrong password and a disabled account', async () => {
		await leader();
		await createUser(db, {
			email: 'gone@example.gov.uk',
			password: PASSWORD,
			role: 'national',
			laCodes: [],
			agency: null
		});
		disableUser(db, 'gone@example.gov.uk');
		const limiter = new SignInLimiter();
		const answers = [
			await attempt(limiter, 'nobody@example.gov.uk', PASSWORD),
			await attempt(limiter, 'dcs@example.gov.uk', 'the wrong password entirely'),
			await attempt(limiter, 'gone@example.gov.uk', PASSWORD)
		];
		for (const a of answers)
			expect(a).toEqual({ ok: false, reason: 'refused', message: SIGN_IN_REFUSED });
	});

	it('takes similar time for an unknown account as for a wrong password', async () => {
		await leader();
		const limiter = new SignInLimiter({
			...SIGN_IN_LIMITS,
			perPair: 100,
			perAddress: 100,
			windowMs: 1
		});
		const time = async (email: string) => {
			const s = performance.now();
			await attempt(limiter, email, 'the wrong password entirely');
			return performance.now() - s;
		};
		await time('warm-up@example.gov.uk');
		const unknown: number[] = [];
		const wrong: number[] = [];
		for (let i = 0; i < 7; i++) {
			unknown.push(await time('nobody@example.gov.uk'));
			wrong.push(await time('dcs@example.gov.uk'));
		}
		// The quickest of each: the work itself, without what another process on a busy machine
		// added to some attempts. Both verify one argon2id hash; neither may be a fraction of the
		// other.
		const ratio = Math.min(...unknown) / Math.min(...wrong);
		expect(ratio).toBeGreaterThan(0.5);
		expect(ratio).toBeLessThan(2);
	});

	it('limits failures to 5 per account from one address in 15 minutes, refusing even the right password there', async () => {
		await leader();
		const limiter = new SignInLimiter();
		for (let i = 0; i < 5; i++)
			expect(
				(await attempt(limiter, 'dcs@example.gov.uk', 'wrong password here', minutes(i))).ok
			).toBe(false);
		expect(await attempt(limiter, 'dcs@example.gov.uk', PASSWORD, minutes(5))).toEqual({
			ok: false,
			reason: 'limited',
			message: SIGN_IN_LIMITED,
			refusedInARow: 1
		});
		// 15 minutes after the first failure the oldest drops out of the window.
		expect((await attempt(limiter, 'dcs@example.gov.uk', PASSWORD, minutes(15))).ok).toBe(true);
	});

	it('never locks the owner out: an attack from elsewhere slows attempts at the account, it does not refuse them', async () => {
		await leader();
		const limiter = new SignInLimiter();
		const waited: number[] = [];
		const wait = async (ms: number) => void waited.push(ms);
		// Forty addresses, five wrong guesses each: every pair ends up refused...
		for (let a = 0; a < 40; a++)
			for (let i = 0; i < 5; i++)
				await signIn(
					db,
					limiter,
					{
						email: 'dcs@example.gov.uk',
						password: `guess ${a}.${i}`,
						address: `203.0.113.${a}`,
						now: t0
					},
					wait
				);
		expect((await attempt(limiter, 'dcs@example.gov.uk', PASSWORD, t0, '203.0.113.1')).ok).toBe(
			false
		);
		// Attempts at the account were slowed from the sixth failure on, doubling each time.
		expect(waited.slice(0, 4)).toEqual([250, 500, 1000, 2000]);
		// ...while the owner, from their own address, still signs in, only held back a little.
		waited.length = 0;
		const owner = await signIn(
			db,
			limiter,
			{ email: 'dcs@example.gov.uk', password: PASSWORD, address: '198.51.100.20', now: t0 },
			wait
		);
		expect(owner.ok).toBe(true);
		expect(waited).toEqual([SIGN_IN_LIMITS.maxDelayMs]);
	});

	it('counts refused attempts in a row, so the log can record them in aggregate', async () => {
		const limiter = new SignInLimiter();
		for (let i = 0; i < 5; i++) await attempt(limiter, 'dcs@example.gov.uk', 'wrong password here');
		const counts: number[] = [];
		for (let i = 0; i < 12; i++) {
			const r = await attempt(limiter, 'dcs@example.gov.uk', 'wrong password here');
			if (!r.ok && r.reason === 'limited') counts.push(r.refusedInARow);
		}
		expect(counts).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
	});

	it('limits failures to 20 per client address across accounts', async () => {
		const limiter = new SignInLimiter();
		for (let i = 0; i < 20; i++)
			await attempt(limiter, `user${i}@example.gov.uk`, 'wrong password here');
		await leader();
		expect((await attempt(limiter, 'dcs@example.gov.uk', PASSWORD)).ok).toBe(false);
		expect((await attempt(limiter, 'dcs@example.gov.uk', PASSWORD, t0, '198.51.100.7')).ok).toBe(
			true
		);
	});
});

describe('roles and scope', () => {
	it('requires one LA for a leader, LAs and an agency for a partner, none for national and admin', () => {
		expect(() => checkScope({ role: 'la_leader', laCodes: [], agency: null })).toThrow(UserError);
		expect(() =>
			checkScope({ role: 'la_leader', laCodes: ['X00000001', 'X00000002'], agency: null })
		).toThrow(UserError);
		expect(() => checkScope({ role: 'partner', laCodes: ['X00000001'], agency: null })).toThrow(
			UserError
		);
		expect(() => checkScope({ role: 'national', laCodes: ['X00000001'], agency: null })).toThrow(
			UserError
		);
		expect(() => checkScope({ role: 'la_leader', laCodes: ['x1'], agency: null })).toThrow(
			UserError
		);
		expect(
			checkScope({ role: 'partner', laCodes: ['X00000002', 'X00000001'], agency: 'police' })
		).toEqual({
			role: 'partner',
			laCodes: ['X00000001', 'X00000002'],
			agency: 'police'
		});
	});

	it('gives the engine the viewer the account holds; admin sees as national', async () => {
		const u = await leader();
		expect(viewerOf(u)).toEqual({ role: 'la_leader', las: ['X00000001'] });
		const admin = await createUser(db, {
			email: 'admin@example.gov.uk',
			password: PASSWORD,
			role: 'admin',
			laCodes: [],
			agency: null
		});
		expect(viewerOf(admin)).toEqual({ role: 'national', las: [] });
	});

	it('refuses a second account for the same email, whatever its case', async () => {
		await leader();
		await expect(leader()).rejects.toThrow(/already an account/);
	});
});

describe('audit log', () => {
	it('records who did what with their scope, and cannot be changed or deleted', async () => {
		const u = await leader();
		recordAudit(db, { action: 'sign_in', user: u, route: '/login', at: t0 });
		recordAudit(db, {
			action: 'sign_in_failed',
			email: 'nobody@example.gov.uk',
			route: '/login',
			at: minutes(1)
		});
		const rows = readAudit(db);
		expect(rows.map((r) => r.action)).toEqual(['sign_in_failed', 'sign_in']);
		expect(JSON.parse(rows[1]!.scope!)).toEqual({ las: ['X00000001'], agency: null });
		expect(readAudit(db, { action: 'sign_in' })).toHaveLength(1);
		expect(() => db.$client.prepare('UPDATE audit_event SET action = ?').run('view')).toThrow();
		expect(() => db.$client.prepare('DELETE FROM audit_event').run()).toThrow();
		expect(readAudit(db)).toHaveLength(2);
	});
});
