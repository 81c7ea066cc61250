// Sign-in: checks an email and password under the rate limits and, on success, starts a new
// session (a new token every time, so a token planted before sign-in is worthless). Unknown
// accounts, wrong passwords and disabled accounts get the same answer after the same work: a
// password hash is always verified, against a fixed dummy hash when there is no account.
import type { AppDb } from '../db/client';
import type { User } from '../db/schema';
import { hashPassword, verifyPassword } from './password';
import { SignInLimiter } from './rate-limit';
import { createSession, generateSessionToken } from './session';
import { findUserByEmail, normaliseEmail } from './users';

export const SIGN_IN_REFUSED = 'The email address or password is not right.';
export const SIGN_IN_LIMITED = 'Too many attempts to sign in. Wait 15 minutes, then try again.';

let dummyHash: Promise<string> | undefined;

/** The server process's sign-in limits (rate-limit.ts says what they are and why). */
export const signInLimiter = new SignInLimiter();

export type SignInResult =
	| { ok: true; token: string; user: User }
	| { ok: false; reason: 'refused'; message: string }
	| {
			ok: false;
			reason: 'limited';
			message: string;
			/** How many attempts the same limit has refused in a row, this one included. */
			refusedInARow: number;
	  };

const sleep = (ms: number) => new Promise<void>((done) => setTimeout(done, ms));

export async function signIn(
	db: AppDb,
	limiter: SignInLimiter,
	input: { email: string; password: string; address: string; now: Date },
	wait: (ms: number) => Promise<void> = sleep
): Promise<SignInResult> {
	const account = normaliseEmail(input.email);
	const t = input.now.getTime();
	if (!limiter.allowed(account, input.address, t))
		return {
			ok: false,
			reason: 'limited',
			message: SIGN_IN_LIMITED,
			refusedInARow: limiter.noteRefusal(account, input.address, t)
		};
	// An account under attack from many addresses is slowed, never locked.
	const delay = limiter.delayMs(account, t);
	if (delay > 0) await wait(delay);
	const found = findUserByEmail(db, account);
	dummyHash ??= hashPassword('no account has this password, ever');
	const passwordOk = await verifyPassword(found?.passwordHash ?? (await dummyHash), input.password);
	if (!found || !passwordOk || found.disabled) {
		limiter.recordFailure(account, input.address, t);
		return { ok: false, reason: 'refused', message: SIGN_IN_REFUSED };
	}
	limiter.recordSuccess(account, input.address);
	const token = generateSessionToken();
	createSession(db, token, found.id, input.now);
	return { ok: true, token, user: found };
}
