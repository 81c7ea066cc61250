// Census returns loaded through the real loader and engine: two years of hand-written Children in
// Need census returns (tests/fixtures/census-returns.ts) give the rows and figures worked out by
// hand below; the public sample returns give the problems they should; and what must never reach
// the database (UPNs, the authority's own child ids when a key is given) does not.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { withAnalytics } from '$lib/server/analytics/duckdb';
import { ExtractError, formatProblem } from '$lib/server/analytics/load/errors';
import {
	CIN_2022,
	CIN_2023,
	CITY_OF_LONDON,
	CSWW_2022,
	cinReturn,
	header
} from '../fixtures/census-returns';
import { templateCsv, templates } from '$lib/contract/templates';
import { askEngine, loadFiles, useScratchFolder } from '../fixtures/loaded';
import type { ExtractFolder } from '../fixtures/extract';

const scratch = useScratchFolder('census-import');
const samples = path.resolve('tests/fixtures/census');
const sample = (file: string) => fs.readFileSync(path.join(samples, file));

const returns: ExtractFolder = { 'cin-2022.xml': CIN_2022, 'cin-2023.xml': CIN_2023 };

// Real returns are loaded only with a key: every id is then its HMAC.
const key = Buffer.from('a census test key of enough length');
const hmac = (id: string) => crypto.createHmac('sha256', key).update(id).digest('hex');
const load = (files: ExtractFolder, dbPath?: string) =>
	loadFiles(scratch(), files, { pseudonymiseKey: key, dbPath });

/**
 * Expected rows with every id (a column named *_id) as the key makes it, in the order of
 * `orderBy` when given (as the query's ORDER BY of that id puts them).
 */
const hashIds = <T extends Record<string, unknown>>(rows: T[], orderBy?: keyof T): T[] =>
	sortBy(
		rows.map(
			(r) =>
				Object.fromEntries(
					Object.entries(r).map(([k, v]) => [
						k,
						k.endsWith('_id') && typeof v === 'string' ? hmac(v) : v
					])
				) as T
		),
		orderBy
	);

function sortBy<T>(rows: T[], column?: keyof T): T[] {
	if (column === undefined) return rows;
	return [...rows].sort((a, b) => String(a[column]).localeCompare(String(b[column])));
}

/** The problems a load of `files` is refused with, formatted as the command prints them. */
async function refusal(files: ExtractFolder): Promise<string[]> {
	const e = await load(files).catch((error: unknown) => error);
	if (!(e instanceof ExtractError)) throw new Error(`expected a refusal, got ${String(e)}`);
	return e.problems.map(formatProblem);
}

const query = (dbPath: string, sql: string) => withAnalytics((s) => s.query(sql), dbPath);

describe('two years of returns from one authority, without a manifest', () => {
	let dbPath: string;
	beforeAll(async () => {
		({ dbPath } = await load(returns));
	}, 60_000);

	it('covers the authority the returns name, as at the newer return', async () => {
		const meta = Object.fromEntries(
			(await query(dbPath, `SELECT key, value FROM meta`)).map((r) => [r.key, r.value])
		);
		expect(meta).toMatchObject({ extracted: '2023-03-31', synthetic: 'false' });
		expect(await query(dbPath, `SELECT DISTINCT la_code FROM referrals`)).toEqual([
			{ la_code: CITY_OF_LONDON }
		]);
	});

	it('reads every child once, the newer return winning, sex from GenderCurrent or Sex', async () => {
		expect(
			await query(
				dbPath,
				`SELECT child_id, sex, strftime(birth_month, '%Y-%m') AS birth_month, ethnicity, disability FROM children ORDER BY child_id`
			)
		).toEqual(
			hashIds(
				[
					{
						child_id: 'A1001',
						sex: 'F',
						birth_month: '2015-06',
						ethnicity: 'WBRI',
						disability: false
					},
					{ child_id: 'B2002', sex: 'U', birth_month: null, ethnicity: 'WIRI', disability: null },
					{
						child_id: 'C3003',
						sex: 'U',
						birth_month: '2010-02',
						ethnicity: 'AIND',
						disability: true
					},
					{
						child_id: 'D4004',
						sex: 'M',
						birth_month: '2019-09',
						ethnicity: 'BAFR',
						disability: false
					},
					{
						child_id: 'E5005',
						sex: 'F',
						birth_month: '2012-12',
						ethnicity: 'MWBC',
						disability: null
					}
				],
				'child_id'
			)
		);
	});

	it('gives each episode one referral with an id from the child and its date', async () => {
		expect(
			await query(
				dbPath,
				`SELECT referral_id, nfa, close_date, close_reason FROM referrals ORDER BY referral_id`
			)
		).toEqual(
			hashIds(
				[
					{
						referral_id: 'A1001/2021-05-04',
						nfa: false,
						close_date: '2022-09-30',
						close_reason: 'RC1'
					},
					{
						referral_id: 'B2002/2021-11-01',
						nfa: true,
						close_date: '2021-11-01',
						close_reason: 'RC8'
					},
					{
						referral_id: 'C3003/2022-01-10',
						nfa: false,
						close_date: '2022-03-28',
						close_reason: 'RC2'
					},
					{ referral_id: 'D4004/2022-06-01', nfa: false, close_date: null, close_reason: null },
					{ referral_id: 'E5005/2022-10-03', nfa: false, close_date: null, close_reason: null }
				],
				'referral_id'
			)
		);
	});

	it('keeps assessments and enquiries reported only in the older return', async () => {
		expect(
			await query(
				dbPath,
				`SELECT assessment_id, referral_id, authorised_date, factors FROM assessments ORDER BY assessment_id`
			)
		).toEqual(
			hashIds(
				[
					{
						assessment_id: 'A1001/A/2021-05-05',
						referral_id: 'A1001/2021-05-04',
						authorised_date: '2021-06-10',
						factors: ['2B', '3A']
					},
					{
						assessment_id: 'C3003/A/2022-01-11',
						referral_id: 'C3003/2022-01-10',
						authorised_date: '2022-03-25',
						factors: []
					},
					{
						assessment_id: 'E5005/A/2022-10-04',
						referral_id: 'E5005/2022-10-03',
						authorised_date: null,
						factors: []
					}
				],
				'assessment_id'
			)
		);
		expect(
			await query(
				dbPath,
				`SELECT s47_id, strategy_id, end_date, outcome FROM s47_enquiries ORDER BY s47_id`
			)
		).toEqual(
			hashIds(
				[
					{ s47_id: 'A1001/S47/2021-05-10', strategy_id: null, end_date: null, outcome: 'icpc' },
					{ s47_id: 'C3003/S47/2022-01-12', strategy_id: null, end_date: null, outcome: 'other' },
					{ s47_id: 'E5005/S47/2022-10-04', strategy_id: null, end_date: null, outcome: 'icpc' }
				],
				's47_id'
			)
		);
	});

	it('finds initial conferences in both places and every review date of every Reviews block', async () => {
		expect(
			await query(
				dbPath,
				`SELECT conference_id, type, s47_id, plan_id, outcome, transfer_in FROM conferences ORDER BY date`
			)
		).toEqual(
			hashIds([
				{
					conference_id: 'A1001/ICPC/2021-05-27',
					type: 'initial',
					s47_id: 'A1001/S47/2021-05-10',
					plan_id: 'A1001/CPP/2021-05-27',
					outcome: 'plan',
					transfer_in: false
				},
				...['2021-08-19', '2022-02-10'].map((d) => ({
					conference_id: `A1001/RCPC/${d}`,
					type: 'review',
					s47_id: null,
					plan_id: 'A1001/CPP/2021-05-27',
					outcome: 'continue',
					transfer_in: false
				})),
				{
					conference_id: 'D4004/ICPC/2022-06-15',
					type: 'initial',
					s47_id: null,
					plan_id: 'D4004/CPP/2022-06-15',
					outcome: 'plan',
					transfer_in: true
				},
				{
					conference_id: 'A1001/RCPC/2022-08-01',
					type: 'review',
					s47_id: null,
					plan_id: 'A1001/CPP/2021-05-27',
					outcome: 'end',
					transfer_in: false
				},
				{
					conference_id: 'E5005/ICPC/2022-10-27',
					type: 'initial',
					s47_id: 'E5005/S47/2022-10-04',
					plan_id: null,
					outcome: 'no_plan',
					transfer_in: false
				}
			])
		);
	});

	it('takes each plan from the newest return that reports it', async () => {
		expect(
			await query(
				dbPath,
				`SELECT plan_id, end_date, initial_category, latest_category, previous_plans, end_reason FROM cp_plans ORDER BY plan_id`
			)
		).toEqual(
			hashIds(
				[
					{
						plan_id: 'A1001/CPP/2021-05-27',
						end_date: '2022-08-01',
						initial_category: 'NEG',
						latest_category: 'EMO',
						previous_plans: 0,
						end_reason: null
					},
					{
						plan_id: 'D4004/CPP/2022-06-15',
						end_date: null,
						initial_category: 'PHY',
						latest_category: 'MUL',
						previous_plans: 1,
						end_reason: null
					}
				],
				'plan_id'
			)
		);
	});

	it('writes no UPN anywhere', async () => {
		const bytes = fs.readFileSync(dbPath);
		for (const upn of ['A123456789012', 'B987654321098'])
			expect(bytes.includes(Buffer.from(upn))).toBe(false);
	});

	// Worked by hand in the fixture's dates; working days skip weekends and bank holidays
	// (31 May 2021 among them).
	const figures: [string, string, number, number, string][] = [
		['2021-22', 'cin_referrals', 3, 0, 'A1001 B2002 C3003'],
		['2021-22', 'referral_nfa', 1, 3, 'B2002 (ReferralNFA 1)'],
		['2021-22', 'rereferral_12m', 0, 3, 'no child referred twice'],
		[
			'2021-22',
			'assessment_45wd',
			1,
			2,
			'A1001 authorised on working day 26 after referral; C3003 on day 54'
		],
		['2021-22', 's47_to_icpc', 1, 2, 'A1001 had a conference, C3003 needed none'],
		['2021-22', 'icpc_to_plan', 1, 1, 'A1001 plan started on the conference day'],
		['2021-22', 'icpc_15wd', 1, 1, 'A1001: 13 working days from 10 to 27 May 2021'],
		['2021-22', 'review_on_time', 2, 2, 'A1001 reviews 19 Aug 2021 (due 27 Aug), 10 Feb 2022'],
		['2021-22', 'repeat_plan', 0, 1, 'A1001 no previous plan'],
		['2022-23', 'cin_referrals', 2, 0, 'D4004 E5005'],
		['2022-23', 'icpc_to_plan', 1, 2, 'D4004 plan; E5005 no plan'],
		['2022-23', 'icpc_15wd', 0, 1, 'E5005 17 working days; D4004 moving in, left out'],
		['2022-23', 'review_on_time', 1, 1, 'A1001 1 Aug 2022, due 10 Aug'],
		['2022-23', 'repeat_plan', 1, 1, 'D4004 one previous plan'],
		['2022-23', 'plans_short', 0, 1, 'A1001 lasted 14 months'],
		['2022-23', 'plans_2y', 0, 1, 'A1001 lasted 14 months']
	];
	it.each(figures)('%s %s: %i of %i (%s)', async (year, id, numerator, denominator) => {
		const start = Number(year.slice(0, 4));
		const r = await askEngine(dbPath, {
			ids: [id],
			scope: { kind: 'la', la: CITY_OF_LONDON },
			viewer: { role: 'la_leader', las: [CITY_OF_LONDON] },
			from: `${start}-04-01`,
			to: `${start + 1}-03-31`,
			breakdown: 'none'
		});
		const m = r.metrics[0]!;
		expect([m.numerator, m.denominator ?? 0]).toEqual([numerator, denominator]);
	});

	it('shows the metrics the census cannot feed as not available', async () => {
		const r = await askEngine(dbPath, {
			scope: { kind: 'la', la: CITY_OF_LONDON },
			viewer: { role: 'la_leader', las: [CITY_OF_LONDON] },
			from: '2022-04-01',
			to: '2023-03-31',
			breakdown: 'none'
		});
		const symbol = new Map(r.metrics.map((m) => [m.id, m.symbol]));
		for (const id of ['strategy_core_attendance', 'visits_10wd', 'turnover_rate', 'audits_good'])
			expect(symbol.get(id), id).toBe(':');
		for (const id of ['cin_referrals', 'icpc_to_plan', 'repeat_plan'])
			expect(symbol.get(id), id).toBeNull();
	});
});

describe('a workforce census return beside the Children in Need census', () => {
	let dbPath: string;
	beforeAll(async () => {
		({ dbPath } = await load({ ...returns, 'csww-2022.xml': CSWW_2022 }));
	}, 60_000);

	it('reads each worker as a social care practitioner, and the vacancies on the census day', async () => {
		expect(
			await query(
				dbPath,
				`SELECT worker_id, agency, role, team, qualified_month, start_date, end_date, fte, agency_worker, cp_specialist FROM practitioners ORDER BY worker_id`
			)
		).toEqual(
			hashIds(
				[
					['SW1001', '1', '2018-04-01', null, 1, false],
					['SW1002', '5', '2022-01-10', null, 0.5, true],
					['SW1003', '5', '2019-09-01', '2022-06-30', 0.8, false],
					['SW1004', '6', '2021-02-01', null, 0.7, false]
				].map(([worker_id, role, start_date, end_date, fte, agency_worker]) => ({
					worker_id,
					agency: 'social_care',
					role,
					team: null,
					qualified_month: null,
					start_date,
					end_date,
					fte,
					agency_worker,
					cp_specialist: null
				})),
				'worker_id'
			)
		);
		expect(await query(dbPath, `SELECT snapshot_date, agency, vacant_fte FROM vacancies`)).toEqual([
			{ snapshot_date: '2022-09-30', agency: 'social_care', vacant_fte: 2.5 }
		]);
	});

	it('never reads workers’ dates of birth', async () => {
		expect(fs.readFileSync(dbPath).includes(Buffer.from('1980-01-01'))).toBe(false);
	});

	// On 30 September 2022: SW1001 (1.0), SW1002 (0.5, agency) and SW1004 (0.7) in post; SW1003
	// (0.8) left on 30 June.
	it.each([
		['agency_rate', 0.5, 2.2, 'SW1002 of all three in post'],
		['turnover_rate', 0.8, 1.7, 'SW1003 of SW1001 and SW1004'],
		['vacancy_rate', 2.5, 4.7, '2.5 vacant of 2.5 + 2.2']
	])('%s: %d of %d (%s)', async (id, numerator, denominator) => {
		const r = await askEngine(dbPath, {
			ids: [id],
			scope: { kind: 'la', la: CITY_OF_LONDON },
			viewer: { role: 'la_leader', las: [CITY_OF_LONDON] },
			from: '2022-04-01',
			to: '2022-09-30',
			breakdown: 'none'
		});
		const m = r.metrics[0]!;
		expect(m.numerator).toBeCloseTo(numerator, 10);
		expect(m.denominator).toBeCloseTo(denominator, 10);
	});
});

describe('returns beside the templates of the authority’s own tables', () => {
	const manifest = JSON.stringify({
		contract: 'cp-oversight/1',
		extracted: '2023-03-31',
		la_codes: [CITY_OF_LONDON]
	});
	const ownTables = (except: string[] = []) =>
		Object.fromEntries(
			templates
				.filter((t) => !except.includes(t.table))
				.map((t) => [`${t.table}.csv`, templateCsv(t)])
		);

	it('load together, the templates naming census records as the import does', async () => {
		const { dbPath, summary } = await load({
			...returns,
			...ownTables(),
			'manifest.json': manifest
		});
		for (const t of templates) expect(summary.rows[t.table], t.table).toBe(1);
		// The enquiry from the census is linked to the discussion on its start day.
		expect(
			await query(dbPath, `SELECT s47_id, strategy_id FROM s47_enquiries ORDER BY s47_id`)
		).toEqual(
			hashIds(
				[
					{ s47_id: 'A1001/S47/2021-05-10', strategy_id: 'SD-20210510-1' },
					{ s47_id: 'C3003/S47/2022-01-12', strategy_id: null },
					{ s47_id: 'E5005/S47/2022-10-04', strategy_id: null }
				],
				's47_id'
			)
		);
		const r = await askEngine(dbPath, {
			ids: ['s47_without_strategy'],
			scope: { kind: 'la', la: CITY_OF_LONDON },
			viewer: { role: 'la_leader', las: [CITY_OF_LONDON] },
			from: '2021-04-01',
			to: '2022-03-31',
			breakdown: 'none'
		});
		// A1001's enquiry followed a discussion; C3003's followed none recorded.
		expect([r.metrics[0]!.numerator, r.metrics[0]!.denominator]).toEqual([1, 2]);
	});

	it('load with the workforce census in place of the practitioners and vacancies templates', async () => {
		const { summary } = await load({
			...returns,
			'csww-2022.xml': CSWW_2022,
			...ownTables(['practitioners', 'vacancies']),
			'manifest.json': manifest
		});
		expect([summary.rows.practitioners, summary.rows.allocations]).toEqual([4, 1]);
	});

	it('need a manifest to say what they cover', async () => {
		expect(await refusal({ ...returns, ...ownTables() })).toEqual([
			'manifest.json: expected a manifest.json in the extract folder'
		]);
	});
});

describe('the ids of real returns', () => {
	it('are loaded only with a key', async () => {
		const e = await loadFiles(scratch(), returns).catch((x: unknown) => x);
		expect(e).toBeInstanceOf(ExtractError);
		expect((e as ExtractError).problems.map(formatProblem)).toEqual([
			"cin-2022.xml: expected a key to pseudonymise with (npm run load -- DIR --pseudonymise KEYFILE): census returns carry the authority's case numbers and workers' Social Work England numbers"
		]);
	});

	it('never reach the database, nor ids made from them', async () => {
		const { dbPath } = await load({ ...returns, 'csww-2022.xml': CSWW_2022 });
		const bytes = fs.readFileSync(dbPath);
		for (const id of ['A1001', 'B2002', 'C3003', 'D4004', 'E5005', 'SW1001', 'SW1004'])
			expect(bytes.includes(Buffer.from(id)), id).toBe(false);
	});
});

describe('hostile returns', () => {
	const laughs = `<?xml version="1.0"?>
<!DOCTYPE Message [<!ENTITY a "ha"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>
<Message><Header><CollectionDetails><Collection>&b;</Collection></CollectionDetails></Header></Message>`;
	const external = `<?xml version="1.0"?>
<!DOCTYPE Message [<!ENTITY x SYSTEM "file:///etc/passwd">]>
<Message>&x;</Message>`;
	const deep = `<Message>${'<Children>'.repeat(40)}${'</Children>'.repeat(40)}</Message>`;
	it.each([
		['entity expansion', laughs, 'cin.xml, line 2: expected no DOCTYPE'],
		['an external entity', external, 'cin.xml, line 2: expected no DOCTYPE'],
		['deep nesting', deep, 'cin.xml, line 1, element Message/'],
		[
			'another encoding',
			'<?xml version="1.0" encoding="ISO-8859-1"?><Message/>',
			'cin.xml, line 1'
		],
		['a truncated file', CIN_2023.slice(0, 2000), 'cin.xml, line ']
	])('%s is refused and the database in service is left as it was', async (_, xml, start) => {
		const { dbPath } = await load(returns);
		const before = fs.readFileSync(dbPath);
		const e = await load({ 'cin.xml': xml }, dbPath).catch((x: unknown) => x);
		expect(e).toBeInstanceOf(ExtractError);
		expect(formatProblem((e as ExtractError).problems[0]!).startsWith(start)).toBe(true);
		expect(fs.readFileSync(dbPath).equals(before)).toBe(true);
	});
});

describe('returns refused, each problem at its return, line and element', () => {
	it('the liia 2022 sample: events from 1970, before any the contract takes', async () => {
		expect(await refusal({ 'cin-2022.xml': sample('liia-tools__cin-2022.xml') })).toEqual([
			'cin-2022.xml, line 37, element Message/Children/Child/CINdetails/CINreferralDate: value "1970-10-06": expected a date from 2000-01-01 to the extract date',
			'cin-2022.xml, line 40, element Message/Children/Child/CINdetails/CINclosureDate: value "1971-02-27": expected a date from 2000-01-01 to the extract date',
			'cin-2022.xml, line 42, element Message/Children/Child/CINdetails/DateOfInitialCPC: value "1970-12-06": expected a date from 2000-01-01 to the extract date',
			'cin-2022.xml, line 44, element Message/Children/Child/CINdetails/Assessments/AssessmentActualStartDate: value "1970-06-03": expected a date from 2000-01-01 to the extract date',
			'cin-2022.xml, line 46, element Message/Children/Child/CINdetails/Assessments/AssessmentAuthorisationDate: value "1971-07-18": expected a date from 2000-01-01 to the extract date',
			'cin-2022.xml, line 57, element Message/Children/Child/CINdetails/Section47/S47ActualStartDate: value "1970-06-02": expected a date from 2000-01-01 to the extract date',
			'cin-2022.xml, line 59, element Message/Children/Child/CINdetails/Section47/DateOfInitialCPC: value "1970-06-17": expected a date from 2000-01-01 to the extract date',
			'cin-2022.xml, line 64, element Message/Children/Child/CINdetails/ChildProtectionPlans/CPPstartDate: value "1970-02-17": expected a date from 2000-01-01 to the extract date',
			'cin-2022.xml, line 65, element Message/Children/Child/CINdetails/ChildProtectionPlans/CPPendDate: value "1971-03-14": expected a date from 2000-01-01 to the extract date',
			'cin-2022.xml, line 70, element Message/Children/Child/CINdetails/ChildProtectionPlans/Reviews/CPPreviewDate: value "1971-02-15": expected a date from 2000-01-01 to the extract date'
		]);
	});

	it('the d2i 2024 sample: a Sex of 1, a factor RB, an assessment in 2028', async () => {
		const problems = await refusal({ 'cin.xml': sample('d2i-validator__CIN_Census_2024.xml') });
		expect(problems.slice(0, 4)).toEqual([
			'cin.xml, line 25, element Message/Children/Child/ChildIdentifiers/Sex: value "1": expected one of M, F, U',
			'cin.xml, line 42, element Message/Children/Child/CINdetails/Assessments/AssessmentActualStartDate: value "2028-04-28": expected a date from 2000-01-01 to the extract date',
			'cin.xml, line 43, element Message/Children/Child/CINdetails/Assessments/AssessmentAuthorisationDate: value "2020-09-19": expected a date on or after start_date',
			expect.stringMatching(
				/^cin\.xml, line 45, element Message\/Children\/Child\/CINdetails\/Assessments\/FactorsIdentifiedAtAssessment\/AssessmentFactors: value "1C;RB;6B": expected codes separated by ';'/
			)
		]);
	});

	it('the d2i fake data: an authority code no English authority has', async () => {
		expect(await refusal({ 'cin.xml': sample('d2i-validator__fake_CIN_data.xml') })).toEqual([
			`cin.xml, line 10, element Message/Header/Source/LEA: value "975": expected the DfE code of an English authority (as in DfE's published statistics)`
		]);
	});

	it('a table both in the returns and as a CSV', async () => {
		expect(
			await refusal({
				...returns,
				'manifest.json': JSON.stringify({
					contract: 'cp-oversight/1',
					extracted: '2023-03-31',
					la_codes: [CITY_OF_LONDON]
				}),
				'referrals.csv':
					'referral_id,child_id,la_code,referral_date,source,primary_need,nfa,close_date,close_reason\n'
			})
		).toEqual([
			'referrals.csv: expected referrals either from the census returns or from this file, not both'
		]);
	});

	it('two returns for the same authority and year', async () => {
		expect(await refusal({ ...returns, 'again.xml': CIN_2023 })).toEqual([
			'cin-2023.xml, line 11, element Message/Header/Source/LEA: value "201": expected one Children in Need census return per authority for 2023 (again.xml is this authority\'s too)'
		]);
	});

	it('a return that is not a census return', async () => {
		expect(await refusal({ 'notes.xml': '<Notes><Note>hello</Note></Notes>' })).toEqual([
			'notes.xml: expected a Children in Need census or workforce census return (its Message/Header/CollectionDetails/Collection says CIN or CSWW)'
		]);
	});

	it('a return dated after the manifest’s extract date', async () => {
		const manifest = JSON.stringify({
			contract: 'cp-oversight/1',
			extracted: '2022-12-31',
			la_codes: [CITY_OF_LONDON]
		});
		expect(await refusal({ ...returns, 'manifest.json': manifest })).toEqual([
			'cin-2023.xml, line 7, element Message/Header/CollectionDetails/ReferenceDate: value "2023-03-31": expected a return as at a day on or before the extract date, 2022-12-31'
		]);
	});

	it('the same plan twice in one return', async () => {
		const plan = `
				<ChildProtectionPlans>
					<CPPstartDate>2021-06-01</CPPstartDate>
					<InitialCategoryOfAbuse>NEG</InitialCategoryOfAbuse>
					<LatestCategoryOfAbuse>NEG</LatestCategoryOfAbuse>
					<NumberOfPreviousCPP>0</NumberOfPreviousCPP>
				</ChildProtectionPlans>`;
		const xml = cinReturn(
			header(2022),
			`
		<Child>
			<ChildIdentifiers><LAchildID>K1</LAchildID><GenderCurrent>1</GenderCurrent></ChildIdentifiers>
			<ChildCharacteristics><Ethnicity>WBRI</Ethnicity></ChildCharacteristics>
			<CINdetails>
				<CINreferralDate>2021-05-04</CINreferralDate>
				<ReferralSource>5A</ReferralSource>
				<PrimaryNeedCode>N1</PrimaryNeedCode>
				<ReferralNFA>false</ReferralNFA>${plan}${plan}
			</CINdetails>
		</Child>`
		);
		const problems = await refusal({ 'cin.xml': xml });
		// Line 34 is the second plan's start date.
		expect(problems).toEqual([
			'cin.xml, line 34, element Message/Children/Child/CINdetails/ChildProtectionPlans/CPPstartDate: value "K1/CPP/2021-06-01": expected a unique plan_id within the authority (this one appears earlier in the file)'
		]);
	});
});
