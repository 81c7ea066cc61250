// A digest's unsubscribe link. Opening it asks for one press of a button (mail systems that open
// every link to check it must not unsubscribe anyone); a mail program's own one-click unsubscribe
// posts straight to it (RFC 8058). The key in the address is all it takes: no sign-in.
import { recordAudit } from '$lib/server/audit';
import { findUserById } from '$lib/server/auth/users';
import { appDb } from '$lib/server/db/client';
import { FREQUENCY_LABELS } from '$lib/server/digests/periods';
import { subscriberOf, unsubscribe } from '$lib/server/digests/store';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = ({ url }) => {
	const found = subscriberOf(appDb(), url.searchParams.get('token') ?? '');
	return {
		token: url.searchParams.get('token') ?? '',
		subscription: found
			? { email: found.email, digest: FREQUENCY_LABELS[found.frequency].toLowerCase() }
			: null
	};
};

export const actions: Actions = {
	default: async ({ request, url }) => {
		const form = await request.formData();
		const token = url.searchParams.get('token') ?? String(form.get('token') ?? '');
		const left = unsubscribe(appDb(), token);
		if (!left) return { unsubscribed: false };
		const user = findUserById(appDb(), left.id);
		recordAudit(appDb(), {
			action: 'digest',
			user,
			route: '/digest/unsubscribe',
			details: { digest: 'off', by: 'unsubscribe link' }
		});
		return { unsubscribed: true };
	}
};
