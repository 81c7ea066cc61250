// Targets and change points in the app database: read for an area, written by those who hold it.
// Every write checks the writer holds the area, is validated here (not only in the form), is
// recorded in the audit log in the same transaction, and moves the leadership version on — the
// kept pages' key includes it, so no page shows an item's old state once it has changed.
export { leadershipVersion } from './version';
import { and, asc, eq, isNull, sql } from 'drizzle-orm';
import { catalogue, findMetric } from '$lib/metrics/catalogue';
import type { ChangePoint, TargetStep } from '$lib/stats/spc-phases';
import { recordAudit } from '../audit';
import type { AppDb } from '../db/client';
import { changePoint, recalculation, target, type User } from '../db/schema';
import { viewerOf } from '../auth/users';
import { authoritiesOf, holdsArea } from './area';
import { personalDataIn } from './personal-data';
import { bumpLeadershipVersion } from './version';
import { ELEMENTS } from '../reform/elements';
import { currentEntry } from '../reform/register';

/** A refusal to show the writer, with what was wrong. */
export class LeadershipError extends Error {
	constructor(message: string) {
		super(message);
		this.name = 'LeadershipError';
	}
}

/** Raised when the writer does not hold the area: pages answer as for an area out of scope. */
export class AreaNotHeldError extends Error {
	constructor() {
		super('Not found');
		this.name = 'AreaNotHeldError';
	}
}

export const LABEL_MAX = 120;
const MONTH = /^(19|20)\d\d-(0[1-9]|1[0-2])$/;

export interface AreaChange extends ChangePoint {
	/** Negative for a go-live read from the implementation register (not removable here). */
	id: number;
	addedBy: string;
	addedAt: Date;
	fromRegister?: boolean;
}

/** Everything leaders keep for one area, as the SPC overlay and the pages read it. */
export interface AreaLeadership {
	area: string;
	/** Each measure's target steps, the latest set for a month winning. */
	targets: Map<string, TargetStep[]>;
	/** Change points in month order; `recalculate` is per measure, so it is not set here. */
	changes: (Omit<AreaChange, 'recalculate'> & { recalculated: Set<string> })[];
}

export function readLeadership(db: AppDb, area: string): AreaLeadership {
	const targets = new Map<string, TargetStep[]>();
	const rows = db.select().from(target).where(eq(target.area, area)).orderBy(asc(target.id)).all();
	// Later rows for the same month replace earlier ones: the latest setting stands.
	const byMetric = new Map<string, Map<string, number | null>>();
	for (const r of rows) {
		const months = byMetric.get(r.metricId) ?? new Map<string, number | null>();
		months.set(r.fromMonth, r.value);
		byMetric.set(r.metricId, months);
	}
	for (const [metric, months] of byMetric)
		targets.set(
			metric,
			[...months].map(([from, value]) => ({ from, value }))
		);

	const changes = db
		.select()
		.from(changePoint)
		.where(and(eq(changePoint.area, area), isNull(changePoint.removedAt)))
		.orderBy(asc(changePoint.month), asc(changePoint.id))
		.all();
	const recalcs = changes.length
		? db
				.select({ id: recalculation.changePointId, metricId: recalculation.metricId })
				.from(recalculation)
				.innerJoin(changePoint, eq(changePoint.id, recalculation.changePointId))
				.where(eq(changePoint.area, area))
				.all()
		: [];
	return {
		area,
		targets,
		changes: [
			...changes.map((c) => ({
				id: c.id,
				month: c.month,
				label: c.label,
				addedBy: c.addedBy,
				addedAt: c.addedAt,
				recalculated: new Set(recalcs.filter((r) => r.id === c.id).map((r) => r.metricId))
			})),
			...registerChanges(db, area)
		].sort((a, b) => a.month.localeCompare(b.month))
	};
}

/** Every target ever set for a measure in an area, newest first: the history a page shows. */
export function targetHistory(db: AppDb, area: string, metricId: string) {
	return db
		.select()
		.from(target)
		.where(and(eq(target.area, area), eq(target.metricId, metricId)))
		.orderBy(sql`${target.id} DESC`)
		.all();
}

/** Refuses an account that does not hold every authority of the area (or a malformed area). */
export function requireHolder(user: User, area: string): void {
	if (authoritiesOf(area).length === 0 || !holdsArea(viewerOf(user), area))
		throw new AreaNotHeldError();
}

export function requireMonth(value: string, what: string): string {
	if (!MONTH.test(value)) throw new LeadershipError(`${what} must be a month, such as 2025-04.`);
	return value;
}

function requireMetric(metricId: string) {
	const def = findMetric(metricId);
	if (!def) throw new LeadershipError(`No measure ${JSON.stringify(metricId)}.`);
	return def;
}

/** A target's value as typed, checked against the measure's unit; empty ends the target. */
export function parseTargetValue(text: string, metricId: string): number | null {
	const def = requireMetric(metricId);
	const t = text.trim().replace(/%$/, '').trim();
	if (t === '') return null;
	if (!/^-?\d+(\.\d+)?$/.test(t))
		throw new LeadershipError(`The target must be a number, such as 85 (it was “${text}”).`);
	const value = Number(t);
	if (value < 0) throw new LeadershipError('The target cannot be negative.');
	if (def.unit === '%' && value > 100)
		throw new LeadershipError('A percentage target is at most 100.');
	return value;
}

/**
 * An authority's go-lives from the implementation register, as change points on its charts: the
 * month of each element's present entry when it is live. A multi-agency team going live is the
 * deliberate change Making Data Count recalculates limits after, so every measure's limits start
 * again from it: the chart then shows whether the process moved.
 */
function registerChanges(db: AppDb, area: string): AreaLeadership['changes'] {
	if (!area.startsWith('la:')) return [];
	const code = area.slice(3);
	return (['macpt', 'lcpp'] as const).flatMap((element) => {
		const entry = currentEntry(db, code, element);
		return entry?.stage === 'live'
			? [
					{
						id: -entry.id,
						month: entry.date.slice(0, 7),
						label: `${ELEMENTS[element].label} live`,
						addedBy: entry.recordedBy,
						addedAt: entry.recordedAt,
						recalculated:
							element === 'macpt' ? new Set(catalogue.map((m) => m.id)) : new Set<string>(),
						fromRegister: true
					}
				]
			: [];
	});
}

/** A change point's label: plain text on one line, not empty, not too long, nothing personal. */
export function cleanLabel(text: string): string {
	const label = text
		.replace(/[\p{Cc}\p{Cf}]+/gu, ' ')
		.replace(/\s+/g, ' ')
		.trim();
	if (!label) throw new LeadershipError('Say what changed, for example “Police referral pathway”.');
	if (label.length > LABEL_MAX)
		throw new LeadershipError(`The description is at most ${LABEL_MAX} characters.`);
	const personal = personalDataIn(label);
	if (personal) throw new LeadershipError(personal);
	return label;
}

/**
 * One change, whole or not at all: the change itself, the version kept pages are keyed on, and
 * its audit event, in one transaction.
 */
export function write<T>(
	db: AppDb,
	user: User,
	route: string,
	details: Record<string, unknown>,
	work: () => T
): T {
	return db.transaction(() => {
		const result = work();
		bumpLeadershipVersion(db);
		recordAudit(db, { action: 'leadership', user, route, details });
		return result;
	});
}

export function setTarget(
	db: AppDb,
	user: User,
	p: { area: string; metricId: string; fromMonth: string; value: number | null; route: string }
): void {
	requireHolder(user, p.area);
	requireMetric(p.metricId);
	requireMonth(p.fromMonth, 'The month the target applies from');
	write(
		db,
		user,
		p.route,
		{ change: 'set target', area: p.area, metric: p.metricId, from: p.fromMonth, value: p.value },
		() =>
			db
				.insert(target)
				.values({
					area: p.area,
					metricId: p.metricId,
					fromMonth: p.fromMonth,
					value: p.value,
					setBy: user.email,
					setAt: new Date()
				})
				.run()
	);
}

export function addChangePoint(
	db: AppDb,
	user: User,
	p: { area: string; month: string; label: string; recalculateFor: string | null; route: string }
): number {
	requireHolder(user, p.area);
	requireMonth(p.month, 'The month of the change');
	const label = cleanLabel(p.label);
	if (p.recalculateFor) requireMetric(p.recalculateFor);
	return write(
		db,
		user,
		p.route,
		{
			change: 'add change point',
			area: p.area,
			month: p.month,
			label,
			recalculate: p.recalculateFor
		},
		() => {
			const now = new Date();
			const { id } = db
				.insert(changePoint)
				.values({ area: p.area, month: p.month, label, addedBy: user.email, addedAt: now })
				.returning({ id: changePoint.id })
				.get();
			if (p.recalculateFor)
				db.insert(recalculation)
					.values({ changePointId: id, metricId: p.recalculateFor, setBy: user.email, setAt: now })
					.run();
			return id;
		}
	);
}

/** The area's change point with this id, or a refusal that says nothing of other areas'. */
function changeInArea(db: AppDb, area: string, id: number) {
	const row = Number.isSafeInteger(id)
		? db
				.select()
				.from(changePoint)
				.where(
					and(eq(changePoint.id, id), eq(changePoint.area, area), isNull(changePoint.removedAt))
				)
				.get()
		: undefined;
	if (!row) throw new LeadershipError('That change point is not on this area’s timeline.');
	return row;
}

export function removeChangePoint(
	db: AppDb,
	user: User,
	p: { area: string; id: number; route: string }
): void {
	requireHolder(user, p.area);
	const row = changeInArea(db, p.area, p.id);
	write(
		db,
		user,
		p.route,
		{ change: 'remove change point', area: p.area, id: row.id, month: row.month, label: row.label },
		() =>
			db
				.update(changePoint)
				.set({ removedBy: user.email, removedAt: new Date() })
				.where(eq(changePoint.id, row.id))
				.run()
	);
}

/** Whether a measure's limits start again from a change point of the area. */
export function setRecalculation(
	db: AppDb,
	user: User,
	p: { area: string; id: number; metricId: string; on: boolean; route: string }
): void {
	requireHolder(user, p.area);
	requireMetric(p.metricId);
	const row = changeInArea(db, p.area, p.id);
	write(
		db,
		user,
		p.route,
		{
			change: p.on ? 'recalculate from change point' : 'stop recalculating from change point',
			area: p.area,
			id: row.id,
			metric: p.metricId
		},
		() => {
			const where = and(
				eq(recalculation.changePointId, row.id),
				eq(recalculation.metricId, p.metricId)
			);
			if (p.on)
				db.insert(recalculation)
					.values({
						changePointId: row.id,
						metricId: p.metricId,
						setBy: user.email,
						setAt: new Date()
					})
					.onConflictDoNothing()
					.run();
			else db.delete(recalculation).where(where).run();
		}
	);
}
