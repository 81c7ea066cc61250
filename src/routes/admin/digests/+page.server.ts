// Every digest made, newest first: to whom, for which period, whether it went (by mail or into
// this outbox), how many tries, the last error, and what it said. Administrators only (the hook
// refuses /admin to anyone else).
import { config } from '$lib/server/config';
import { appDb } from '$lib/server/db/client';
import { recentMessages } from '$lib/server/digests/store';
import type { PageServerLoad } from './$types';

const STATUS_LABELS: Record<string, string> = {
	queued: 'Waiting to be sent',
	sending: 'Being sent',
	sent: 'Sent',
	outbox: 'Kept here (no mail server)',
	nothing_new: 'Nothing new: not sent',
	failed: 'Given up after repeated failures',
	withdrawn: 'Withdrawn: unsubscribed or disabled'
};

export const load: PageServerLoad = () => ({
	mailConfigured: config().smtpUrl !== null,
	messages: recentMessages(appDb()).map(({ message: m, email }) => ({
		id: m.id,
		email,
		period: m.period,
		status: STATUS_LABELS[m.status] ?? m.status,
		attempts: m.attempts,
		lastError: m.lastError,
		made: m.createdAt.toISOString().replace('T', ' ').slice(0, 16),
		sent: m.sentAt?.toISOString().replace('T', ' ').slice(0, 16) ?? null,
		subject: m.subject,
		text: m.text
	}))
});
