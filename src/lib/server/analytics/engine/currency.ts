// How current each authority's data is: the submission in service for it (as at which day,
// which referrals it covers, which tables it supplied, when and by whom it was loaded), read
// from the record the loader keeps. Data loaded before that record existed is described by the
// load as a whole.
import type { AnalyticsSession } from '../duckdb';

export interface AuthorityCurrency {
	la: string;
	/** The day its data was taken. */
	extracted: string;
	periodFrom: string | null;
	periodTo: string | null;
	/** Tables supplied, with their rows. */
	tables: Record<string, number>;
	loadedAt: string | null;
	loadedBy: string | null;
	checksum: string | null;
	/** DfE validation queries its data raises (accepted, not refused). */
	queries: { rule: string; count: number; text: string }[];
}

export async function readCurrency(
	session: AnalyticsSession,
	tableNames: Set<string>
): Promise<Map<string, AuthorityCurrency>> {
	const v = session.dataVersion;
	const out = new Map<string, AuthorityCurrency>();
	if (tableNames.has('submissions')) {
		for (const r of await session.query(
			`SELECT la_code, extracted, period_from, period_to, tables, loaded_at, loaded_by, checksum, queries
			FROM submissions WHERE replaced_at IS NULL ORDER BY la_code`
		))
			out.set(String(r.la_code), {
				la: String(r.la_code),
				extracted: String(r.extracted),
				periodFrom: (r.period_from as string | null) ?? null,
				periodTo: (r.period_to as string | null) ?? null,
				tables: JSON.parse(String(r.tables)),
				loadedAt: (r.loaded_at as string | null) ?? null,
				loadedBy: (r.loaded_by as string | null) ?? null,
				checksum: (r.checksum as string | null) || null,
				queries: JSON.parse(String(r.queries ?? '[]'))
			});
	}
	for (const la of v.laCodes)
		if (!out.has(la) && v.extracted)
			out.set(la, {
				la,
				extracted: v.extracted,
				periodFrom: v.periodFrom,
				periodTo: null,
				tables: Object.fromEntries(v.tables.map((t) => [t, 0])),
				loadedAt: v.loadedAt,
				loadedBy: null,
				checksum: null,
				queries: []
			});
	return out;
}

/** The authorities among `las` whose data is older than the newest in service, oldest first. */
export function olderThanNewest(
	currency: Map<string, AuthorityCurrency>,
	las: Iterable<string>
): AuthorityCurrency[] {
	let newest = '';
	for (const c of currency.values()) if (c.extracted > newest) newest = c.extracted;
	return [...las]
		.map((la) => currency.get(la))
		.filter((c): c is AuthorityCurrency => c !== undefined && c.extracted < newest)
		.sort((a, b) => a.extracted.localeCompare(b.extracted) || a.la.localeCompare(b.la));
}
