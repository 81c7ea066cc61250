// What every leadership form action shares: reading a field, running one change for the
// signed-in account, and answering a refusal as a message on the form (or, for an area the
// account does not hold, as if the page did not exist).
import { error, fail } from '@sveltejs/kit';
import { requireUser } from '../request';
import { AreaNotHeldError, LeadershipError } from './store';

export const field = (form: FormData, name: string) => {
	const v = form.get(name);
	return typeof v === 'string' ? v : '';
};

/** Which part of the page a change belongs to, so its message shows there. */
export type Part = 'leadership' | 'commentary' | 'actions';

/** What was typed, to put back in a refused form so nothing is lost. */
function typed(form: FormData): Record<string, string> {
	const out: Record<string, string> = {};
	for (const [name, value] of form) if (typeof value === 'string') out[name] = value;
	return out;
}

/**
 * Runs one change for the signed-in account; refusals become a message on the form, which
 * comes back with what was typed.
 */
export async function change(
	request: Request,
	url: URL,
	part: Part,
	work: (form: FormData, user: ReturnType<typeof requireUser>, route: string) => string
) {
	const user = requireUser();
	const form = await request.formData();
	try {
		return { part, done: work(form, user, url.pathname) };
	} catch (e) {
		if (e instanceof AreaNotHeldError) error(404, 'Not found');
		if (e instanceof LeadershipError)
			return fail(400, { part, problem: e.message, values: typed(form) });
		throw e;
	}
}
