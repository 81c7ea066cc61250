// The same synthetic authorities written two ways, every table as CSV, or census returns (CIN
// and workforce XML) for what the censuses carry and CSV for the rest, load to the same figures:
// every measure, for each authority and year, except where the returns cannot carry what the
// measure reads (said below). The returns are valid against the census schemas.
import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { validateXML } from 'xmllint-wasm';
import { catalogue } from '$lib/metrics/catalogue';
import type { MetricResult } from '$lib/metrics/result';
import { NEEDS_WORKER_DETAIL } from '$lib/metrics/sources';
import { loadExtract } from '$lib/server/analytics/load/loader';
import { bankHolidays, realAuthorityNames, referenceDir } from '$lib/server/reference-data';
import { generateExtract } from '$lib/synthetic/generate';
import { askEngine, useScratchFolder } from '../fixtures/loaded';

const scratch = useScratchFolder('census-route');
const options = { authorities: 2, years: 3, seed: 'census-route', end: '2025-03-31' };
const LAS = ['X00000001', 'X00000002'];

/** Financial years, and the year to the last workforce census day before the extract date. */
const PERIODS = [
	{ from: '2022-04-01', to: '2023-03-31' },
	{ from: '2023-04-01', to: '2024-03-31' },
	{ from: '2024-04-01', to: '2025-03-31' },
	{ from: '2023-10-01', to: '2024-09-30', workforceCensusDay: true }
];

/**
 * Measures compared in a period. The workforce census has no qualification month or
 * accreditation (those measures need practitioners from HR), counts vacancies only on its day,
 * and names no worker who started after its latest day; so workforce measures are compared on
 * a census day only.
 */
function compared(period: (typeof PERIODS)[number]): string[] {
	return catalogue
		.filter((m) => !NEEDS_WORKER_DETAIL.has(m.id))
		.filter((m) => m.theme !== 'workforce' || period.workforceCensusDay)
		.map((m) => m.id);
}

let csv: string;
let xml: string;
let xmlDir: string;

beforeAll(async () => {
	const root = scratch();
	const build = async (format: 'csv' | 'xml') => {
		const out = path.join(root, format);
		await generateExtract({
			...options,
			out,
			format,
			bankHolidays: bankHolidays(),
			realNames: realAuthorityNames()
		});
		const dbPath = path.join(root, `${format}.duckdb`);
		await loadExtract({ dir: out, dbPath, referenceDir });
		return { out, dbPath };
	};
	csv = (await build('csv')).dbPath;
	const x = await build('xml');
	xml = x.dbPath;
	xmlDir = x.out;
}, 240_000);

const figures = (m: MetricResult) => [m.numerator, m.denominator, m.symbol];

describe('census returns and CSV of the same synthetic data', () => {
	it('writes census returns for what they carry, and CSV only for the rest', () => {
		const files = fs.readdirSync(xmlDir);
		for (const t of ['children', 'referrals', 'cp_plans', 'practitioners', 'vacancies'])
			expect(files).not.toContain(`${t}.csv`);
		for (const t of ['strategy_discussions', 'conference_attendance', 'allocations'])
			expect(files).toContain(`${t}.csv`);
		expect(files.filter((f) => /^cin-00[12]-\d{4}\.xml$/.test(f)).length).toBeGreaterThanOrEqual(8);
		expect(files.filter((f) => /^csww-00[12]-\d{4}\.xml$/.test(f)).length).toBeGreaterThanOrEqual(
			6
		);
	});

	it.each(LAS.flatMap((la) => PERIODS.map((p) => ({ la, ...p }))))(
		'$la, $from to $to: the same figures',
		async ({ la, from, to, workforceCensusDay }) => {
			const ask = (dbPath: string) =>
				askEngine(dbPath, {
					scope: { kind: 'la', la },
					viewer: { role: 'la_leader', las: [la] },
					from,
					to,
					breakdown: 'none'
				});
			const [a, b] = [await ask(csv), await ask(xml)];
			const ids = compared({ from, to, workforceCensusDay });
			const of = (r: typeof a) =>
				Object.fromEntries(
					r.metrics.filter((m) => ids.includes(m.id)).map((m) => [m.id, figures(m)])
				);
			expect(of(b)).toEqual(of(a));
			// What the workforce census cannot tell shows as not available, not as a zero.
			for (const id of NEEDS_WORKER_DETAIL) {
				expect(b.metrics.find((m) => m.id === id)!.symbol, id).toBe(':');
				expect(a.metrics.find((m) => m.id === id)!.symbol, id).toBeNull();
			}
			// Figures, not gaps: most measures have records in every year.
			expect(a.metrics.filter((m) => ids.includes(m.id) && m.denominator).length).toBeGreaterThan(
				ids.length / 2
			);
		}
	);
});

describe('the census returns written', () => {
	// The published schemas (2024 for the CIN census, 2022 for the workforce census), with one
	// change: NumberOfPreviousCPP is positiveInteger there, yet 0 (a first plan) is what DfE's
	// own validator accepts (its rule 8730 rejects only negatives) and what authorities send.
	const schema = (file: string) =>
		fs
			.readFileSync(path.resolve('tests/fixtures/census', file), 'utf8')
			.replace(
				'name="NumberOfPreviousCPP" type="xs:positiveInteger"',
				'name="NumberOfPreviousCPP" type="xs:nonNegativeInteger"'
			);
	it.each([
		['cin', 'liia-tools__CIN_schema_2024.xsd'],
		['csww', 'liia-tools__social_work_workforce_2022.xsd']
	])('%s returns are valid against %s', async (kind, xsd) => {
		const files = fs.readdirSync(xmlDir).filter((f) => f.startsWith(`${kind}-`));
		expect(files.length).toBeGreaterThan(0);
		const s = schema(xsd);
		for (const f of files) {
			const result = await validateXML({
				xml: [{ fileName: f, contents: fs.readFileSync(path.join(xmlDir, f), 'utf8') }],
				schema: [s],
				maxMemoryPages: 16_384
			});
			expect(
				result.errors.slice(0, 3).map((e) => e.rawMessage),
				f
			).toEqual([]);
		}
	});
});
