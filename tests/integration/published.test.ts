// DfE's published statistics, the real files shipped in data/published, read into the
// published-figures store: England, the North East and named authorities, for 2025 and an
// earlier year, each figure the file's own value (looked up in the file by hand), for twelve
// measures, with DfE's symbols kept as symbols; joint and reorganised authorities; both
// statistical neighbour models. Then hostile files, each refused with the file, line and column
// named, and the store in service left byte for byte as it was.
import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { withAnalytics } from '$lib/server/analytics/duckdb';
import { ExtractError, formatProblem } from '$lib/server/analytics/load/errors';
import { publishedMetrics } from '$lib/server/published/answer';
import { PictureRequestError, publishedPicture } from '$lib/server/published/picture';
import { loadPublished } from '$lib/server/published/store';
import { referenceDir } from '$lib/server/reference-data';
import { useScratchFolder } from '../fixtures/loaded';

const shipped = path.resolve('data/published');
const scratch = useScratchFolder('published');

let root: string;
let store: string;

const load = (dir: string, dbPath = store) =>
	loadPublished({ dir, dbPath, referenceDir, loadedBy: 'test' });

beforeAll(async () => {
	root = scratch();
	store = path.join(root, 'published.duckdb');
	await load(shipped);
}, 60_000);

interface Row {
	value: number | null;
	symbol: string | null;
	numerator: number | null;
	denominator: number | null;
	joint: string | null;
	current: boolean;
	region_code: string | null;
	level: string;
}

async function figure(measure: string, year: number, area: string): Promise<Row> {
	const rows = (await withAnalytics(
		(s) =>
			s.query(
				`SELECT value, symbol, numerator, denominator, joint, current, region_code, level
				FROM published_figures WHERE measure = $measure AND year = $year AND area_code = $area`,
				{ measure, year, area }
			),
		store
	)) as unknown as Row[];
	expect(rows, `${measure} ${year} ${area}`).toHaveLength(1);
	return rows[0]!;
}

const ENGLAND = 'E92000001';
const NORTH_EAST = 'E12000001';
const DURHAM = 'E06000047';
const CAMDEN = 'E09000007';
const KINGSTON = 'E09000021';
const RICHMOND = 'E09000027';

describe('the real published files', () => {
	it('give England’s figures as DfE published them, 2025 and 2019', async () => {
		expect((await figure('cin_referrals', 2025, ENGLAND)).value).toBe(632830);
		expect((await figure('rereferral_12m', 2025, ENGLAND)).value).toBe(22.6);
		expect((await figure('referral_nfa', 2025, ENGLAND)).value).toBe(6.5);
		expect((await figure('repeat_plan', 2025, ENGLAND)).value).toBe(24.5);
		expect((await figure('plans_open_2y', 2025, ENGLAND)).value).toBe(2.3);
		expect((await figure('turnover_rate', 2025, ENGLAND)).value).toBe(11.8);
		expect((await figure('agency_rate', 2025, ENGLAND)).value).toBe(13);
		expect((await figure('vacancy_rate', 2025, ENGLAND)).value).toBe(14.2);
		expect((await figure('caseload_avg', 2025, ENGLAND)).value).toBe(15.2);
		// 49,420 plans on 31 March 2025 over 12,183,016 children (mid-2024): 40.56 per 10,000.
		expect((await figure('cp_plan_rate', 2025, ENGLAND)).value).toBeCloseTo(40.565, 3);
		// B1: 402,400 children in need on 31 March 2025 over the same children: 330.30 per 10,000.
		expect((await figure('cin_rate', 2025, ENGLAND)).value).toBeCloseTo(330.296, 3);
		expect((await figure('cin_referrals', 2019, ENGLAND)).value).toBe(650930);
		expect((await figure('turnover_rate', 2019, ENGLAND)).value).toBe(15);
	});

	it('give a region’s, and keep Inner and Outer London apart from the regions', async () => {
		expect((await figure('cin_referrals', 2025, NORTH_EAST)).value).toBe(32490);
		expect((await figure('rereferral_12m', 2025, NORTH_EAST)).value).toBe(20.7);
		expect((await figure('repeat_plan', 2019, NORTH_EAST)).value).toBe(21.8);
		expect((await figure('turnover_rate', 2025, NORTH_EAST)).value).toBe(11.7);
		const levels = await withAnalytics(
			(s) =>
				s.query(
					`SELECT level, count(*) AS n FROM published_figures
					WHERE measure = 'cin_referrals' AND year = 2025 GROUP BY level ORDER BY level`
				),
			store
		);
		expect(levels).toEqual([
			{ level: 'england', n: 1 },
			{ level: 'la', n: 153 },
			{ level: 'london', n: 2 },
			{ level: 'region', n: 9 }
		]);
	});

	it('give County Durham’s, with rates worked out from the population of the year before', async () => {
		expect((await figure('cin_referrals', 2025, DURHAM)).value).toBe(5378);
		const rereferral = await figure('rereferral_12m', 2025, DURHAM);
		expect([rereferral.value, rereferral.numerator, rereferral.denominator]).toEqual([
			18.7, 1003, 5378
		]);
		expect((await figure('referral_nfa', 2025, DURHAM)).value).toBe(0);
		expect((await figure('repeat_plan', 2025, DURHAM)).value).toBe(21.2);
		// Suppressed by DfE: a symbol, never 0.
		expect(await figure('plans_open_2y', 2025, DURHAM)).toMatchObject({ value: null, symbol: 'c' });
		// 489 plans over 100,432 children: 48.69 per 10,000; 5,378 referrals: 535.49.
		expect((await figure('cp_plan_rate', 2025, DURHAM)).value).toBeCloseTo(48.6897, 3);
		expect((await figure('referral_rate', 2025, DURHAM)).value).toBeCloseTo(535.487, 2);
		// 2019's rate over the mid-2018 estimate: 403 over 98,914.
		expect((await figure('cp_plan_rate', 2019, DURHAM)).value).toBeCloseTo(40.7424, 3);
		expect((await figure('cin_referrals', 2019, DURHAM)).value).toBe(6604);
		const agency = await figure('agency_rate', 2025, DURHAM);
		expect([agency.value, agency.numerator, agency.denominator]).toEqual([8, 35.2, 35.2 + 403.7]);
		expect((await figure('caseload_avg', 2025, DURHAM)).value).toBe(16.6);
	});

	it('put a London authority in London, whichever part of it the file names', async () => {
		const camden = await figure('cin_referrals', 2025, CAMDEN);
		expect([camden.value, camden.region_code, camden.level]).toEqual([2086, 'E12000007', 'la']);
		expect((await figure('rereferral_12m', 2019, CAMDEN)).value).toBe(9.5);
		expect((await figure('turnover_rate', 2025, CAMDEN)).value).toBe(19.5);
	});

	it('give a joint workforce return to both its authorities, saying so', async () => {
		for (const la of [KINGSTON, RICHMOND]) {
			const f = await figure('turnover_rate', 2025, la);
			expect([f.value, f.joint]).toEqual([28, 'E09000021 / E09000027']);
		}
		expect((await figure('turnover_rate', 2019, KINGSTON)).value).toBe(16.9);
		// Its children in need figures are its own.
		const cin = await figure('cin_referrals', 2025, KINGSTON);
		expect([cin.value, cin.joint]).toEqual([1640, null]);
	});

	it('keep u and low as DfE’s symbols', async () => {
		expect(await figure('rereferral_12m', 2024, 'E10000014')).toMatchObject({
			value: null,
			symbol: 'u'
		});
		// Sunderland's agency workers round to nothing but are not none.
		expect(await figure('agency_rate', 2025, 'E08000024')).toMatchObject({
			value: null,
			symbol: 'low'
		});
		expect(await figure('referral_nfa', 2025, 'E08000022')).toMatchObject({
			value: null,
			symbol: 'c'
		});
	});

	it('follow an authority through a change of GSS code by its DfE code, and keep one since abolished', async () => {
		// North Yorkshire (815) became a unitary authority in 2023 with a new GSS code.
		const nyCodes = await withAnalytics(
			(s) =>
				s.query(
					`SELECT DISTINCT area_code FROM published_figures WHERE area_name = 'North Yorkshire'`
				),
			store
		);
		expect(nyCodes).toEqual([{ area_code: 'E06000065' }]);
		const northants = await figure('cin_referrals', 2019, 'E10000021');
		expect(northants.current).toBe(false);
	});

	it('read both statistical neighbour models', async () => {
		const first = (model: string, dfe: string) =>
			withAnalytics(
				(s) =>
					s.query(
						`SELECT la_code, neighbour_dfe, neighbour_code, closeness FROM published_neighbours
						WHERE model = $model AND dfe_code = $dfe AND rank = 1`,
						{ model, dfe }
					),
				store
			);
		expect(await first('2025', '301')).toEqual([
			{
				la_code: 'E09000002',
				neighbour_dfe: '308',
				neighbour_code: 'E09000010',
				closeness: 'Close'
			}
		]);
		expect(await first('2021', '202')).toEqual([
			{
				la_code: 'E09000007',
				neighbour_dfe: '213',
				neighbour_code: 'E09000033',
				closeness: 'Very Close'
			}
		]);
		const counts = await withAnalytics(
			(s) =>
				s.query(
					`SELECT model, count(DISTINCT dfe_code) AS authorities, count(*) AS rows
					FROM published_neighbours GROUP BY model ORDER BY model`
				),
			store
		);
		// The 2021 model: 152 authorities after the reorganisation of April 2021, and the four it
		// replaced (old Dorset, Poole, Bournemouth, Northamptonshire), listed after them.
		expect(counts).toEqual([
			{ model: '2021', authorities: 156, rows: 1560 },
			{ model: '2025', authorities: 153, rows: 1530 }
		]);
		expect(await first('2021', '928')).toEqual([
			{ la_code: null, neighbour_dfe: '886', neighbour_code: 'E10000016', closeness: 'Very Close' }
		]);
	});
});

describe('published figures in the engine’s shape', () => {
	it('give an authority’s financial year: the children in need year ending that March, the workforce the September inside it', async () => {
		const r = await withAnalytics(
			(s) =>
				publishedMetrics(s, {
					scope: { kind: 'la', la: DURHAM },
					from: '2024-04-01',
					to: '2025-03-31'
				}),
			store
		);
		expect(r.scope).toEqual({ kind: 'la', code: DURHAM, name: 'County Durham' });
		const byId = new Map(r.metrics.map((m) => [m.id, m]));
		expect(byId.get('cin_referrals')).toMatchObject({
			value: 5378,
			symbol: null,
			source: 'DfE, year ending 31 March 2025'
		});
		expect(byId.get('plans_open_2y')).toMatchObject({ value: null, symbol: 'c' });
		// The workforce census of 30 September 2024: 40.2 leavers over 362.8 FTE, 11.1%.
		expect(byId.get('turnover_rate')).toMatchObject({
			value: 11.1,
			numerator: 40.2,
			denominator: 362.8,
			source: 'DfE, at 30 September 2024'
		});
		// A measure whose release file was not loaded is there, not available: never 0.
		expect(byId.get('icpc_15wd')).toMatchObject({ value: null, symbol: 'x' });
		expect(r.metrics.filter((m) => m.symbol !== 'x')).toHaveLength(12);
	});

	it('give England and a region, and refuse a period that is not a financial year', async () => {
		const england = await withAnalytics(
			(s) =>
				publishedMetrics(s, {
					scope: { kind: 'england' },
					from: '2018-04-01',
					to: '2019-03-31',
					ids: ['cin_referrals']
				}),
			store
		);
		expect(england.metrics.map((m) => m.value)).toEqual([650930]);
		const region = await withAnalytics(
			(s) =>
				publishedMetrics(s, {
					scope: { kind: 'region', region: NORTH_EAST },
					from: '2024-04-01',
					to: '2025-03-31',
					ids: ['rereferral_12m']
				}),
			store
		);
		expect(region.metrics[0]!.value).toBe(20.7);
		await expect(
			withAnalytics(
				(s) =>
					publishedMetrics(s, {
						scope: { kind: 'england' },
						from: '2024-01-01',
						to: '2024-12-31'
					}),
				store
			)
		).rejects.toThrow(/ask for a financial year/);
	});
});

describe('the national picture', () => {
	it('gives an authority’s trend beside London’s and England’s, its neighbours and its rank', async () => {
		const p = await withAnalytics(
			(s) => publishedPicture(s, { measure: 'rereferral_12m', area: CAMDEN, year: '2025' }),
			store
		);
		expect(p.trends.map((t) => t.area.name)).toEqual(['Camden', 'London', 'England']);
		expect(p.trends[0]!.rows.map((r) => r.year)).toEqual(
			Array.from({ length: 13 }, (_, i) => 2013 + i)
		);
		expect(p.yearLabel).toBe('year ending 31 March 2025');
		// Camden's ten neighbours in DfE's 2025 model, looked up by hand: Islington 16.8,
		// Westminster 18.6, Hammersmith and Fulham 15.3, Southwark 17, Lambeth 21.3, Kensington and
		// Chelsea 21, Lewisham 20.9, Haringey 18.7, Hackney 19.9, Barnet 14.8: median 18.65.
		expect(p.neighbours).toEqual({ median: 18.65, published: 10, of: 10 });
		const camden = p.authorities.find((a) => a.self)!;
		// 51 authorities had fewer re-referrals than Camden's 18.3% (lower is better).
		expect([camden.value, camden.rank, p.ranked, p.authorities.length]).toEqual([
			18.3, 52, 153, 153
		]);
		expect(p.authorities.filter((a) => a.neighbour !== null)).toHaveLength(10);
		// A percentage of counted referrals: a funnel around England's 22.6%, Camden's 18.3% of
		// 2,086 referrals below the lower 99.8% limit there (about 19.8%).
		expect(p.funnel!.centre).toBe(22.6);
		const self = p.funnel!.points.find((x) => x.self)!;
		expect([self.value, self.denominator, self.position]).toEqual([18.3, 2086, 'below_998']);
		expect(p.funnel!.points).toHaveLength(153);
	});

	it('draws no funnel for a rate per 10,000 or a workforce measure', async () => {
		for (const measure of ['cp_plan_rate', 'turnover_rate'])
			expect(
				(await withAnalytics((s) => publishedPicture(s, { measure }), store)).funnel
			).toBeNull();
	});

	it('counts a joint return once when ranking', async () => {
		const p = await withAnalytics(
			(s) => publishedPicture(s, { measure: 'turnover_rate', area: KINGSTON, year: '2025' }),
			store
		);
		const joint = p.authorities.filter((a) => a.joint === 'E09000021 / E09000027');
		expect(joint.map((a) => a.name).sort()).toEqual([
			'Kingston upon Thames',
			'Richmond upon Thames'
		]);
		// 2025 has two joint returns (Kingston with Richmond, North with West Northamptonshire):
		// four authorities with a figure, two figures ranked.
		const withValue = p.authorities.filter((a) => a.value !== null).length;
		expect(p.ranked).toBe(withValue - 2);
	});

	it('refuses a measure, area or year the statistics do not hold', async () => {
		await expect(
			withAnalytics((s) => publishedPicture(s, { measure: 'icpc_15wd' }), store)
		).rejects.toThrow(/comes from DfE's C4 file, which has not been loaded/);
		for (const asked of [{ measure: 'nothing' }, { area: 'E99999999' }, { year: '1999' }])
			await expect(withAnalytics((s) => publishedPicture(s, asked), store)).rejects.toBeInstanceOf(
				PictureRequestError
			);
	});
});

describe('the release files described but not shipped (C2, C4, D1, D7)', () => {
	// Files made by hand with the columns DfE's data catalogue gives for each release, beside the
	// shipped ones: County Durham's and England's 2025 figures, worked out by hand below.
	const GEO =
		'time_period,time_identifier,geographic_level,country_code,country_name,region_code,region_name,old_la_code,new_la_code,la_name,category';
	const england = '2025,Reporting year,National,E92000001,England,,,,,';
	const durham =
		'2025,Reporting year,Local authority,E92000001,England,E12000001,North East,840,E06000047,County Durham';
	const camden =
		'2025,Reporting year,Local authority,E92000001,England,E13000001,Inner London,202,E09000007,Camden';
	const files: Record<string, string[]> = {
		'c2_children_in_need_assessments_duration_2014_to_2025.csv': [
			`${GEO},Assessments_completed,Same_day,1-10_days,11-20_days,21-30_days,31-40_days,41-45_days,46-50_days,51-60_days,61+_days,25th_Percentile_days,Median_days,75th_Percentile_days`,
			`${england},Assessments,600000,9000,90000,120000,110000,100000,80000,40000,30000,21000,14,24,38`,
			`${durham},Assessments,5000,100,800,1200,1100,900,400,200,150,150,15,25,36`,
			`${camden},Assessments,2000,30,400,500,400,300,c,c,100,80,12,22,35`
		],
		'c4_children_in_need_section_47s_and_icpcs_2013_to_2025.csv': [
			`${GEO},Section47,Section47_child,ICPC,ICPC_child,Duration_0-10_days,Duration_11-15_days,Duration_16-20_days,Duration_21+_days,Duration_25th_Percentile,Duration_median,Duration_75th_Percentile`,
			`${england},Section 47s,200000,180000,80000,75000,40000,20000,12000,8000,8,11,15`,
			`${durham},Section 47s,2000,1800,700,650,300,250,100,50,9,12,16`
		],
		'd1_child_protection_plans_2013_to_2025.csv': [
			`${GEO},CPP_start,CPP_child_start,CPP_end,CPP_child_end,CPP_anypoint,CPP_child_anypoint,CPP_At31`,
			`${durham},Child protection plans,520,515,500,495,1010,1000,489`
		],
		'd7_cpps_ending_by_duration_2013_to_2025.csv': [
			`${GEO},CPP_End,3_months_or_less,3_months_or_less_percent,more_than_3_months_6_months,more_than_3_months_6_months_percent,more_than_6_months_less_than_1_year,more_than_6_months_less_than_1_year_percent,1_year_less_than_2_years,1_year_less_than_2_years_percent,2_years_or_more,2_years_or_more_percent`,
			`${durham},Child protection plans ended,500,60,12,90,18,200,40,135,27,15,3`
		]
	};
	let more: string;

	beforeAll(async () => {
		const dir = path.join(root, 'more-releases');
		fs.cpSync(shipped, dir, { recursive: true });
		for (const [name, lines] of Object.entries(files))
			fs.writeFileSync(path.join(dir, name), lines.join('\n') + '\n');
		more = path.join(root, 'more.duckdb');
		await load(dir, more);
	}, 60_000);

	const at = async (measure: string, area: string) => {
		const rows = (await withAnalytics(
			(s) =>
				s.query(
					`SELECT value, numerator, denominator, symbol FROM published_figures
					WHERE measure = $measure AND year = 2025 AND area_code = $area`,
					{ measure, area }
				),
			more
		)) as unknown as Row[];
		expect(rows, `${measure} ${area}`).toHaveLength(1);
		return rows[0]!;
	};

	it('C2: assessments within 45 days, the bins up to 45 days over those completed', async () => {
		// 100 + 800 + 1,200 + 1,100 + 900 + 400 = 4,500 of 5,000: 90%.
		expect(await at('assessment_45wd', DURHAM)).toMatchObject({
			numerator: 4500,
			denominator: 5000,
			value: 90,
			symbol: null
		});
		// 509,000 of 600,000.
		expect((await at('assessment_45wd', ENGLAND)).value).toBeCloseTo(84.8333, 3);
		// Camden's 41-45 day bin suppressed: the figure is DfE's symbol, never the rest summed.
		expect(await at('assessment_45wd', CAMDEN)).toMatchObject({ value: null, symbol: 'c' });
	});

	it('C4: conferences within 15 days over all four bins, and conferences per enquiry', async () => {
		// 300 + 250 of 300 + 250 + 100 + 50 = 550 of 700: 78.57%.
		const icpc = await at('icpc_15wd', DURHAM);
		expect([icpc.numerator, icpc.denominator]).toEqual([550, 700]);
		expect(icpc.value).toBeCloseTo(78.5714, 3);
		expect((await at('icpc_15wd', ENGLAND)).value).toBe(75);
		expect(await at('s47_to_icpc', DURHAM)).toMatchObject({
			numerator: 700,
			denominator: 2000,
			value: 35
		});
	});

	it('D1: plans started per 10,000 children, over the population of the year before', async () => {
		// 520 over 100,432 children (mid-2024): 51.776 per 10,000.
		expect((await at('plan_start_rate', DURHAM)).value).toBeCloseTo(51.7763, 3);
		// The D3 and D5 files, which share D1's CPP_start and CPP_At31, are still read as themselves.
		expect((await at('repeat_plan', DURHAM)).value).toBe(21.2);
		expect((await at('cp_plan_rate', DURHAM)).value).toBeCloseTo(48.6897, 3);
	});

	it('D7: plans ended at three months or less and at two years or more, DfE’s own percentages', async () => {
		expect(await at('plans_short', DURHAM)).toMatchObject({
			numerator: 60,
			denominator: 500,
			value: 12
		});
		expect(await at('plans_2y', DURHAM)).toMatchObject({
			numerator: 15,
			denominator: 500,
			value: 3
		});
	});

	it('draw a funnel for a share of conferences, none for conferences per enquiry', async () => {
		const funnel = async (measure: string) =>
			(await withAnalytics((s) => publishedPicture(s, { measure, year: '2025' }), more)).funnel;
		expect((await funnel('icpc_15wd'))?.centre).toBe(75);
		expect(await funnel('s47_to_icpc')).toBeNull();
	});
});

describe('a hostile published file', () => {
	/** The shipped files with one replaced by `text` (or bytes), loaded over the good store. */
	async function refused(file: string, text: string | Buffer): Promise<string[]> {
		const dir = path.join(root, `bad-${Math.random().toString(36).slice(2)}`);
		fs.cpSync(shipped, dir, { recursive: true });
		fs.writeFileSync(path.join(dir, file), text);
		const before = fs.readFileSync(store);
		const e = await load(dir).catch((x: unknown) => x);
		expect(e).toBeInstanceOf(ExtractError);
		expect(fs.readFileSync(store).equals(before)).toBe(true);
		expect(fs.readdirSync(root).filter((f) => f.startsWith('published.duckdb'))).toEqual([
			'published.duckdb'
		]);
		return (e as ExtractError).problems.map(formatProblem);
	}
	const C1 = 'c1_children_in_need_referrals_and_rereferrals_2013_to_2025.csv';
	const c1 = () => fs.readFileSync(path.join(shipped, C1), 'utf8');

	it('with columns of no release is refused', async () => {
		expect(await refused('mystery.csv', 'a,b,c\n1,2,3\n')).toEqual([
			expect.stringMatching(/^mystery\.csv, line 1: expected DfE's open-data columns first/)
		]);
	});

	it('with a renamed column is refused, naming it', async () => {
		const text = c1().replace('rereferral_percent', 'rereferral_pct');
		expect((await refused(C1, text))[0]).toMatch(/column "rereferral_pct" is not one of them/);
	});

	it('with a row repeated is refused, naming both lines', async () => {
		const lines = c1().split('\n');
		const text = [...lines.slice(0, 6), lines[5], ...lines.slice(6)].join('\n');
		expect((await refused(C1, text))[0]).toMatch(
			new RegExp(
				`^${C1.replace(/\./g, '\\.')}, line 7, column time_period: value "2025": expected one row for each year and area \\(line 6 has the same\\)`
			)
		);
	});

	it('with an unknown symbol in a numeric column is refused, naming line, column and value', async () => {
		const lines = c1().split('\n');
		lines[3] = lines[3]!.replace(/,(\d+),/, ',n/a,');
		expect((await refused(C1, lines.join('\n')))[0]).toMatch(
			/line 4, column referral_count: value "n\/a": expected a number or one of DfE's symbols \(c, x, z, u, low\)/
		);
	});

	it('saved as UTF-16, or with bytes that are not UTF-8, is refused', async () => {
		const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(c1(), 'utf16le')]);
		expect((await refused(C1, utf16))[0]).toMatch(/UTF-16: save it as UTF-8/);
		const lines = c1().split('\n');
		const bad = Buffer.concat([
			Buffer.from(lines.slice(0, 9).join('\n') + '\n'),
			Buffer.from([0xc3, 0x28]),
			Buffer.from(lines.slice(9).join('\n'))
		]);
		expect((await refused(C1, bad))[0]).toMatch(/line 10: expected UTF-8 text/);
	});

	it('cut short is refused, naming the line', async () => {
		const text = c1();
		const cut = text.slice(0, text.lastIndexOf(',', text.length - 40));
		expect((await refused(C1, cut))[0]).toMatch(
			/line 2133: expected 21 fields, as the header has \(this line has \d+: the file may be cut short/
		);
		expect((await refused(C1, `${text.trimEnd()}\n2025,"Reporting year`))[0]).toMatch(
			/line 2134: expected a closing quote/
		);
	});

	it('far larger than any release is refused before it is read', async () => {
		const dir = path.join(root, 'huge');
		fs.cpSync(shipped, dir, { recursive: true });
		fs.truncateSync(path.join(dir, C1), 65 * 2 ** 20);
		const e = await load(dir).catch((x: unknown) => x);
		expect((e as ExtractError).problems.map(formatProblem)[0]).toMatch(
			/expected a file under 64 MiB/
		);
	});

	it('given twice (two releases of the same file) is refused', async () => {
		expect((await refused('c1_copy.csv', c1()))[0]).toMatch(/one file of each release/);
	});
});
