// Server hooks: start-up work and headers applied to every response. Sign-in and scope join
// here as `handleAuth` in the sequence.
import type { Handle, ServerInit } from '@sveltejs/kit';
import { sequence } from '@sveltejs/kit/hooks';
import { appDb } from '$lib/server/db/client';

/** Opens the app database at start-up, which applies any pending migrations. */
export const init: ServerInit = async () => {
	appDb();
};

/** Security headers that the Content Security Policy (svelte.config.js) does not cover. */
const handleSecurityHeaders: Handle = async ({ event, resolve }) => {
	const response = await resolve(event);
	response.headers.set('x-content-type-options', 'nosniff');
	response.headers.set('referrer-policy', 'same-origin');
	response.headers.set('x-frame-options', 'DENY');
	response.headers.set('permissions-policy', 'camera=(), microphone=(), geolocation=()');
	return response;
};

export const handle = sequence(handleSecurityHeaders);
