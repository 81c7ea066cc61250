// Sign-out: a POST (the form in the header) ends the session and clears the cookie. SvelteKit
// refuses cross-origin form posts, so another site cannot sign a user out.
import { redirect } from '@sveltejs/kit';
import { recordAudit } from '$lib/server/audit';
import { deleteSessionTokenCookie, invalidateSession } from '$lib/server/auth/session';
import { appDb } from '$lib/server/db/client';
import type { RequestHandler } from './$types';

export const POST: RequestHandler = async ({ locals, cookies, url }) => {
	if (locals.session) {
		invalidateSession(appDb(), locals.session.id);
		recordAudit(appDb(), { action: 'sign_out', user: locals.user, route: '/logout' });
	}
	deleteSessionTokenCookie(cookies, url.host);
	redirect(303, '/login');
};
