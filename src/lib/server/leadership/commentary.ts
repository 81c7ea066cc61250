// Commentary on a measure for an area and a month: what the figure means and what is being done.
// Every save is a new version, kept; a version is a draft or published, and pages show the
// latest published. Two people editing at once lose nothing: each save names the version it
// started from, and a save that did not start from the latest is kept as a draft (never
// published over the other) and the writer is told whose version came in between, so one of
// them chooses which to publish.
import { and, desc, eq } from 'drizzle-orm';
import { findMetric } from '$lib/metrics/catalogue';
import type { AppDb } from '../db/client';
import { commentary, type User } from '../db/schema';
import { personalDataIn } from './personal-data';
import { LeadershipError, requireHolder, requireMonth, write } from './store';

export const COMMENTARY_MAX = 4000;

export interface CommentaryVersion {
	version: number;
	status: 'draft' | 'published';
	body: string;
	basedOn: number | null;
	author: string;
	savedAt: Date;
}

const asVersion = (r: typeof commentary.$inferSelect): CommentaryVersion => ({
	version: r.version,
	status: r.status === 'published' ? 'published' : 'draft',
	body: r.body,
	basedOn: r.basedOn,
	author: r.author,
	savedAt: r.savedAt
});

/** Text as it is kept: line breaks made one kind, other control characters gone, checked. */
export function cleanCommentary(text: string): string {
	const body = text
		.replace(/\r\n?/g, '\n')
		.replace(/[^\P{Cc}\n]|\p{Cf}/gu, '')
		.replace(/[ \t]+$/gm, '')
		.replace(/\n{3,}/g, '\n\n')
		.trim();
	if (!body) throw new LeadershipError('Write the commentary before saving it.');
	if (body.length > COMMENTARY_MAX)
		throw new LeadershipError(
			`Commentary is at most ${COMMENTARY_MAX.toLocaleString('en-GB')} characters (this is ${body.length.toLocaleString('en-GB')}).`
		);
	const personal = personalDataIn(body);
	if (personal) throw new LeadershipError(personal);
	return body;
}

/** Every version for a measure, area and month, newest first. */
export function commentaryVersions(
	db: AppDb,
	area: string,
	metricId: string,
	month: string
): CommentaryVersion[] {
	return db
		.select()
		.from(commentary)
		.where(
			and(eq(commentary.area, area), eq(commentary.metricId, metricId), eq(commentary.month, month))
		)
		.orderBy(desc(commentary.version))
		.all()
		.map(asVersion);
}

/** The latest published commentary of each measure for an area and month. */
export function publishedCommentary(
	db: AppDb,
	area: string,
	month: string
): Map<string, CommentaryVersion> {
	const rows = db
		.select()
		.from(commentary)
		.where(
			and(
				eq(commentary.area, area),
				eq(commentary.month, month),
				eq(commentary.status, 'published')
			)
		)
		.orderBy(desc(commentary.version))
		.all();
	const out = new Map<string, CommentaryVersion>();
	for (const r of rows) if (!out.has(r.metricId)) out.set(r.metricId, asVersion(r));
	return out;
}

export interface Saved {
	version: number;
	status: 'draft' | 'published';
	/** The version saved by someone else after the one this save started from. */
	conflict: CommentaryVersion | null;
}

export function saveCommentary(
	db: AppDb,
	user: User,
	p: {
		area: string;
		metricId: string;
		month: string;
		body: string;
		/** The version the writer started from; null for a first version. */
		basedOn: number | null;
		publish: boolean;
		route: string;
	}
): Saved {
	requireHolder(user, p.area);
	if (!findMetric(p.metricId))
		throw new LeadershipError(`No measure ${JSON.stringify(p.metricId)}.`);
	requireMonth(p.month, 'The month the commentary is for');
	const body = cleanCommentary(p.body);
	return db.transaction(() => {
		const latest = commentaryVersions(db, p.area, p.metricId, p.month)[0] ?? null;
		const conflict = latest && latest.version !== p.basedOn ? latest : null;
		const status = p.publish && !conflict ? 'published' : 'draft';
		const version = (latest?.version ?? 0) + 1;
		write(
			db,
			user,
			p.route,
			{
				change: status === 'published' ? 'publish commentary' : 'save commentary draft',
				area: p.area,
				metric: p.metricId,
				month: p.month,
				version,
				basedOn: p.basedOn,
				...(conflict ? { conflictWith: conflict.version } : {})
			},
			() =>
				db
					.insert(commentary)
					.values({
						area: p.area,
						metricId: p.metricId,
						month: p.month,
						version,
						status,
						body,
						basedOn: p.basedOn,
						author: user.email,
						savedAt: new Date()
					})
					.run()
		);
		return { version, status, conflict };
	});
}

/** Publishes an earlier version as the newest (its text, a new version number). */
export function publishVersion(
	db: AppDb,
	user: User,
	p: { area: string; metricId: string; month: string; version: number; route: string }
): Saved {
	requireHolder(user, p.area);
	const versions = commentaryVersions(db, p.area, p.metricId, p.month);
	const chosen = versions.find((v) => v.version === p.version);
	if (!chosen) throw new LeadershipError('There is no such version of this commentary.');
	return saveCommentary(db, user, {
		...p,
		body: chosen.body,
		basedOn: versions[0]!.version,
		publish: true
	});
}
