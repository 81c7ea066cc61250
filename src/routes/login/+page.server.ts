// Sign-in form: email and password, checked under rate limits; success starts a new session
// and returns to the page asked for (same site only).
import { fail, redirect } from '@sveltejs/kit';
import { dataVersionInService } from '$lib/server/analytics/duckdb';
import { recordAudit } from '$lib/server/audit';
import { DEMO_PASSWORD, demoAccounts } from '$lib/server/auth/demo';
import { safeReturnPath } from '$lib/server/auth/guard';
import { setSessionTokenCookie } from '$lib/server/auth/session';
import { signIn, signInLimiter } from '$lib/server/auth/sign-in';
import { normaliseEmail } from '$lib/server/auth/users';
import { config } from '$lib/server/config';
import { appDb } from '$lib/server/db/client';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, url }) => {
	if (locals.user) redirect(303, safeReturnPath(url.searchParams.get('next'), url.origin));
	const v = await dataVersionInService();
	const demo = v?.synthetic
		? demoAccounts(v.laCodes).map(({ email, label }) => ({ email, label }))
		: [];
	return { demo, demoPassword: demo.length ? DEMO_PASSWORD : null };
};

/** The longest email address there can be (RFC 5321); anything longer is cut in the log. */
const MAX_EMAIL = 254;

function isPowerOfTen(n: number): boolean {
	while (n >= 10 && n % 10 === 0) n /= 10;
	return n === 1;
}

const field = (form: FormData, name: string) => {
	const v = form.get(name);
	return typeof v === 'string' ? v : '';
};

export const actions: Actions = {
	default: async ({ request, cookies, url, getClientAddress }) => {
		const form = await request.formData();
		const email = field(form, 'email').slice(0, 320);
		const password = field(form, 'password').slice(0, 256);
		if (!email || !password)
			return fail(400, { email, message: 'Enter your email address and password.' });
		const db = appDb();
		const result = await signIn(db, signInLimiter, {
			email,
			password,
			address: getClientAddress(),
			now: new Date()
		});
		if (!result.ok) {
			// Refused by a limit: the first refusal is logged, then only each tenfold count, so
			// an attack cannot flood the log (the count says how many were refused).
			const logged = result.reason === 'refused' || isPowerOfTen(result.refusedInARow);
			if (logged)
				recordAudit(db, {
					action: 'sign_in_failed',
					email: normaliseEmail(email).slice(0, MAX_EMAIL),
					route: '/login',
					details:
						result.reason === 'limited'
							? { reason: result.reason, refusedInARow: result.refusedInARow }
							: { reason: result.reason }
				});
			return fail(result.reason === 'limited' ? 429 : 400, { email, message: result.message });
		}
		recordAudit(db, { action: 'sign_in', user: result.user, route: '/login' });
		const c = config();
		setSessionTokenCookie(cookies, result.token, url.host, {
			idleMinutes: c.sessionIdleMinutes,
			absoluteHours: c.sessionHours
		});
		redirect(303, safeReturnPath(url.searchParams.get('next'), url.origin));
	}
};
