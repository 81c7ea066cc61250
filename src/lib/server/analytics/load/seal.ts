// What the new database gets once its extract tables are in: England's shipped reference tables
// where the extract carried none, the working-day calendar, and the meta rows that describe the
// load (data version, extraction date, authorities, period, row counts).
import crypto from 'node:crypto';
import path from 'node:path';
import type { DuckDBConnection } from '@duckdb/node-api';
import { CONTRACT_ID, tables } from '$lib/contract';
import { addYears } from '$lib/stats/dates';
import type { Manifest } from './extract';
import { q, rowsOf } from './sql';
import { countRows, typedExpression } from './table';

/** Loads each reference table the extract did not carry from the shipped CSVs; their counts. */
export async function addShippedReferenceTables(
	c: DuckDBConnection,
	referenceDir: string,
	present: Set<string>
): Promise<Record<string, number>> {
	const counts: Record<string, number> = {};
	for (const t of tables) {
		if (t.kind !== 'reference' || present.has(t.name)) continue;
		const shipped = path.join(referenceDir, `${t.name}.csv`);
		const cols = t.columns.map((col) => `${q(col.name)}: 'VARCHAR'`).join(', ');
		await c.run(
			`CREATE TABLE main.${q(t.name)} AS SELECT ${t.columns.map((col) => typedExpression(col, 's')).join(', ')} FROM read_csv($path, header = true, auto_detect = false, columns = {${cols}}) s`,
			{ path: shipped }
		);
		counts[t.name] = await countRows(c, t.name);
	}
	return counts;
}

/** The working-day calendar as a table, for SQL that counts working days (see stats/working-days). */
export async function buildCalendar(c: DuckDBConnection, extracted: string): Promise<void> {
	const to = addYears(extracted, 3);
	await c.run(
		`CREATE TABLE calendar AS
		 WITH days AS (SELECT CAST(d AS DATE) AS date FROM generate_series(DATE '1995-01-01', $to::DATE, INTERVAL 1 DAY) g(d))
		 SELECT date,
		        isodow(date) < 6 AND date NOT IN (SELECT date FROM bank_holidays) AS working,
		        CAST(sum(CASE WHEN isodow(date) < 6 AND date NOT IN (SELECT date FROM bank_holidays) THEN 1 ELSE 0 END) OVER (ORDER BY date) AS INTEGER) AS wd_index
		 FROM days ORDER BY date`,
		{ to }
	);
}

/** What a load made: written into the database's meta table and returned to the caller. */
export interface LoadSummary {
	dataVersion: string;
	synthetic: boolean;
	extracted: string;
	authorities: number;
	period: { from: string | null; to: string | null };
	rows: Record<string, number>;
	seconds: number;
	pseudonymised: boolean;
	/** Of the files loaded (checksumOf), when the load read an extract. */
	checksum?: string;
}

/** A new data version: the load's time and a random part, so no two loads share one. */
export function newDataVersion(): string {
	const time = new Date().toISOString().replace(/[-:]/g, '').slice(0, 15);
	return `${time}Z-${crypto.randomBytes(4).toString('hex')}`;
}

/** Writes the meta table; returns the summary of the load (its seconds still to be set). */
export async function writeMeta(
	c: DuckDBConnection,
	manifest: Manifest,
	counts: Record<string, number>,
	pseudonymised: boolean,
	checksum: string
): Promise<LoadSummary> {
	const [period] = await rowsOf(
		c,
		`SELECT strftime(min(referral_date), '%Y-%m-%d') AS first, strftime(max(referral_date), '%Y-%m-%d') AS last FROM referrals`
	);
	// Tables in the contract's order, as the manifest of the database lists them.
	const rowCounts = Object.fromEntries(
		tables.filter((t) => t.name in counts).map((t) => [t.name, counts[t.name]!])
	);
	// The data's first day: its first referral, or the day it says it is complete from.
	const first = (period?.first as string | null) ?? null;
	const from =
		first && manifest.complete_from && manifest.complete_from > first
			? manifest.complete_from
			: first;
	const summary: LoadSummary = {
		dataVersion: newDataVersion(),
		synthetic: manifest.synthetic,
		extracted: manifest.extracted,
		authorities: manifest.la_codes.length,
		period: { from, to: (period?.last as string) ?? null },
		rows: rowCounts,
		seconds: 0,
		pseudonymised,
		checksum
	};
	await c.run('CREATE TABLE meta (key VARCHAR PRIMARY KEY, value VARCHAR)');
	const meta: Record<string, string> = {
		data_version: summary.dataVersion,
		contract: CONTRACT_ID,
		synthetic: String(manifest.synthetic),
		extracted: manifest.extracted,
		loaded_at: new Date().toISOString(),
		la_codes: JSON.stringify(manifest.la_codes),
		period_from: summary.period.from ?? '',
		period_to: summary.period.to ?? '',
		row_counts: JSON.stringify(rowCounts),
		tables: JSON.stringify(Object.keys(rowCounts)),
		pseudonymised: String(pseudonymised),
		...(manifest.reform && { simulated_reform: JSON.stringify(manifest.reform) })
	};
	for (const [key, value] of Object.entries(meta))
		await c.run('INSERT INTO meta VALUES ($key, $value)', { key, value });
	return summary;
}
