// The implementation register: who may record what, each authority's present stage of each
// element, its history, and reading a whole register from CSV. Central government records for
// any authority; a director (or head of service) for their own. Every entry is a new row, and
// every change is written to the audit log with it, in one transaction.
import { and, asc, desc, eq } from 'drizzle-orm';
import { isIsoDate } from '$lib/contract';
import { recordAudit } from '../audit';
import { laCodesOf } from '../auth/users';
import type { AppDb } from '../db/client';
import { reformEntry, type ReformEntry, type User } from '../db/schema';
import { personalDataIn } from '../leadership/personal-data';
import type { CsvFile } from '../published/csv';
import { bumpLeadershipVersion } from '../leadership/version';
import { ELEMENTS, isElement, isStageOf, type Element } from './elements';

const COLUMNS = ['la_code', 'element', 'stage', 'date', 'note'] as const;

/** A change refused, with the reason for the person making it (and the field it is about). */
export class RegisterError extends Error {
	constructor(
		message: string,
		readonly column?: (typeof COLUMNS)[number]
	) {
		super(message);
	}
}

export const NOTE_MAX = 500;

export interface NewEntry {
	laCode: string;
	element: string;
	stage: string;
	date: string;
	note?: string;
}

/** Whether the account may record the reform for the authority. */
export function mayRecord(user: User, laCode: string): boolean {
	if (user.disabled) return false;
	if (user.role === 'national') return true;
	return user.role === 'la_leader' && laCodesOf(user).includes(laCode);
}

/** The entry as it will be stored, or the reason it cannot be (naming the field). */
function checked(e: NewEntry, knownLas: ReadonlySet<string>): Required<NewEntry> {
	if (!knownLas.has(e.laCode))
		throw new RegisterError(`No authority ${JSON.stringify(e.laCode)} in the data.`, 'la_code');
	if (!isElement(e.element))
		throw new RegisterError(
			`${JSON.stringify(e.element)} is not one of ${Object.keys(ELEMENTS).join(', ')}.`,
			'element'
		);
	if (!isStageOf(e.element, e.stage))
		throw new RegisterError(
			`${JSON.stringify(e.stage)} is not a stage of ${e.element} (${ELEMENTS[e.element].stages.join(', ')}).`,
			'stage'
		);
	if (!isIsoDate(e.date))
		throw new RegisterError(`${JSON.stringify(e.date)} is not a date such as 2025-04-01.`, 'date');
	const note = (e.note ?? '').trim();
	if (note.length > NOTE_MAX)
		throw new RegisterError(`At most ${NOTE_MAX} characters, not ${note.length}.`, 'note');
	const personal = personalDataIn(note);
	if (personal) throw new RegisterError(personal, 'note');
	return { laCode: e.laCode, element: e.element, stage: e.stage, date: e.date, note };
}

/** Records entries (all or none), each a new version; returns how many were new. */
export function recordEntries(
	db: AppDb,
	user: User,
	entries: NewEntry[],
	o: { knownLas: ReadonlySet<string>; route: string; now?: Date }
): number {
	const rows = entries.map((e) => checked(e, o.knownLas));
	for (const r of rows)
		if (!mayRecord(user, r.laCode))
			throw new RegisterError(`You may not record the reform for ${r.laCode}.`);
	const now = o.now ?? new Date();
	return db.transaction((tx) => {
		let added = 0;
		for (const r of rows) {
			const current = currentEntry(tx as unknown as AppDb, r.laCode, r.element as Element);
			// The same stage, date and note again changes nothing and is not a new version.
			if (
				current &&
				current.stage === r.stage &&
				current.date === r.date &&
				current.note === r.note
			)
				continue;
			tx.insert(reformEntry)
				.values({ ...r, recordedBy: user.email, recordedAt: now })
				.run();
			added++;
		}
		if (added) {
			// A go-live is a change point on the authority's charts: kept pages must be made again.
			bumpLeadershipVersion(tx as unknown as AppDb);
			recordAudit(tx as unknown as AppDb, {
				action: 'reform',
				user,
				route: o.route,
				details: { change: 'record', entries: rows.length, added }
			});
		}
		return added;
	});
}

/** The authority's latest entry for the element, or null. */
export function currentEntry(db: AppDb, laCode: string, element: Element): ReformEntry | null {
	return (
		db
			.select()
			.from(reformEntry)
			.where(and(eq(reformEntry.laCode, laCode), eq(reformEntry.element, element)))
			.orderBy(desc(reformEntry.id))
			.limit(1)
			.get() ?? null
	);
}

/** Every authority's present stage of each element it has an entry for. */
export function registerNow(db: AppDb): Map<string, Partial<Record<Element, ReformEntry>>> {
	const now = new Map<string, Partial<Record<Element, ReformEntry>>>();
	for (const row of db.select().from(reformEntry).orderBy(asc(reformEntry.id)).all()) {
		if (!isElement(row.element)) continue;
		const la = now.get(row.laCode) ?? {};
		la[row.element] = row;
		now.set(row.laCode, la);
	}
	return now;
}

/** Every entry ever recorded for an authority, oldest first. */
export function registerHistory(db: AppDb, laCode: string): ReformEntry[] {
	return db
		.select()
		.from(reformEntry)
		.where(eq(reformEntry.laCode, laCode))
		.orderBy(asc(reformEntry.id))
		.all();
}

/**
 * Records a register read from CSV (columns la_code, element, stage, date and, optionally, note;
 * published/csv.ts has checked its encoding and that every line has the header's fields), all or
 * nothing. A problem names the file, line, column and value.
 */
export function importRegister(
	db: AppDb,
	user: User,
	file: CsvFile,
	o: { knownLas: ReadonlySet<string>; route: string; now?: Date }
): number {
	const names = file.header.map((f) => f.toLowerCase());
	const fits = names.length === 4 || (names.length === 5 && names[4] === 'note');
	if (!fits || !COLUMNS.slice(0, 4).every((c, i) => names[i] === c))
		throw new RegisterError(
			`${file.name}: line 1: the header must be ${COLUMNS.join(',')} (note may be left out), not ${JSON.stringify(file.header.join(','))}.`
		);
	const entries: NewEntry[] = [];
	for (const r of file.records) {
		const [laCode, element, stage, date, note] = r.fields.map((f) => f.trim()) as string[];
		const entry = {
			laCode: laCode!,
			element: element!,
			stage: stage!,
			date: date!,
			note: note ?? ''
		};
		try {
			checked(entry, o.knownLas);
			if (!mayRecord(user, entry.laCode))
				throw new RegisterError(`You may not record the reform for ${entry.laCode}.`, 'la_code');
		} catch (e) {
			if (!(e instanceof RegisterError) || !e.column) throw e;
			const at = COLUMNS.indexOf(e.column) + 1;
			throw new RegisterError(
				`${file.name}: line ${r.line}, column ${at} (${e.column}): ${e.message}`,
				e.column
			);
		}
		entries.push(entry);
	}
	return recordEntries(db, user, entries, o);
}
