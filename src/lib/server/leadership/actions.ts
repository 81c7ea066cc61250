// Actions: what an agency will do about a measure or a signal, who owns it, by when, and a short
// record of progress. Everyone who holds an area sees all of its actions — the board is the
// partnership's — but an action belongs to one agency: a director raises actions for any agency
// and keeps the local authority's; a partner raises and keeps only their own agency's. An
// action is never edited or deleted: progress is a new entry whose status becomes the action's.
import { asc, eq, inArray } from 'drizzle-orm';
import { findMetric } from '$lib/metrics/catalogue';
import { isIsoDate } from '$lib/contract';
import type { AppDb } from '../db/client';
import { actionItem, actionUpdate, type User } from '../db/schema';
import { personalDataIn } from './personal-data';
import { LeadershipError, requireHolder, requireMonth, write } from './store';

export const AGENCIES = ['local_authority', 'police', 'health'] as const;
export type Agency = (typeof AGENCIES)[number];
export const AGENCY_LABELS: Record<Agency, string> = {
	local_authority: 'Local authority',
	police: 'Police',
	health: 'Health'
};

export const STATUSES = ['open', 'in_progress', 'done', 'dropped'] as const;
export type ActionStatus = (typeof STATUSES)[number];
export const STATUS_LABELS: Record<ActionStatus, string> = {
	open: 'Open',
	in_progress: 'In progress',
	done: 'Done',
	dropped: 'Dropped'
};

export const TITLE_MAX = 200;
export const OWNER_MAX = 80;
export const NOTE_MAX = 1000;

export interface ActionUpdate {
	status: ActionStatus;
	note: string;
	by: string;
	at: string;
}

export interface Action {
	id: number;
	metricId: string | null;
	month: string | null;
	title: string;
	agency: Agency;
	owner: string;
	due: string;
	raisedBy: string;
	raisedAt: string;
	status: ActionStatus;
	/** Due before `today` and neither done nor dropped. */
	overdue: boolean;
	updates: ActionUpdate[];
}

/** The agency an account acts for: directors the local authority, partners their own. */
export function agencyOf(user: User): Agency | null {
	if (user.role === 'la_leader') return 'local_authority';
	if (user.role === 'partner' && (user.agency === 'police' || user.agency === 'health'))
		return user.agency;
	return null;
}

/** Whether the account may raise an action for the agency (in an area it holds). */
export function mayRaiseFor(user: User, agency: Agency): boolean {
	const own = agencyOf(user);
	return own === 'local_authority' || own === agency;
}

/** Whether the account keeps the action: its agency's. */
export function mayUpdate(user: User, action: Pick<Action, 'agency'>): boolean {
	return agencyOf(user) === action.agency;
}

function text(value: string, what: string, max: number): string {
	const t = value
		.replace(/[\p{Cc}\p{Cf}]+/gu, ' ')
		.replace(/\s+/g, ' ')
		.trim();
	if (!t) throw new LeadershipError(`${what} cannot be empty.`);
	if (t.length > max) throw new LeadershipError(`${what} is at most ${max} characters.`);
	const personal = personalDataIn(t);
	if (personal) throw new LeadershipError(personal);
	return t;
}

const isAgency = (v: string): v is Agency => (AGENCIES as readonly string[]).includes(v);
const isStatus = (v: string): v is ActionStatus => (STATUSES as readonly string[]).includes(v);

/** Every action of an area with its progress, most pressing first: overdue, then by due date. */
export function actionsFor(db: AppDb, area: string, today: string): Action[] {
	const items = db
		.select()
		.from(actionItem)
		.where(eq(actionItem.area, area))
		.orderBy(asc(actionItem.due), asc(actionItem.id))
		.all();
	if (items.length === 0) return [];
	const updates = db
		.select()
		.from(actionUpdate)
		.where(
			inArray(
				actionUpdate.actionId,
				items.map((i) => i.id)
			)
		)
		.orderBy(asc(actionUpdate.id))
		.all();
	return items.map((i) => {
		const mine = updates
			.filter((u) => u.actionId === i.id)
			.map((u) => ({
				status: (isStatus(u.status) ? u.status : 'open') as ActionStatus,
				note: u.note,
				by: u.by,
				at: u.at.toISOString()
			}));
		const status = mine.at(-1)?.status ?? 'open';
		return {
			id: i.id,
			metricId: i.metricId,
			month: i.month,
			title: i.title,
			agency: isAgency(i.agency) ? i.agency : 'local_authority',
			owner: i.owner,
			due: i.due,
			raisedBy: i.raisedBy,
			raisedAt: i.raisedAt.toISOString(),
			status,
			overdue: i.due < today && status !== 'done' && status !== 'dropped',
			updates: mine
		};
	});
}

export function raiseAction(
	db: AppDb,
	user: User,
	p: {
		area: string;
		metricId: string | null;
		month: string | null;
		title: string;
		agency: string;
		owner: string;
		due: string;
		route: string;
	}
): number {
	requireHolder(user, p.area);
	if (!isAgency(p.agency)) throw new LeadershipError('Choose the agency that will act.');
	if (!mayRaiseFor(user, p.agency))
		throw new LeadershipError(
			`A partner raises actions for their own agency; ask the ${AGENCY_LABELS[p.agency].toLowerCase()} lead to raise this one.`
		);
	if (p.metricId !== null && !findMetric(p.metricId))
		throw new LeadershipError(`No measure ${JSON.stringify(p.metricId)}.`);
	if (p.month !== null) requireMonth(p.month, 'The month of the figure');
	if (!isIsoDate(p.due))
		throw new LeadershipError('The due date must be a date, such as 2025-06-30.');
	const title = text(p.title, 'What will be done', TITLE_MAX);
	const owner = text(p.owner, 'The owner', OWNER_MAX);
	return write(
		db,
		user,
		p.route,
		{
			change: 'raise action',
			area: p.area,
			metric: p.metricId,
			agency: p.agency,
			due: p.due,
			title
		},
		() =>
			db
				.insert(actionItem)
				.values({
					area: p.area,
					metricId: p.metricId,
					month: p.month,
					title,
					agency: p.agency,
					owner,
					due: p.due,
					raisedBy: user.email,
					raisedAt: new Date()
				})
				.returning({ id: actionItem.id })
				.get().id
	);
}

export function updateAction(
	db: AppDb,
	user: User,
	p: { area: string; id: number; status: string; note: string; route: string }
): void {
	requireHolder(user, p.area);
	const item = Number.isSafeInteger(p.id)
		? db.select().from(actionItem).where(eq(actionItem.id, p.id)).get()
		: undefined;
	if (!item || item.area !== p.area)
		throw new LeadershipError('That action is not in this area’s log.');
	if (!isAgency(item.agency) || !mayUpdate(user, { agency: item.agency }))
		throw new LeadershipError(
			`This action belongs to ${AGENCY_LABELS[isAgency(item.agency) ? item.agency : 'local_authority'].toLowerCase()}: only they record its progress.`
		);
	if (!isStatus(p.status)) throw new LeadershipError('Choose the action’s status.');
	const note = text(p.note, 'The progress note', NOTE_MAX);
	write(
		db,
		user,
		p.route,
		{ change: 'update action', area: p.area, id: item.id, status: p.status },
		() =>
			db
				.insert(actionUpdate)
				.values({ actionId: item.id, status: p.status, note, by: user.email, at: new Date() })
				.run()
	);
}

/** An action as a page lists it: with its agency, status and measure in words. */
export function describeAction(a: Action) {
	return {
		...a,
		agencyLabel: AGENCY_LABELS[a.agency],
		statusLabel: STATUS_LABELS[a.status],
		measure: a.metricId ? (findMetric(a.metricId)?.title ?? a.metricId) : null,
		lastUpdate: a.updates.at(-1) ?? null
	};
}
