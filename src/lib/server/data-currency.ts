// What the pages say about how current the data is: for the authorities a viewer may see, the
// day each one's data was taken, and which of them are older than the newest in service (their
// figures for later months hold none of their records). Nothing here is a figure about
// children: dates, tables supplied and, for administrators, who loaded what.
import type { AuthorityCurrency } from './analytics/engine/currency';
import { olderThanNewest } from './analytics/engine/currency';
import type { DataFacts } from './analytics/engine/data-facts';
import type { Viewer } from './analytics/engine/scope';

/** The authorities a viewer may see described, in name order. */
export function authoritiesInView(facts: DataFacts, viewer: Viewer): string[] {
	const all = [...facts.authorities.keys()];
	return viewer.role === 'national' ? all : all.filter((la) => viewer.las.includes(la));
}

export interface StaleNotice {
	newest: string;
	older: { name: string; extracted: string }[];
	/** How many more are older than those named. */
	more: number;
}

/** Null when every authority the viewer sees is as current as the newest data. */
export function staleNotice(facts: DataFacts, viewer: Viewer): StaleNotice | null {
	const older = olderThanNewest(facts.currency, authoritiesInView(facts, viewer));
	if (older.length === 0) return null;
	let newest = '';
	for (const c of facts.currency.values()) if (c.extracted > newest) newest = c.extracted;
	const named = older.slice(0, 3);
	return {
		newest,
		older: named.map((c) => ({
			name: facts.authorities.get(c.la)?.name ?? c.la,
			extracted: c.extracted
		})),
		more: older.length - named.length
	};
}

export interface CurrencyRow {
	code: string;
	name: string;
	extracted: string;
	periodFrom: string | null;
	periodTo: string | null;
	older: boolean;
	tables: string[];
	/**
	 * DfE validation queries its data raises, with their counts: shown to those who hold the
	 * authority in detail and to administrators; null for others.
	 */
	queries: { rule: string; count: number; text: string }[] | null;
	/** For administrators only: rows by table, when and by whom loaded, and the checksum. */
	admin: {
		rows: number;
		loadedAt: string | null;
		loadedBy: string | null;
		checksum: string | null;
	} | null;
}

export function currencyRows(facts: DataFacts, viewer: Viewer, isAdmin: boolean): CurrencyRow[] {
	const las = authoritiesInView(facts, viewer);
	const older = new Set(olderThanNewest(facts.currency, las).map((c) => c.la));
	return las.flatMap((la) => {
		const c: AuthorityCurrency | undefined = facts.currency.get(la);
		if (!c) return [];
		return [
			{
				code: la,
				name: facts.authorities.get(la)?.name ?? la,
				extracted: c.extracted,
				periodFrom: c.periodFrom,
				periodTo: c.periodTo,
				older: older.has(la),
				tables: Object.keys(c.tables),
				queries: isAdmin || viewer.las.includes(la) ? c.queries : null,
				admin: isAdmin
					? {
							rows: Object.values(c.tables).reduce((a, b) => a + b, 0),
							loadedAt: c.loadedAt,
							loadedBy: c.loadedBy,
							checksum: c.checksum
						}
					: null
			}
		];
	});
}
