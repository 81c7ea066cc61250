// What one account's digest is about, gathered as that account: its overview's area and period
// (the filters a page opens on), the measures whose latest month is a special-cause signal there
// — computed by the same engine, scope and disclosure rules as the overview, with the area's
// change points — the actions of an area it holds that are overdue or due within a fortnight, and
// the data in service.
import { signalsOf } from '$lib/components/summary';
import type { AnalyticsSession } from '../analytics/duckdb';
import { viewerOf } from '../auth/users';
import type { AppDb } from '../db/client';
import type { DigestMessage, User } from '../db/schema';
import { actionsFor, describeAction } from '../leadership/actions';
import { areaOf, holdsArea } from '../leadership/area';
import { summaryMetrics, viewOf } from '../view-figures';
import { signalKey, type DigestContent } from './compose';
import type { Frequency } from './periods';

/** Actions due within this many days are listed before they fall overdue. */
export const DUE_SOON_DAYS = 14;

export async function collectDigest(
	s: AnalyticsSession,
	db: AppDb,
	o: {
		user: User;
		frequency: Frequency;
		periodWords: string;
		previous: DigestMessage | null;
		now: Date;
		origin: string;
		unsubscribeUrl: string;
	}
): Promise<DigestContent> {
	const viewer = viewerOf(o.user);
	const view = await viewOf(s, viewer, new URL(`${o.origin}/`));
	const result = await summaryMetrics(s, view);
	const signals = signalsOf(result).map((x) => ({
		id: x.id,
		title: x.title,
		icon: x.icon,
		words: x.words
	}));
	const before = new Set<string>(o.previous ? JSON.parse(o.previous.signals) : []);
	const area = areaOf(view.filters.scope);
	const today = o.now.toISOString().slice(0, 10);
	return {
		frequency: o.frequency,
		periodWords: o.periodWords,
		areaName: result.scope.name,
		areaQuery: new URLSearchParams({ area: view.filters.area }).toString(),
		signals,
		fresh: new Set(signals.map(signalKey).filter((k) => !before.has(k))),
		actions:
			area !== null && holdsArea(viewer, area)
				? actionsFor(db, area, today)
						.filter((a) => a.status !== 'done' && a.status !== 'dropped')
						.filter((a) => a.overdue || a.due <= addDays(today, DUE_SOON_DAYS))
						.map(describeAction)
						.map((a) => ({
							title: a.title,
							agencyLabel: a.agencyLabel,
							owner: a.owner,
							due: a.due,
							overdue: a.overdue
						}))
				: null,
		data: {
			version: s.dataVersion.version,
			extracted: s.dataVersion.extracted,
			isNew: o.previous?.dataVersion !== s.dataVersion.version
		},
		origin: o.origin,
		unsubscribeUrl: o.unsubscribeUrl
	};
}

function addDays(day: string, days: number): string {
	const d = new Date(`${day}T00:00:00Z`);
	d.setUTCDate(d.getUTCDate() + days);
	return d.toISOString().slice(0, 10);
}
