// The signed-in person's own settings: how often the digest of their area comes by email.
// Changing it is recorded in the audit log.
import { fail } from '@sveltejs/kit';
import { recordAudit } from '$lib/server/audit';
import { config } from '$lib/server/config';
import { appDb } from '$lib/server/db/client';
import { FREQUENCIES, FREQUENCY_LABELS } from '$lib/server/digests/periods';
import { isFrequency, setSubscription, subscriptionOf } from '$lib/server/digests/store';
import { requireUser } from '$lib/server/request';
import type { Actions, PageServerLoad } from './$types';

const CHOICES = [
	...FREQUENCIES.map((f) => ({ value: f, label: FREQUENCY_LABELS[f] })),
	{ value: 'off', label: 'Never' }
];

export const load: PageServerLoad = () => {
	const user = requireUser();
	return {
		email: user.email,
		digest: subscriptionOf(appDb(), user.id)?.frequency ?? 'off',
		choices: CHOICES,
		// Without a mail server, digests wait in the outbox for an administrator.
		mailConfigured: config().smtpUrl !== null
	};
};

export const actions: Actions = {
	default: async ({ request }) => {
		const user = requireUser();
		const digest = String((await request.formData()).get('digest') ?? '');
		if (digest !== 'off' && !isFrequency(digest))
			return fail(400, { problem: 'Choose how often the digest should come.' });
		setSubscription(appDb(), user.id, digest);
		recordAudit(appDb(), { action: 'digest', user, route: '/account', details: { digest } });
		return {
			done:
				digest === 'off'
					? 'You will receive no digest.'
					: `You will receive the digest: ${CHOICES.find((c) => c.value === digest)!.label.toLowerCase()}.`
		};
	}
};
