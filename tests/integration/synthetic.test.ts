// The synthetic generator, end to end through the loader, on a scaled-down run: deterministic,
// accepted by the loader, and calibrated to England's published figures within the tolerances
// stated in docs/synthetic-data.md. (The full national run's figures are recorded there too.)
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { withAnalytics, type AnalyticsSession } from '$lib/server/analytics/duckdb';
import { bankHolidays, realAuthorityNames } from '$lib/server/reference-data';
import { generateExtract } from '$lib/synthetic/generate';
import { loadGenerated, useScratchFolder } from '../fixtures/loaded';

const scratch = useScratchFolder('synthetic');
let root: string;
let dbPath: string;
const holidays = bankHolidays();
const base = {
	end: '2025-03-31',
	seed: 'calibration',
	bankHolidays: holidays,
	realNames: realAuthorityNames()
};

beforeAll(async () => {
	root = scratch();
	({ dbPath } = await loadGenerated(root, { authorities: 24, years: 2, seed: base.seed }));
}, 180_000);

const hashDir = (dir: string) =>
	Object.fromEntries(
		fs
			.readdirSync(dir)
			.sort()
			.map((f) => [
				f,
				crypto
					.createHash('sha256')
					.update(fs.readFileSync(path.join(dir, f)))
					.digest('hex')
			])
	);

async function one(sql: string): Promise<number> {
	const [r] = await withAnalytics((s: AnalyticsSession) => s.query(sql), dbPath);
	return Number(Object.values(r!)[0]);
}

const F = "DATE '2024-04-01'";
const T = "DATE '2025-03-31'";

describe('the synthetic generator', () => {
	it('gives the same files for the same seed, whatever the number of workers', async () => {
		const a = path.join(root, 'a');
		const b = path.join(root, 'b');
		await generateExtract({ ...base, out: a, authorities: 3, years: 1, workers: 1 });
		await generateExtract({ ...base, out: b, authorities: 3, years: 1, workers: 2 });
		expect(hashDir(a)).toEqual(hashDir(b));
	}, 60_000);

	it('uses only fictional authority codes and names', async () => {
		const names = realAuthorityNames();
		const las = await withAnalytics(
			(s) => s.query('SELECT la_code, name FROM local_authorities'),
			dbPath
		);
		expect(las).toHaveLength(24);
		for (const la of las) {
			expect(String(la.la_code)).toMatch(/^X\d{8}$/);
			expect(names.has(String(la.name))).toBe(false);
		}
		const neighbours = await one(
			'SELECT min(n) FROM (SELECT count(*) AS n FROM statistical_neighbours GROUP BY la_code)'
		);
		expect(neighbours).toBe(10);
	});

	describe('lands near England’s published figures (year to 31 March 2025)', () => {
		// Expected values are England's (docs/synthetic-data.md gives sources); tolerances are
		// absolute percentage points unless stated.
		it('referrals per child: within 10% of England’s rate', async () => {
			const rate = await one(
				`SELECT (SELECT count(*) FROM referrals WHERE referral_date BETWEEN ${F} AND ${T}) / (SELECT sum(child_population) FROM local_authorities)`
			);
			expect(rate / (632_830 / 12_183_016)).toBeGreaterThan(0.9);
			expect(rate / (632_830 / 12_183_016)).toBeLessThan(1.1);
		});

		it('re-referrals within 12 months: 22.6% ± 3', async () => {
			const v = await one(
				`SELECT avg(CASE WHEN EXISTS (SELECT 1 FROM referrals p WHERE p.child_id = r.child_id AND p.la_code = r.la_code AND p.referral_date < r.referral_date AND p.referral_date >= r.referral_date - INTERVAL 12 MONTH) THEN 1 ELSE 0 END) FROM referrals r WHERE referral_date BETWEEN ${F} AND ${T}`
			);
			expect(Math.abs(v * 100 - 22.6)).toBeLessThan(3);
		});

		it('assessments within 45 working days: 85.7% ± 4', async () => {
			const v = await one(
				`SELECT avg(CASE WHEN cb.wd_index - ca.wd_index <= 45 THEN 1 ELSE 0 END) FROM assessments a JOIN referrals r USING (referral_id) JOIN calendar ca ON ca.date = r.referral_date JOIN calendar cb ON cb.date = a.authorised_date WHERE a.authorised_date BETWEEN ${F} AND ${T}`
			);
			expect(Math.abs(v * 100 - 85.7)).toBeLessThan(4);
		});

		it('section 47 enquiries per 100 referrals: 36.4 ± 4', async () => {
			const v = await one(
				`SELECT 100.0 * (SELECT count(*) FROM s47_enquiries WHERE start_date BETWEEN ${F} AND ${T}) / (SELECT count(*) FROM referrals WHERE referral_date BETWEEN ${F} AND ${T})`
			);
			expect(Math.abs(v - 36.4)).toBeLessThan(4);
		});

		it('enquiries reaching an initial conference: 31.3% ± 4', async () => {
			const v = await one(
				`SELECT avg(CASE WHEN EXISTS (SELECT 1 FROM conferences c WHERE c.s47_id = s.s47_id AND c.type = 'initial') THEN 1 ELSE 0 END) FROM s47_enquiries s WHERE start_date BETWEEN ${F} AND ${T}`
			);
			expect(Math.abs(v * 100 - 31.3)).toBeLessThan(4);
		});

		it('initial conferences within 15 working days: 81.4% ± 5, and leading to a plan: 85.8% ± 4', async () => {
			const within = await one(
				`SELECT avg(CASE WHEN cb.wd_index - ca.wd_index <= 15 THEN 1 ELSE 0 END) FROM conferences c JOIN s47_enquiries s USING (s47_id) JOIN calendar ca ON ca.date = s.start_date JOIN calendar cb ON cb.date = c.date WHERE c.type = 'initial' AND NOT c.transfer_in AND c.date BETWEEN ${F} AND ${T}`
			);
			expect(Math.abs(within * 100 - 81.4)).toBeLessThan(5);
			const plan = await one(
				`SELECT avg((outcome = 'plan')::INT) FROM conferences WHERE type = 'initial' AND date BETWEEN ${F} AND ${T}`
			);
			expect(Math.abs(plan * 100 - 85.8)).toBeLessThan(4);
		});

		it('children on a plan at 31 March per 10,000: 40.6 within 15%', async () => {
			const v = await one(
				`SELECT 10000.0 * (SELECT count(*) FROM cp_plans WHERE start_date <= ${T} AND (end_date IS NULL OR end_date > ${T})) / (SELECT sum(child_population) FROM local_authorities)`
			);
			expect(v / 40.6).toBeGreaterThan(0.85);
			expect(v / 40.6).toBeLessThan(1.15);
		});

		it('workforce: agency 17.8% ± 4, turnover 15.9% ± 4, vacancy 18.9% ± 5, caseload 16 ± 3', async () => {
			const inPost = (d: string) => `start_date <= ${d} AND (end_date IS NULL OR end_date > ${d})`;
			const agency = await one(
				`SELECT sum(CASE WHEN agency_worker THEN fte ELSE 0 END) / sum(fte) FROM practitioners WHERE ${inPost(T)}`
			);
			expect(Math.abs(agency * 100 - 17.8)).toBeLessThan(4);
			const turnover = await one(
				`SELECT (SELECT sum(fte) FROM practitioners WHERE NOT agency_worker AND end_date BETWEEN ${F} AND ${T}) / (SELECT sum(fte) FROM practitioners WHERE NOT agency_worker AND ${inPost(T)})`
			);
			expect(Math.abs(turnover * 100 - 15.9)).toBeLessThan(4);
			const vacancy = await one(
				`SELECT v / (v + f) FROM (SELECT sum(vacant_fte) AS v FROM vacancies WHERE snapshot_date = DATE '2024-09-30'), (SELECT sum(fte) AS f FROM practitioners WHERE ${inPost("DATE '2024-09-30'")})`
			);
			expect(Math.abs(vacancy * 100 - 18.9)).toBeLessThan(5);
			const caseload = await one(
				`WITH held AS (SELECT worker_id FROM allocations WHERE ${inPost(T)}) SELECT count(*) / (SELECT sum(fte) FROM practitioners WHERE worker_id IN (SELECT worker_id FROM held)) FROM held`
			);
			expect(Math.abs(caseload - 16)).toBeLessThan(3);
		});
	});

	describe('builds in the relationships the dashboard should find', () => {
		it('authorities with poorer police attendance at strategy discussions end more enquiries with no further action', async () => {
			const corr = await one(
				`WITH police AS (
					SELECT s.la_code, avg((a.attendance = 'attended')::INT) AS attended FROM strategy_attendance a JOIN strategy_discussions s USING (strategy_id) WHERE a.agency = 'police' GROUP BY 1
				), nfa AS (
					SELECT la_code, avg((outcome = 'nfa')::INT) AS nfa FROM s47_enquiries WHERE outcome IS NOT NULL GROUP BY 1
				) SELECT corr(attended, nfa) FROM police JOIN nfa USING (la_code)`
			);
			expect(corr).toBeLessThan(-0.3);
		});
	});
});
