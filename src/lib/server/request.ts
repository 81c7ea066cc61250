// The request being answered, as the route guard left it: the signed-in user, and what the
// audit log should say the request was given. Pages record here what they actually resolved
// and served (period, dates, area, metric) or why they refused; the hook writes it to the log
// once the response is made, for HTML and in-browser navigation (`__data.json`) alike.
import { error } from '@sveltejs/kit';
import { getRequestEvent } from '$app/server';
import type { User } from './db/schema';

export type AuditOutcome = 'shown' | 'refused' | 'not_found';

export interface AuditNote {
	outcome: AuditOutcome;
	/** What was resolved and served, or, for a refusal, what was asked and why not. */
	details: Record<string, unknown>;
}

/** The signed-in user; the hook has already refused any request without one. */
export function requireUser(): User {
	const { locals } = getRequestEvent();
	if (!locals.user) error(401, 'Sign in to continue.');
	return locals.user;
}

/** Records what this request served (and what it asked), for the audit log. */
export function noteServed(served: Record<string, unknown>): void {
	const { locals, url } = getRequestEvent();
	locals.audit = { outcome: 'shown', details: { ...served, asked: askedParameters(url) } };
}

/** The request's own query parameters, as asked (cut short: an attacker chooses them). */
export function askedParameters(url: URL): Record<string, string | string[]> {
	const out: Record<string, string | string[]> = {};
	for (const key of new Set(url.searchParams.keys())) {
		const all = url.searchParams.getAll(key).map((v) => v.slice(0, 100));
		out[key.slice(0, 40)] = all.length === 1 ? all[0]! : all;
	}
	return out;
}

function refuse(status: 400 | 404, outcome: AuditOutcome, message: string): never {
	const { locals, url } = getRequestEvent();
	locals.audit = {
		outcome,
		details: { asked: askedParameters(url), ...(status === 400 ? { reason: message } : {}) }
	};
	error(status, message);
}

/** Answers 404 and records the refusal: the same answer whether the thing exists or not. */
export function notFound(): never {
	return refuse(404, 'not_found', 'Not found');
}

/** Answers 400 with a reason the person asking can act on, and records the refusal. */
export function badRequest(message: string): never {
	return refuse(400, 'refused', message);
}
