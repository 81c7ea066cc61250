// One authority's submission taken into a database of several: only its data changes (every
// other authority's rows and store figures stay exactly as they were), its figures are those a
// full load of the same data gives, the roll-ups are those of the data as a whole, each
// submission is recorded, the one replaced is kept and can be put back, and a failed
// submission changes nothing.
import fs from 'node:fs';
import path from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { beforeAll, describe, expect, it } from 'vitest';
import { tableByName, type TableName } from '$lib/contract';
import { withAnalytics } from '$lib/server/analytics/duckdb';
import { ExtractError } from '$lib/server/analytics/load/errors';
import { archiveOf, readSubmissions } from '$lib/server/analytics/load/history';
import { loadExtract } from '$lib/server/analytics/load/loader';
import {
	loadSubmission,
	restoreSubmission,
	type SubmissionOptions
} from '$lib/server/analytics/load/submission';
import { loadDataFacts } from '$lib/server/analytics/engine/data-facts';
import { staleNotice } from '$lib/server/data-currency';
import { bankHolidays, realAuthorityNames, referenceDir } from '$lib/server/reference-data';
import { generateExtract } from '$lib/synthetic/generate';
import { CIN_2023 } from '../fixtures/census-returns';
import { authoritiesOf } from '../fixtures/extract';
import { generateInto, useScratchFolder } from '../fixtures/loaded';

const scratch = useScratchFolder('submissions');
const [LA1, LA2, LA3] = ['X00000001', 'X00000002', 'X00000003'];

let root: string;
/** Seed A's three authorities, seed B's (the same authorities, other data). */
let a: string;
let b: string;

beforeAll(async () => {
	root = scratch();
	const generate = async (seed: string) => {
		const dir = path.join(root, seed);
		fs.mkdirSync(dir);
		return (await generateInto(dir, { authorities: 3, years: 2, seed })).extract;
	};
	a = await generate('seed-a');
	b = await generate('seed-b');
}, 120_000);

const submit = (dir: string, dbPath: string, extra: Partial<SubmissionOptions> = {}) =>
	loadSubmission({ dir, dbPath, referenceDir, loadedBy: 'test', keep: 3, ...extra });

const query = (dbPath: string, sql: string, params?: Record<string, unknown>) =>
	withAnalytics((s) => s.query(sql, params as never), dbPath);

/**
 * Figures rebuilt by a different plan of summation differ in the last bits of a double: those
 * compared to 12 significant digits.
 */
function rounded<T>(rows: T): T {
	return JSON.parse(
		JSON.stringify(rows, (_, v) =>
			typeof v === 'number' && !Number.isInteger(v) ? Number(v.toPrecision(12)) : v
		)
	);
}

/** An authority's rows of a case table and of the store, in a fixed order. */
async function authorityRows(dbPath: string, la: string) {
	const rows = async (sql: string) => query(dbPath, sql, { la });
	return {
		referrals: await rows(`SELECT * FROM referrals WHERE la_code = $la ORDER BY referral_id`),
		plans: await rows(`SELECT * FROM cp_plans WHERE la_code = $la ORDER BY plan_id`),
		workers: await rows(`SELECT * FROM practitioners WHERE la_code = $la ORDER BY worker_id`),
		cube: await rows(
			`SELECT * FROM metric_cube WHERE la_code = $la ORDER BY metric, month, breakdown, key`
		),
		totals: await rows(`SELECT * FROM metric_totals WHERE la_code = $la ORDER BY metric, month`),
		distribution: await rows(
			`SELECT * FROM metric_distribution WHERE la_code = $la ORDER BY metric, month, breakdown, key, value`
		)
	};
}

describe('one authority’s submission into a database of three', () => {
	let db: string;
	let before: Record<string, Awaited<ReturnType<typeof authorityRows>>>;
	/** A full load of the same data: seed A's first and third authorities, seed B's second. */
	let mixedFull: string;

	beforeAll(async () => {
		const mixed = path.join(root, 'mixed');
		fs.cpSync(authoritiesOf(a, path.join(root, 'a-13'), [LA1, LA3]), mixed, { recursive: true });
		const bOnly = authoritiesOf(b, path.join(root, 'b-2'), [LA2]);
		for (const f of fs.readdirSync(bOnly).filter((f) => f.endsWith('.csv'))) {
			if (tableByName.get(f.slice(0, -4) as TableName)?.kind === 'reference') continue;
			const rows = fs.readFileSync(path.join(bOnly, f), 'utf8').split('\n').slice(1).join('\n');
			fs.appendFileSync(path.join(mixed, f), rows);
		}
		const manifest = JSON.parse(fs.readFileSync(path.join(mixed, 'manifest.json'), 'utf8'));
		fs.writeFileSync(
			path.join(mixed, 'manifest.json'),
			JSON.stringify({ ...manifest, la_codes: [LA1, LA2, LA3] })
		);
		mixedFull = path.join(root, 'full-mixed', 'oversight.duckdb');
		await loadExtract({ dir: mixed, dbPath: mixedFull, referenceDir });

		db = path.join(root, 'served', 'oversight.duckdb');
		fs.mkdirSync(path.dirname(db));
		await submit(a, db);
		before = {
			[LA1]: await authorityRows(db, LA1),
			[LA2]: await authorityRows(db, LA2),
			[LA3]: await authorityRows(db, LA3)
		};
		const summary = await submit(authoritiesOf(b, path.join(root, 'b-la2'), [LA2]), db);
		expect([summary.mode, summary.covered]).toEqual(['authorities', [LA2]]);
	}, 120_000);

	it('leaves every other authority’s rows and figures exactly as they were', async () => {
		for (const la of [LA1, LA3]) expect(await authorityRows(db, la), la).toEqual(before[la]);
	});

	it('gives the submitted authority the rows and figures a full load of the same data gives', async () => {
		const merged = await authorityRows(db, LA2);
		expect(rounded(merged)).toEqual(rounded(await authorityRows(mixedFull, LA2)));
		expect(merged.referrals).not.toEqual(before[LA2]!.referrals);
	});

	it('publishes the roll-ups of the data as a whole', async () => {
		const rollup = (p: string) =>
			query(
				p,
				`SELECT area, metric, month, breakdown, key, round(num, 6) AS num, round(den, 6) AS den,
					round(num_n, 6) AS num_n, round(den_n, 6) AS den_n FROM metric_rollup ORDER BY ALL`
			);
		// The authorities lie in more than one region, so the submission summed only its own
		// region's parts again and left the others' as they were.
		const regions = await query(
			db,
			'SELECT DISTINCT region_code FROM local_authorities WHERE la_code IN ($a, $b, $c)',
			{ a: LA1, b: LA2, c: LA3 }
		);
		expect(regions.length).toBeGreaterThan(1);
		const parts = (p: string) =>
			query(
				p,
				`SELECT * REPLACE (round(num, 6) AS num, round(den, 6) AS den) FROM metric_rollup_parts ORDER BY ALL`
			);
		expect(await parts(db)).toEqual(await parts(mixedFull));
		expect(await rollup(db)).toEqual(await rollup(mixedFull));
		const distribution = (p: string) =>
			query(p, 'SELECT * FROM metric_distribution_rollup ORDER BY ALL');
		expect(await distribution(db)).toEqual(await distribution(mixedFull));
	});

	it('records each submission; the one replaced is kept beside the database', async () => {
		const history = await withAnalytics((s) => s.query('SELECT * FROM submissions'), db);
		expect(history).toHaveLength(4);
		const la2 = (await withAnalyticsSubmissions(db)).filter((s) => s.laCode === LA2);
		expect(la2.map((s) => [s.replacedAt === null, s.kept])).toEqual([
			[false, true],
			[true, false]
		]);
		expect(fs.existsSync(path.join(archiveOf(db, la2[0]!.submissionId), 'referrals.parquet'))).toBe(
			true
		);
		expect(la2[1]!.tables.referrals).toBeGreaterThan(0);
	});

	it('puts the previous submission back, its rows and figures as they were', async () => {
		const restored = await restoreSubmission({ dbPath: db, la: LA2, loadedBy: 'test', keep: 3 });
		expect(restored.restored.laCode).toBe(LA2);
		expect(rounded(await authorityRows(db, LA2))).toEqual(rounded(before[LA2]));
		for (const la of [LA1, LA3]) expect(await authorityRows(db, la), la).toEqual(before[la]);
		const la2 = (await withAnalyticsSubmissions(db)).filter((s) => s.laCode === LA2);
		expect(la2.map((s) => [s.replacedAt === null, s.kept])).toEqual([
			[true, true],
			[false, true]
		]);
	});
});

describe('an authority whose data is older than the others’', () => {
	it('is made as at its own date, and said to be older', async () => {
		const db = path.join(root, 'older', 'oversight.duckdb');
		fs.mkdirSync(path.dirname(db));
		await submit(a, db);
		const earlier = path.join(root, 'seed-c');
		await generateExtract({
			out: earlier,
			authorities: 3,
			years: 2,
			seed: 'seed-c',
			end: '2025-01-31',
			bankHolidays: bankHolidays(),
			realNames: realAuthorityNames()
		});
		await submit(authoritiesOf(earlier, path.join(root, 'c-3'), [LA3]), db);
		const facts = await withAnalytics((s) => loadDataFacts(s), db);
		expect(facts.currency.get(LA3)!.extracted).toBe('2025-01-31');
		expect(facts.currency.get(LA1)!.extracted).toBe('2025-03-31');
		expect(staleNotice(facts, { role: 'national', las: [] })).toMatchObject({
			newest: '2025-03-31',
			older: [{ extracted: '2025-01-31' }]
		});
		// Its snapshots stop at its own date; the others' run to theirs.
		const lastSnapshot = async (la: string) =>
			(
				await query(
					db,
					`SELECT strftime(max(month), '%Y-%m') AS m FROM metric_cube WHERE la_code = $la AND metric = 'cp_plan_rate'`,
					{ la }
				)
			)[0]!.m;
		expect(await lastSnapshot(LA3)).toBe('2025-01');
		expect(await lastSnapshot(LA1)).toBe('2025-03');
	}, 120_000);
});

describe('an authority new to the database', () => {
	const laType = async (db: string) =>
		(
			await query(
				db,
				`SELECT data_type FROM duckdb_columns() WHERE table_name = 'referrals' AND column_name = 'la_code'`
			)
		)[0]!.data_type;

	it('is taken in, though the case tables’ type of authority did not know it', async () => {
		const db = path.join(root, 'newcomer', 'oversight.duckdb');
		fs.mkdirSync(path.dirname(db));
		await submit(authoritiesOf(a, path.join(root, 'a-12'), [LA1, LA2]), db);
		// A full load gives la_code the type of the authorities it holds, in their order.
		expect(await laType(db)).toBe(`ENUM('${LA1}', '${LA2}')`);
		const before = await authorityRows(db, LA1);
		const summary = await submit(authoritiesOf(a, path.join(root, 'a-3'), [LA3]), db);
		expect([summary.mode, summary.covered]).toEqual(['authorities', [LA3]]);
		expect(await laType(db)).toBe('VARCHAR');
		const full = path.join(root, 'newcomer-full', 'oversight.duckdb');
		await loadExtract({ dir: a, dbPath: full, referenceDir });
		const added = await authorityRows(db, LA3);
		expect(added.referrals.length).toBeGreaterThan(0);
		expect(rounded(added)).toEqual(rounded(await authorityRows(full, LA3)));
		expect(await authorityRows(db, LA1)).toEqual(before);
		// And the next submission, into text, as into any database built before the type.
		await submit(authoritiesOf(b, path.join(root, 'b-2-newcomer'), [LA2]), db);
		expect(rounded(await authorityRows(db, LA3))).toEqual(rounded(added));
	}, 120_000);
});

describe('a submission that fails', () => {
	it('changes nothing and keeps nothing', async () => {
		const db = path.join(root, 'fails', 'oversight.duckdb');
		fs.mkdirSync(path.dirname(db));
		await submit(a, db);
		const bytes = fs.readFileSync(db);
		const bad = authoritiesOf(b, path.join(root, 'b-bad'), [LA2]);
		fs.appendFileSync(path.join(bad, 'referrals.csv'), `R-X,C-X,${LA2},2031-01-01,6,N1,false,,\n`);
		const e = await submit(bad, db).catch((x: unknown) => x);
		expect(e).toBeInstanceOf(ExtractError);
		expect(fs.readFileSync(db).equals(bytes)).toBe(true);
		expect(fs.existsSync(`${db}.submissions`)).toBe(false);
		// The served file's copy, made while the submission was checked, is cleared away too.
		expect(fs.readdirSync(path.dirname(db)).sort()).toEqual(['oversight.duckdb']);
	});

	it('is refused when it mixes real data into synthetic', async () => {
		const db = path.join(root, 'mixing', 'oversight.duckdb');
		fs.mkdirSync(path.dirname(db));
		await submit(a, db);
		const bytes = fs.readFileSync(db);
		const real = path.join(root, 'real');
		fs.mkdirSync(real);
		fs.writeFileSync(path.join(real, 'cin.xml'), CIN_2023);
		const e = await submit(real, db, {
			pseudonymiseKey: Buffer.from('a key of sixteen bytes+')
		}).catch((x: unknown) => x);
		expect((e as ExtractError).problems?.[0]?.expected).toMatch(
			/^data of the same kind as the database in service \(synthetic\)/
		);
		expect(fs.readFileSync(db).equals(bytes)).toBe(true);
	});
});

describe('keeping replaced submissions', () => {
	it('keeps as many of an authority’s as the setting says, and drops the older copies', async () => {
		const db = path.join(root, 'keep', 'oversight.duckdb');
		fs.mkdirSync(path.dirname(db));
		await submit(a, db, { keep: 1 });
		const la2 = authoritiesOf(b, path.join(root, 'b-keep'), [LA2]);
		await submit(la2, db, { keep: 1 });
		await submit(la2, db, { keep: 1 });
		const history = (await withAnalyticsSubmissions(db)).filter((s) => s.laCode === LA2);
		expect(history.map((s) => s.kept)).toEqual([false, true, false]);
		expect(fs.existsSync(archiveOf(db, history[0]!.submissionId))).toBe(false);
		expect(fs.existsSync(archiveOf(db, history[1]!.submissionId))).toBe(true);
	});
});

/** The record of submissions, read as the command reads it. */
async function withAnalyticsSubmissions(dbPath: string) {
	const instance = await DuckDBInstance.create(dbPath, { access_mode: 'READ_ONLY' });
	const c = await instance.connect();
	try {
		return await readSubmissions(c);
	} finally {
		c.closeSync();
		instance.closeSync();
	}
}
