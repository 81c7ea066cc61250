// Sessions as the Lucia guide now describes them: a token "id.secret" where the id finds the
// session and only the SHA-256 of the secret is stored, compared in constant time. Sessions
// end after an idle period and at an absolute lifetime, both configurable, and whenever the
// user signs out or is disabled. Not for: passwords (password.ts) or who may see what (scope).
import { sha256 } from '@oslojs/crypto/sha2';
import { constantTimeEqual } from '@oslojs/crypto/subtle';
import { encodeBase32LowerCaseNoPadding } from '@oslojs/encoding';
import { eq, sql } from 'drizzle-orm';
import type { Cookies } from '@sveltejs/kit';
import { preparedOnce, type AppDb } from '../db/client';
import { session as sessionTable, user as userTable, type Session, type User } from '../db/schema';

export const SESSION_COOKIE = 'session';

export interface SessionPolicy {
	/** Minutes without a request after which a session ends. */
	idleMinutes: number;
	/** Hours after sign-in after which a session ends whatever its use. */
	absoluteHours: number;
}

export const DEFAULT_SESSION_POLICY: SessionPolicy = { idleMinutes: 30, absoluteHours: 12 };

function randomBase32(bytes: number): string {
	const b = new Uint8Array(bytes);
	crypto.getRandomValues(b);
	return encodeBase32LowerCaseNoPadding(b);
}

/** A new token: a 120-bit id and a 256-bit secret, both base32. */
export function generateSessionToken(): string {
	return `${randomBase32(15)}.${randomBase32(32)}`;
}

function hashSecret(secret: string): Buffer {
	return Buffer.from(sha256(new TextEncoder().encode(secret)));
}

function parseToken(token: string): { id: string; secret: string } | null {
	const parts = token.split('.');
	if (parts.length !== 2) return null;
	const [id, secret] = parts as [string, string];
	if (!/^[a-z2-7]{24}$/.test(id) || !/^[a-z2-7]{52}$/.test(secret)) return null;
	return { id, secret };
}

/** Stores a session for `token` (from generateSessionToken) and returns it. */
export function createSession(db: AppDb, token: string, userId: string, now: Date): Session {
	const parsed = parseToken(token);
	if (!parsed) throw new Error('malformed session token');
	const row: Session = {
		id: parsed.id,
		secretHash: hashSecret(parsed.secret),
		userId,
		createdAt: now,
		lastSeenAt: now
	};
	db.insert(sessionTable).values(row).run();
	return row;
}

export interface ValidSession {
	session: Session;
	user: User;
}

/**
 * The session and user for a token, or null when the token is malformed, unknown, wrong,
 * expired (idle or absolute) or its user is disabled. A valid session's last-seen time moves on.
 */
/** Every request looks its session up. */
const sessionLookup = preparedOnce((db) =>
	db
		.select({ session: sessionTable, user: userTable })
		.from(sessionTable)
		.innerJoin(userTable, eq(sessionTable.userId, userTable.id))
		.where(eq(sessionTable.id, sql.placeholder('id')))
		.prepare()
);

export function validateSessionToken(
	db: AppDb,
	token: string,
	now: Date,
	policy: SessionPolicy = DEFAULT_SESSION_POLICY
): ValidSession | null {
	const parsed = parseToken(token);
	if (!parsed) return null;
	const found = sessionLookup(db).get({ id: parsed.id });
	if (!found) return null;
	if (!constantTimeEqual(hashSecret(parsed.secret), found.session.secretHash)) return null;
	const t = now.getTime();
	const idle = t - found.session.lastSeenAt.getTime() > policy.idleMinutes * 60_000;
	const old = t - found.session.createdAt.getTime() > policy.absoluteHours * 3_600_000;
	if (idle || old || found.user.disabled) {
		invalidateSession(db, parsed.id);
		return null;
	}
	// Write the last-seen time at most once a minute: every page view need not be a write.
	if (t - found.session.lastSeenAt.getTime() > 60_000) {
		db.update(sessionTable).set({ lastSeenAt: now }).where(eq(sessionTable.id, parsed.id)).run();
		found.session.lastSeenAt = now;
	}
	return found;
}

export function invalidateSession(db: AppDb, sessionId: string): void {
	db.delete(sessionTable).where(eq(sessionTable.id, sessionId)).run();
}

export function invalidateUserSessions(db: AppDb, userId: string): number {
	return db.delete(sessionTable).where(eq(sessionTable.userId, userId)).run().changes;
}

/** The session id of a token (for invalidating the current session at sign-out). */
export function sessionIdOf(token: string): string | null {
	return parseToken(token)?.id ?? null;
}

function isLocalhost(host: string): boolean {
	return /^(localhost|127\.0\.0\.1|\[::1\])(:\d+)?$/.test(host);
}

/** Sets the cookie: HttpOnly, SameSite=Lax, Secure except on localhost, for the absolute lifetime. */
export function setSessionTokenCookie(
	cookies: Cookies,
	token: string,
	host: string,
	policy: SessionPolicy = DEFAULT_SESSION_POLICY
): void {
	cookies.set(SESSION_COOKIE, token, {
		path: '/',
		httpOnly: true,
		sameSite: 'lax',
		secure: !isLocalhost(host),
		maxAge: policy.absoluteHours * 3600
	});
}

export function deleteSessionTokenCookie(cookies: Cookies, host: string): void {
	cookies.delete(SESSION_COOKIE, {
		path: '/',
		httpOnly: true,
		sameSite: 'lax',
		secure: !isLocalhost(host)
	});
}
