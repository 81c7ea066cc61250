// Facts about the loaded authorities that every metric request needs: names, regions,
// statistical neighbours and what the pre-aggregated store holds. Read once per data version
// and kept in memory (a few kilobytes), so requests do not repeat these queries.
import { lastMonthEndOnOrBefore, monthStart } from '$lib/stats/dates';
import type { AnalyticsSession } from '../duckdb';
import { readCurrency, type AuthorityCurrency } from './currency';
import type { DataPeriod } from './publication';
import { ROLLUP_TABLES, STORE_TABLES, UNKNOWN_TABLE } from '../store/store';

export interface Authority {
	code: string;
	name: string;
	regionCode: string;
	regionName: string;
	population: number | null;
}

export interface DataFacts {
	version: string;
	extracted: string | null;
	/** The whole months the data covers (null before any referral). */
	period: DataPeriod | null;
	/** Authorities in the data, by code, in name order. */
	authorities: Map<string, Authority>;
	regions: Map<string, { name: string; las: string[] }>;
	/** Statistical neighbours in the data, nearest first. */
	neighbours: Map<string, string[]>;
	tables: Set<string>;
	/** By metric, the authorities whose data leaves a column it reads unknown (it shows `:`). */
	unknown: Map<string, Set<string>>;
	/** How current each authority's data is. */
	currency: Map<string, AuthorityCurrency>;
	store: {
		metrics: Set<string>;
		lastSnapshot: string | null;
		visitWorkingDays: number | null;
		/** England and regional roll-ups are present. */
		rollups: boolean;
	};
}

const cache = new Map<string, Promise<DataFacts>>();

export function loadDataFacts(session: AnalyticsSession): Promise<DataFacts> {
	const v = session.dataVersion;
	let pending = cache.get(v.version);
	if (!pending) {
		pending = read(session).catch((e) => {
			cache.delete(v.version);
			throw e;
		});
		// The version in service and the one being prepared (see engine/cache.ts); older ones are
		// dropped as new ones load.
		cache.set(v.version, pending);
		for (const key of [...cache.keys()].sort().slice(0, -2)) cache.delete(key);
	}
	return pending;
}

async function read(session: AnalyticsSession): Promise<DataFacts> {
	const v = session.dataVersion;
	const inData = new Set(v.laCodes);
	const las = await session.query(
		`SELECT la_code, name, region_code, region_name, child_population FROM local_authorities ORDER BY name, la_code`
	);
	const authorities = new Map<string, Authority>();
	const regions = new Map<string, { name: string; las: string[] }>();
	for (const r of las) {
		const code = String(r.la_code);
		if (!inData.has(code)) continue;
		const a: Authority = {
			code,
			name: String(r.name),
			regionCode: String(r.region_code),
			regionName: String(r.region_name),
			population: r.child_population === null ? null : Number(r.child_population)
		};
		authorities.set(code, a);
		const region = regions.get(a.regionCode) ?? { name: a.regionName, las: [] };
		region.las.push(code);
		regions.set(a.regionCode, region);
	}
	const neighbours = new Map<string, string[]>();
	for (const r of await session.query(
		`SELECT la_code, neighbour_code FROM statistical_neighbours ORDER BY la_code, rank`
	)) {
		const la = String(r.la_code);
		const n = String(r.neighbour_code);
		if (!inData.has(la) || !inData.has(n)) continue;
		neighbours.set(la, [...(neighbours.get(la) ?? []), n]);
	}
	const tables = new Set(v.tables);
	const store = {
		metrics: new Set<string>(),
		lastSnapshot: null as string | null,
		visitWorkingDays: null as number | null,
		rollups: false
	};
	// A database built before the store took its present shape is answered from the case tables.
	const present = await session.query(
		`SELECT table_name FROM duckdb_tables() WHERE schema_name = 'main'`
	);
	const names = new Set(present.map((r) => String(r.table_name)));
	if (STORE_TABLES.every((t) => names.has(t))) {
		for (const r of await session.query(
			`SELECT metric, strftime(last_snapshot, '%Y-%m-%d') AS last_snapshot, visit_working_days FROM metric_store`
		)) {
			store.metrics.add(String(r.metric));
			store.lastSnapshot = (r.last_snapshot as string | null) ?? null;
			store.visitWorkingDays = Number(r.visit_working_days);
		}
		store.rollups = ROLLUP_TABLES.every((t) => names.has(t));
	}
	const unknown = new Map<string, Set<string>>();
	if (names.has(UNKNOWN_TABLE))
		for (const r of await session.query(`SELECT metric, la_code FROM ${UNKNOWN_TABLE}`)) {
			const las = unknown.get(String(r.metric)) ?? new Set<string>();
			las.add(String(r.la_code));
			unknown.set(String(r.metric), las);
		}
	const currency = await readCurrency(session, names);
	const last = v.extracted ? lastMonthEndOnOrBefore(v.extracted) : null;
	const first = v.periodFrom ? monthStart(v.periodFrom) : null;
	return {
		version: v.version,
		extracted: v.extracted,
		period: first && last && first <= last ? { first, last } : null,
		authorities,
		regions,
		neighbours,
		tables,
		unknown,
		currency,
		store
	};
}
