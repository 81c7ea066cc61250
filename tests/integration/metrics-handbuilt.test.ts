// Every metric of the catalogue against answers worked out by hand on a small extract
// (tests/fixtures/handbuilt.ts explains each one), through the real loader and engine, from
// the pre-aggregated store and from the case tables alike.
import { beforeAll, describe, expect, it } from 'vitest';
import type { MetricResult } from '$lib/metrics/result';
import { withAnalytics } from '$lib/server/analytics/duckdb';
import { computeMetrics, type MetricRequest } from '$lib/server/analytics/engine/engine';
import {
	DisclosureError,
	MetricRequestError,
	ScopeForbiddenError
} from '$lib/server/analytics/engine/errors';
import { catalogue, findMetric } from '$lib/metrics/catalogue';
import { ExtractError } from '$lib/server/analytics/load/errors';
import { LA, minimalExtract } from '../fixtures/extract';
import { handBuiltAnswers, handBuiltExtract } from '../fixtures/handbuilt';
import { loadFiles, useScratchFolder } from '../fixtures/loaded';

const scratch = useScratchFolder('metrics');
let root: string;
let db: string;
let minimalDb: string;
const FY = { from: '2024-04-01', to: '2025-03-31' };
const leader = { role: 'la_leader' as const, las: [LA] };

beforeAll(async () => {
	root = scratch();
	db = (await loadFiles(root, handBuiltExtract())).dbPath;
	minimalDb = (await loadFiles(root, minimalExtract())).dbPath;
}, 60_000);

const run = (request: Partial<MetricRequest>, file = db) =>
	withAnalytics(
		(s) => computeMetrics(s, { scope: { kind: 'la', la: LA }, viewer: leader, ...FY, ...request }),
		file
	);

async function one(
	id: string,
	request: Partial<MetricRequest> = {},
	file = db
): Promise<MetricResult> {
	const r = await run({ ids: [id], ...request }, file);
	return r.metrics[0]!;
}

/** A breakdown's [numerator, denominator] by key. */
const countsByKey = (m: MetricResult) =>
	Object.fromEntries(m.breakdown.map((b) => [b.key, [b.numerator, b.denominator]]));

describe('every metric on hand-built data, financial year 2024-25', () => {
	// Measured by tests of their own below: a distribution, a median, attendance by agency.
	const ownTests = [
		'strategy_agency_attendance',
		'referral_source_share',
		'info_response_median_days'
	];

	it('has a hand-worked answer for every metric of the catalogue', () => {
		const answered = new Set([...Object.keys(handBuiltAnswers), ...ownTests]);
		expect(catalogue.map((d) => d.id).filter((id) => !answered.has(id))).toEqual([]);
		expect(Object.keys(handBuiltAnswers).filter((id) => !findMetric(id))).toEqual([]);
	});

	const cases = Object.entries(handBuiltAnswers).flatMap(([id, a]) =>
		(['store', 'cases'] as const).map((source) => ({ id, source, ...a }))
	);
	it.each(cases)(
		'$id from the $source: $numerator of $denominator ($working)',
		async ({ id, source, numerator, denominator }) => {
			const m = await one(id, { source, breakdown: 'none' });
			const { scale } = findMetric(id)!;
			expect(m.source).toBe(source);
			expect([m.numerator, m.denominator]).toEqual([numerator, denominator]);
			const value = denominator === null ? numerator : (scale * numerator) / denominator;
			expect(m.value).toBeCloseTo(value, 10);
			expect(m.symbol).toBeNull();
		}
	);

	it('answers whole months from the store and gives identical results from the case tables', async () => {
		const store = await run({ source: 'auto', monthly: true });
		const cases = await run({ source: 'cases', monthly: true });
		expect(store.metrics.every((m) => m.source === 'store')).toBe(true);
		const strip = (ms: MetricResult[]) => ms.map((m) => ({ ...m, source: null }));
		expect(strip(cases.metrics)).toEqual(strip(store.metrics));
	});

	it('takes the median of working days to answer, across Christmas, by responding agency', async () => {
		const m = await one('info_response_median_days');
		expect([m.value, m.denominator]).toEqual([3, 3]);
		const byAgency = Object.fromEntries(m.breakdown.map((b) => [b.key, [b.value, b.denominator]]));
		expect(byAgency.police).toEqual([2, 2]); // 1 and 3 working days: halfway
		expect(byAgency.health).toEqual([8, 1]);
		expect(byAgency.education).toEqual([null, 0]);
	});

	it('does not count a report sent instead of attending, per agency', async () => {
		const strategy = await one('strategy_agency_attendance');
		expect(strategy.value).toBeNull();
		expect(strategy.symbol).toBe('z');
		expect(countsByKey(strategy)).toMatchObject({
			social_care: [3, 8],
			police: [2, 8],
			health: [1, 8],
			education: [0, 8]
		});
		const conference = await one('conference_agency_attendance');
		expect(countsByKey(conference)).toMatchObject({
			social_care: [3, 3],
			police: [2, 3],
			health: [1, 2],
			education: [1, 1]
		});
	});

	it('shares referrals among source groups', async () => {
		const m = await one('referral_source_share');
		expect(m.denominator).toBe(16);
		const police = m.breakdown.find((b) => b.key === 'police')!;
		expect([police.numerator, police.value]).toEqual([9, 56.25]);
		expect(m.breakdown.reduce((s, b) => s + (b.numerator ?? 0), 0)).toBe(16);
		// The same shares come with a monthly series alongside.
		const monthly = await one('referral_source_share', { monthly: true });
		expect(monthly.breakdown).toEqual(m.breakdown);
	});

	it('breaks referrals down by age at referral and ethnicity group, "Not known" when missing', async () => {
		const age = await one('cin_referrals', { breakdown: 'age_band' });
		const a = Object.fromEntries(age.breakdown.map((b) => [b.key, b.value]));
		expect(a).toMatchObject({ 'Under 1': 1, '5 to 9': 2, '10 to 15': 13, '1 to 4': 0 });
		const eth = await one('cin_referrals', { breakdown: 'ethnicity_group' });
		const e = Object.fromEntries(eth.breakdown.map((b) => [b.key, b.value]));
		expect(e).toMatchObject({ White: 1, Asian: 1, Black: 13, 'Not known': 1 });
	});

	it('breaks workforce measures down by team', async () => {
		const m = await one('caseload_avg', { breakdown: 'team' });
		const t = countsByKey(m);
		expect(t).toEqual({ 'Team A': [4, 2], 'Team B': [2, 1.5] });
	});
});

describe('edges, from the case tables', () => {
	const nd = (m: MetricResult) => [m.numerator, m.denominator];

	it('counts an initial conference on the 15th working day across Easter as in time, the 16th as late', async () => {
		const m = await one('icpc_15wd', { from: '2024-04-15', to: '2024-04-16' });
		expect(m.source).toBe('cases');
		expect(nd(m)).toEqual([1, 2]);
	});

	it('counts the 15th working day across Christmas and New Year as in time, the 16th as late', async () => {
		expect(nd(await one('icpc_15wd', { from: '2025-01-08', to: '2025-01-08' }))).toEqual([1, 1]);
		expect(nd(await one('icpc_15wd', { from: '2025-01-09', to: '2025-01-09' }))).toEqual([0, 1]);
	});

	it('leaves transfer-in conferences out of the 15-day measure', async () => {
		// CF19, a transfer in held long after its enquiry, is the only initial conference that day.
		const m = await one('icpc_15wd', { from: '2024-09-02', to: '2024-09-02' });
		expect(m.symbol).toBe('z');
		expect(nd(m)).toEqual([0, 0]);
	});

	it('counts a re-referral exactly 12 months after the last one, but not 12 months and a day', async () => {
		expect(nd(await one('rereferral_12m', { from: '2024-06-15', to: '2024-06-15' }))).toEqual([
			1, 1
		]);
		expect(nd(await one('rereferral_12m', { from: '2024-06-16', to: '2024-06-16' }))).toEqual([
			0, 1
		]);
		expect(nd(await one('rereferral_12m', { from: '2024-07-01', to: '2024-07-01' }))).toEqual([
			0, 2
		]);
	});

	it('counts a plan of exactly two years, not one a day shorter', async () => {
		expect(nd(await one('plans_2y', { from: '2024-06-15', to: '2024-06-15' }))).toEqual([1, 2]);
	});

	it('counts a plan ending the day before three months as short, clamping 30 November + 3 months to 28 February', async () => {
		expect(nd(await one('plans_short', { from: '2024-10-09', to: '2024-10-10' }))).toEqual([1, 2]);
		expect(nd(await one('plans_short', { from: '2025-02-27', to: '2025-02-28' }))).toEqual([1, 2]);
	});

	it('treats a plan with no end as open: on a plan, not ended', async () => {
		const ended = await one('plans_2y', { from: '2024-05-24', to: '2024-05-24' });
		expect(nd(ended)).toEqual([0, 0]);
		expect(ended.symbol).toBe('z');
	});

	it('counts an allocation ending on the day as not covering it', async () => {
		// 30 March 2025: C22's allocation (ending 31 March) still covers it; only C31 is unallocated.
		expect(nd(await one('cp_unallocated', { from: '2025-03-01', to: '2025-03-30' }))).toEqual([
			1, 7
		]);
		expect(
			nd(await one('cp_unallocated', { from: '2025-03-01', to: '2025-03-31', source: 'cases' }))
		).toEqual([2, 7]);
	});

	it('makes the visiting standard configurable, answering from the case tables', async () => {
		// With 11 working days C15's visit (11 days before) is in time, and P30 (10 days old) is too young.
		const m = await one('visits_10wd', { visitWorkingDays: 11 });
		expect(m.source).toBe('cases');
		expect(nd(m)).toEqual([4, 5]);
	});

	it('gives a monthly series whose months add up to the period for events, and ends at the snapshot for snapshots', async () => {
		const r = await run({
			ids: ['rereferral_12m', 'cp_unallocated'],
			monthly: true,
			source: 'cases'
		});
		const [rereferral, unallocated] = r.metrics;
		expect(rereferral!.months).toHaveLength(12);
		expect(rereferral!.months!.reduce((s, m) => s + (m.denominator ?? 0), 0)).toBe(16);
		expect(unallocated!.months!.at(-1)).toMatchObject({
			month: '2025-03',
			numerator: 2,
			denominator: 7
		});
		expect(rereferral!.spc!.n).toBeGreaterThan(0);
	});

	it('gives z when there is nothing to measure in the period', async () => {
		const m = await one('audits_good', { from: '2024-04-01', to: '2024-04-30' });
		expect(m).toMatchObject({ value: null, numerator: 0, denominator: 0, symbol: 'z' });
	});
});

describe('absent tables', () => {
	it('shows ":" (no data), never 0, for metrics whose tables were not supplied', async () => {
		const r = await run({}, minimalDb);
		const byId = Object.fromEntries(r.metrics.map((m) => [m.id, m]));
		for (const id of [
			'info_response_median_days',
			'icpc_quorate',
			'escalation_rate',
			'audits_good',
			'visits_10wd',
			'caseload_avg',
			'vacancy_rate'
		]) {
			expect(byId[id], id).toMatchObject({
				value: null,
				numerator: null,
				denominator: null,
				symbol: ':',
				source: null
			});
		}
		// Metrics whose tables are present still answer.
		expect(byId.rereferral_12m!.symbol).toBeNull();
	});
});

describe('overlapping allocations, and plans that may not overlap', () => {
	// Two more children on the hand-built extract, each on a plan on 31 March 2025.
	// C32: P32b (2 January 2024, never visited). Allocated to W2 and W4 from the same day (W4, the
	// greater id, holds the case: a specialist, not experienced), and to W1 from June to
	// September 2024: three workers in the 12 months.
	// C33: P33b from 1 February 2024 (visited 26 March); no allocation.
	// On the day: on a plan 7 + 2 = 9; unallocated 2 + 1 of 9; specialist 3 + 1 of 6;
	// experienced 2 of 6; three or more workers 1 + 1 of 9; visited 4 + 1 of 8 (both plans old
	// enough).
	const extra: Record<string, string[]> = {
		'children.csv': ['C32,{LA},U,2010-01,BAFR,false', 'C33,{LA},U,2010-01,BAFR,false'],
		'cp_plans.csv': [
			'P32b,C32,{LA},2024-01-02,,PHY,PHY,1,',
			'P33b,C33,{LA},2024-02-01,,NEG,NEG,0,'
		],
		'cp_visits.csv': ['V8,P33b,C33,{LA},2025-03-26,true'],
		'allocations.csv': [
			'C32,W2,{LA},2024-01-02,',
			'C32,W4,{LA},2024-01-02,',
			'C32,W1,{LA},2024-06-01,2024-09-01'
		]
	};
	const withExtra = (more: Record<string, string[]>) => {
		const files = handBuiltExtract();
		for (const [file, rows] of Object.entries(more))
			files[file] += rows.map((r) => `${r.replaceAll('{LA}', LA)}\n`).join('');
		return files;
	};
	let overlapDb: string;

	beforeAll(async () => {
		overlapDb = (await loadFiles(root, withExtra(extra))).dbPath;
	}, 60_000);

	it('counts each child once, by the allocation that started last', async () => {
		const ids = [
			'cp_plan_rate',
			'cp_unallocated',
			'cp_specialist_worker',
			'cp_experienced_worker',
			'worker_changes_3plus',
			'visits_10wd'
		];
		const expected = [
			[9, 50000],
			[3, 9],
			[4, 6],
			[2, 6],
			[2, 9],
			[5, 8]
		];
		for (const source of ['store', 'cases'] as const) {
			const r = await run({ ids, source, breakdown: 'none' }, overlapDb);
			expect(
				r.metrics.map((m) => [m.numerator, m.denominator]),
				source
			).toEqual(expected);
		}
	});

	it('refuses a child on two plans at once, as the CIN census does (rules 8935 and 8940)', async () => {
		// P32a is still open when P32b starts; P33a and P33b start on the same day.
		const overlapping = {
			...extra,
			'cp_plans.csv': [
				'P32a,C32,{LA},2023-06-01,,EMO,EMO,0,',
				...extra['cp_plans.csv']!,
				'P33a,C33,{LA},2024-02-01,,NEG,NEG,0,'
			]
		};
		const e = await loadFiles(root, withExtra(overlapping)).catch((x: unknown) => x);
		expect(e).toBeInstanceOf(ExtractError);
		expect(
			(e as ExtractError).problems.map((p) => [p.file, p.column, p.value, p.expected])
		).toEqual(
			['2024-01-02', '2024-02-01'].map((value) => [
				'cp_plans.csv',
				'start_date',
				value,
				'no other row of the child still open on this day: one plan at a time for a child (CIN census rules 8935 and 8940)'
			])
		);
	});
});

describe('scope and disclosure control', () => {
	it('refuses an authority outside the viewer scope, and unknown authorities', async () => {
		await expect(run({ viewer: { role: 'la_leader', las: ['X00000002'] } })).rejects.toThrow(
			ScopeForbiddenError
		);
		await expect(run({ scope: { kind: 'la', la: 'X99999999' } })).rejects.toThrow(
			MetricRequestError
		);
		await expect(
			run({ scope: { kind: 'la', la: "X0'; DROP TABLE referrals;--" } })
		).rejects.toThrow(MetricRequestError);
	});

	it('refuses malformed dates and unknown metrics', async () => {
		await expect(run({ from: '2024-02-30' })).rejects.toThrow(MetricRequestError);
		await expect(run({ ids: ['no_such_metric'] })).rejects.toThrow(MetricRequestError);
	});

	it('suppresses counts of 1 to 5 for a national viewer and leaves larger ones', async () => {
		const r = await run({ viewer: { role: 'national', las: [] }, breakdown: 'none' });
		const byId = Object.fromEntries(r.metrics.map((m) => [m.id, m]));
		expect(r.controlled).toBe(true);
		expect(byId.assessment_45wd).toMatchObject({
			value: null,
			numerator: null,
			denominator: null,
			symbol: 'c'
		});
		expect(byId.rereferral_12m).toMatchObject({ numerator: 6, denominator: 16, symbol: null });
		expect(byId.cin_referrals).toMatchObject({ value: 16, symbol: null });
	});

	it('publishes single authorities under control for financial years only, and no team figures', async () => {
		const national = { role: 'national' as const, las: [] };
		await expect(run({ viewer: national, from: '2024-05-01', to: '2025-04-30' })).rejects.toThrow(
			DisclosureError
		);
		await expect(
			run({ viewer: national, ids: ['caseload_avg'], breakdown: 'team' })
		).rejects.toThrow(DisclosureError);
	});

	it('rounds England counts to the nearest 10 and computes the value from the rounded counts', async () => {
		const r = await run({
			scope: { kind: 'england' },
			viewer: { role: 'national', las: [] },
			ids: ['rereferral_12m']
		});
		const m = r.metrics[0]!;
		// The exact 6 of 16 (37.5%) must not show through: with rounded counts beside it, a value
		// from the exact ones would give them away.
		expect(m.symbol).toBe(null);
		expect(m.numerator! % 10).toBe(0);
		expect(m.denominator! % 10).toBe(0);
		expect(m.value).toBe((100 * m.numerator!) / m.denominator!);
		expect(m.value).not.toBe(37.5);
	});
});
