// What the adversary is trying to learn, read straight from the database the server uses: each
// authority's exact counts month by month (the store's totals, which the loader's tests pin to
// the case tables), the authorities' regions, neighbours and child populations.
import { DuckDBInstance } from '@duckdb/node-api';

export interface Truth {
	/** `${metric}|${side}|${la}|${YYYY-MM}` → the exact count. */
	counts: Map<string, number>;
	regionOf: Map<string, string>;
	regions: Map<string, string[]>;
	neighbours: Map<string, string[]>;
	population: Map<string, number>;
	las: string[];
	months: string[];
}

export type Side = 'num' | 'den';

export const key = (metric: string, side: Side, la: string, month: string) =>
	`${metric}|${side}|${la}|${month}`;

export async function readTruth(db: string): Promise<Truth> {
	const instance = await DuckDBInstance.create(db, { access_mode: 'READ_ONLY' });
	const c = await instance.connect();
	const rows = async (sql: string) => (await c.runAndReadAll(sql)).getRowObjectsJS();
	try {
		const counts = new Map<string, number>();
		const months = new Set<string>();
		for (const r of await rows(
			`SELECT metric, la_code, strftime(month, '%Y-%m') AS month, num_n, den_n FROM metric_totals`
		)) {
			const m = String(r.month);
			months.add(m);
			counts.set(key(String(r.metric), 'num', String(r.la_code), m), Number(r.num_n));
			counts.set(key(String(r.metric), 'den', String(r.la_code), m), Number(r.den_n));
		}
		// Medians: the number of records is the published denominator.
		for (const r of await rows(
			`SELECT metric, la_code, strftime(month, '%Y-%m') AS month, sum(n) AS n
			FROM metric_distribution WHERE breakdown = '' GROUP BY ALL`
		))
			counts.set(key(String(r.metric), 'den', String(r.la_code), String(r.month)), Number(r.n));
		const regionOf = new Map<string, string>();
		const regions = new Map<string, string[]>();
		const population = new Map<string, number>();
		const inData = new Set(
			(await rows(`SELECT value FROM meta WHERE key = 'la_codes'`)).flatMap(
				(r) => JSON.parse(String(r.value)) as string[]
			)
		);
		for (const r of await rows(
			`SELECT la_code, region_code, child_population FROM local_authorities ORDER BY la_code`
		)) {
			const la = String(r.la_code);
			if (!inData.has(la)) continue;
			regionOf.set(la, String(r.region_code));
			regions.set(String(r.region_code), [...(regions.get(String(r.region_code)) ?? []), la]);
			population.set(la, Number(r.child_population));
		}
		const neighbours = new Map<string, string[]>();
		for (const r of await rows(
			`SELECT la_code, neighbour_code FROM statistical_neighbours ORDER BY la_code, rank`
		)) {
			const la = String(r.la_code);
			if (inData.has(la) && inData.has(String(r.neighbour_code)))
				neighbours.set(la, [...(neighbours.get(la) ?? []), String(r.neighbour_code)]);
		}
		return {
			counts,
			regionOf,
			regions,
			neighbours,
			population,
			las: [...regionOf.keys()],
			months: [...months].sort()
		};
	} finally {
		c.closeSync();
		instance.closeSync();
	}
}
