// One run of the digests: make the digest of every subscriber whose period has none yet, then
// deliver everything queued. Safe to run as often as wished (a timer every hour, or after each
// load): a period's digest is made once, and a message once accepted is never sent again.
import type { AnalyticsSession } from '../analytics/duckdb';
import type { AppDb } from '../db/client';
import { collectDigest } from './collect';
import { composeDigest, hasNews, signalKey } from './compose';
import { deliverQueued, type Delivery, type Mailer } from './deliver';
import { unsubscribeUrl } from './links';
import { periodInWords, periodOf } from './periods';
import { hasDigest, lastDigest, recordDigest, subscribers } from './store';

export interface Made {
	/** Digests made with something to say (queued to send). */
	queued: number;
	/** Periods with nothing new: recorded, not sent. */
	nothingNew: number;
	/** Subscribers whose period already had its digest. */
	already: number;
	/** Subscribers whose digest could not be made (the reason for each). */
	errors: string[];
}

export async function makeDigests(
	s: AnalyticsSession,
	db: AppDb,
	o: { now: Date; origin: string }
): Promise<Made> {
	const made: Made = { queued: 0, nothingNew: 0, already: 0, errors: [] };
	for (const { user, frequency, unsubscribeToken } of subscribers(db)) {
		const period = periodOf(frequency, o.now, s.dataVersion.version);
		if (period === null) continue;
		if (hasDigest(db, user.id, period)) {
			made.already++;
			continue;
		}
		try {
			const content = await collectDigest(s, db, {
				user,
				frequency,
				periodWords: periodInWords(frequency, period, o.now),
				previous: lastDigest(db, user.id),
				now: o.now,
				origin: o.origin,
				unsubscribeUrl: unsubscribeUrl(o.origin, unsubscribeToken)
			});
			const message = composeDigest(content);
			const news = hasNews(content);
			const recorded = recordDigest(
				db,
				{
					userId: user.id,
					period,
					toAddress: user.email,
					...message,
					signals: JSON.stringify(content.signals.map(signalKey)),
					dataVersion: content.data.version,
					status: news ? 'queued' : 'nothing_new'
				},
				o.now
			);
			if (!recorded) made.already++;
			else if (news) made.queued++;
			else made.nothingNew++;
		} catch (e) {
			made.errors.push(`${user.email}: ${(e as Error).message}`);
		}
	}
	return made;
}

export interface RunResult {
	made: Made;
	delivery: Delivery;
}

export async function runDigests(
	s: AnalyticsSession,
	db: AppDb,
	o: { now: Date; origin: string; mailer: Mailer | null }
): Promise<RunResult> {
	const made = await makeDigests(s, db, o);
	const delivery = await deliverQueued(db, o.mailer, o.origin, o.now);
	return { made, delivery };
}
