// npm run digests [-- --now ISO-TIME]
// Makes the digest of every subscriber whose week, month or data version has none yet, and
// delivers everything queued: by SMTP when OVERSIGHT_SMTP_URL and OVERSIGHT_MAIL_FROM are set,
// otherwise into the in-app outbox (Administration → Digests). Meant for cron or a systemd
// timer: running it again in the same period makes and sends nothing twice. Exits 1 when a
// message could not be delivered (it stays queued for the next run) or a digest not be made.
import {
	closeAll,
	AnalyticsUnavailableError,
	withAnalytics
} from '../src/lib/server/analytics/duckdb';
import { recordAudit } from '../src/lib/server/audit';
import { config } from '../src/lib/server/config';
import { appDb } from '../src/lib/server/db/client';
import { deliverQueued, smtpMailer } from '../src/lib/server/digests/deliver';
import { makeDigests, type Made } from '../src/lib/server/digests/run';
import { exitOnUsageError, one, parseArgs, UsageError } from './lib/args';

const usage = 'usage: npm run digests [-- --now 2026-11-30T07:00:00Z]';

try {
	const args = parseArgs(process.argv.slice(2), { values: ['now'] });
	if (args.positional.length) throw new UsageError(`unexpected ${args.positional[0]}`);
	const asked = one(args, 'now');
	const now = asked ? new Date(asked) : new Date();
	if (Number.isNaN(now.getTime()))
		throw new UsageError(`--now must be a date and time, got ${asked}`);
	const c = config();
	const db = appDb();

	let made: Made | null = null;
	try {
		made = await withAnalytics((s) => makeDigests(s, db, { now, origin: c.origin }));
	} catch (e) {
		if (!(e instanceof AnalyticsUnavailableError)) throw e;
		// Without data nothing new can be said; what was made before is still delivered.
		console.error(`digests: no digests made: ${e.message}`);
	}
	const mailer = c.smtpUrl && c.mailFrom ? smtpMailer(c.smtpUrl, c.mailFrom) : null;
	const delivery = await deliverQueued(db, mailer, c.origin, now).finally(() => mailer?.close());
	closeAll();

	if (made) {
		console.log(
			`digests: made ${made.queued} with news, ${made.nothingNew} with nothing new (not sent); ${made.already} already made this period`
		);
		for (const e of made.errors) console.error(`digests: not made for ${e}`);
	}
	console.log(
		`digests: ${mailer ? `sent ${delivery.sent}` : `kept ${delivery.outbox} in the outbox (no mail server configured)`}; ${delivery.retry} to try again next run; ${delivery.failed} given up; ${delivery.withdrawn} withdrawn`
	);
	for (const e of delivery.errors) console.error(`digests: not delivered to ${e}`);
	recordAudit(db, {
		action: 'digest',
		route: 'npm run digests',
		details: {
			made: made && {
				queued: made.queued,
				nothingNew: made.nothingNew,
				errors: made.errors.length
			},
			delivered: mailer ? delivery.sent : delivery.outbox,
			by: mailer ? 'smtp' : 'outbox',
			retry: delivery.retry,
			failed: delivery.failed,
			withdrawn: delivery.withdrawn
		}
	});
	if (delivery.retry || delivery.failed || made?.errors.length) process.exit(1);
} catch (e) {
	exitOnUsageError(e, 'digests', usage);
	throw e;
}
