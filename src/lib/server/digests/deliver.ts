// Delivering the digests made: through the mail server when one is configured (nodemailer over
// SMTP, TLS as its address says), otherwise into the in-app outbox an administrator reads. A
// message the mail server refuses, or that times out, stays queued and is tried again by the
// next run; once accepted it is marked sent and never tried again.
import { createTransport } from 'nodemailer';
import { eq } from 'drizzle-orm';
import { unsubscribeUrl } from './links';
import type { AppDb } from '../db/client';
import { user } from '../db/schema';
import {
	claimNext,
	markDelivered,
	markFailed,
	releaseStaleClaims,
	subscriptionOf,
	withdraw
} from './store';

export interface Outgoing {
	to: string;
	subject: string;
	text: string;
	html: string;
	unsubscribeUrl: string;
}

export interface Mailer {
	send(message: Outgoing): Promise<void>;
	close(): void;
}

/** Seconds to wait for the mail server to connect, greet and answer each step. */
export interface MailTimeouts {
	connectSeconds: number;
	replySeconds: number;
}

const DEFAULT_TIMEOUTS: MailTimeouts = { connectSeconds: 30, replySeconds: 60 };

export function smtpMailer(url: string, from: string, timeouts = DEFAULT_TIMEOUTS): Mailer {
	const transport = createTransport({
		url,
		connectionTimeout: timeouts.connectSeconds * 1000,
		greetingTimeout: timeouts.connectSeconds * 1000,
		socketTimeout: timeouts.replySeconds * 1000
	});
	return {
		async send(m) {
			await transport.sendMail({
				from,
				to: m.to,
				subject: m.subject,
				text: m.text,
				html: m.html,
				// RFC 8058: mail programs offer unsubscribing in one click, which posts to this address.
				list: { unsubscribe: { url: m.unsubscribeUrl, comment: 'Unsubscribe' } },
				headers: { 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' }
			});
		},
		close: () => transport.close()
	};
}

export interface Delivery {
	sent: number;
	outbox: number;
	/** Failed this time; queued for the next run. */
	retry: number;
	/** Failed too often: given up, for an administrator to see. */
	failed: number;
	/** The account unsubscribed or was disabled before it went. */
	withdrawn: number;
	errors: string[];
}

/** Delivers every queued message once; null mailer: into the outbox. */
export async function deliverQueued(
	db: AppDb,
	mailer: Mailer | null,
	origin: string,
	now = new Date()
): Promise<Delivery> {
	const d: Delivery = { sent: 0, outbox: 0, retry: 0, failed: 0, withdrawn: 0, errors: [] };
	releaseStaleClaims(db, now);
	// Each message is tried once per run: one that fails waits for the next run.
	const tried: number[] = [];
	for (let m = claimNext(db, now, tried); m; m = claimNext(db, now, tried)) {
		tried.push(m.id);
		const account = db.select().from(user).where(eq(user.id, m.userId)).get();
		const subscription = subscriptionOf(db, m.userId);
		if (!account || account.disabled || !subscription) {
			withdraw(db, m.id);
			d.withdrawn++;
			continue;
		}
		if (!mailer) {
			markDelivered(db, m.id, 'outbox', now);
			d.outbox++;
			continue;
		}
		try {
			await mailer.send({
				to: account.email,
				subject: m.subject,
				text: m.text,
				html: m.html,
				unsubscribeUrl: unsubscribeUrl(origin, subscription.unsubscribeToken)
			});
			markDelivered(db, m.id, 'sent', new Date());
			d.sent++;
		} catch (e) {
			const error = e as Error & { code?: string };
			d.errors.push(`${account.email}: ${error.message}`);
			if (markFailed(db, m, error.message) === 'failed') d.failed++;
			else d.retry++;
			// The mail server cannot be reached or will not let us in: the rest wait for the next
			// run rather than each wait out the same failure.
			if (UNREACHABLE.has(error.code ?? '')) break;
		}
	}
	return d;
}

/** nodemailer's codes for a mail server that cannot be reached or refuses us, not a message. */
const UNREACHABLE = new Set(['ECONNECTION', 'ETIMEDOUT', 'ESOCKET', 'EDNS', 'ETLS', 'EAUTH']);
