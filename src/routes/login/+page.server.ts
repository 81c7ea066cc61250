// Sign-in form: email and password, checked under rate limits; success starts a new session
// and returns to the page asked for (same site only).
import { fail, redirect } from '@sveltejs/kit';
import { AnalyticsUnavailableError, currentDataVersion } from '$lib/server/analytics/duckdb';
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
	if (locals.user) redirect(303, safeReturnPath(url.searchParams.get('next')));
	let demo: { email: string; label: string }[] = [];
	try {
		const v = await currentDataVersion();
		if (v.synthetic) demo = demoAccounts(v.laCodes).map(({ email, label }) => ({ email, label }));
	} catch (e) {
		if (!(e instanceof AnalyticsUnavailableError)) throw e;
	}
	return { demo, demoPassword: demo.length ? DEMO_PASSWORD : null };
};

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
			recordAudit(db, {
				action: 'sign_in_failed',
				email: normaliseEmail(email),
				route: '/login',
				details: { reason: result.reason }
			});
			return fail(result.reason === 'limited' ? 429 : 400, { email, message: result.message });
		}
		recordAudit(db, { action: 'sign_in', user: result.user, route: '/login' });
		const c = config();
		setSessionTokenCookie(cookies, result.token, url.host, {
			idleMinutes: c.sessionIdleMinutes,
			absoluteHours: c.sessionHours
		});
		redirect(303, safeReturnPath(url.searchParams.get('next')));
	}
};
