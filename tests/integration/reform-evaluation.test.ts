// The reform evaluation against the synthetic truth: the generator simulates a staggered rollout
// of multi-agency child protection teams with modelled effects (written in the manifest), the
// extract is loaded as any other, and the estimator must find each modelled effect within its
// 95% interval, and no effect (an interval covering zero) on measures the model does not move.
// Without the rollout, authorities that do not go live are simulated exactly as with it.
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { DuckDBInstance } from '@duckdb/node-api';
import { beforeAll, describe, expect, it } from 'vitest';
import { findMetric } from '$lib/metrics/catalogue';
import { withAnalytics } from '$lib/server/analytics/duckdb';
import { loadExtract } from '$lib/server/analytics/load/loader';
import { rowsOf } from '$lib/server/analytics/load/sql';
import { bankHolidays, realAuthorityNames, referenceDir } from '$lib/server/reference-data';
import { evaluate, monthlyValues, type Evaluation } from '$lib/server/reform/evaluation';
import { generateExtract } from '$lib/synthetic/generate';
import { useScratchFolder } from '../fixtures/loaded';

const scratch = useScratchFolder('reform-evaluation');
const EFFECTS = { strategy_core_attendance: 12, conference_reports_on_time: 8 };
// Measures with no link in the model to strategy discussions' attendance or conference timing.
const UNMOVED = ['assessment_45wd', 'rereferral_12m', 'review_on_time'];
const base = {
	authorities: 50,
	years: 3,
	seed: 'reform-evaluation',
	end: '2025-03-31',
	bankHolidays: bankHolidays(),
	realNames: realAuthorityNames()
};

let dbPath = '';
let extract = '';
let manifest: { la_codes: string[]; reform: { go_live: Record<string, string>; effects: object } };

async function evaluateOn(id: string): Promise<Evaluation> {
	const instance = await DuckDBInstance.create(dbPath, { access_mode: 'READ_ONLY' });
	const c = await instance.connect();
	try {
		const values = await monthlyValues((sql, p) => rowsOf(c, sql, p), findMetric(id)!, {
			protect: false
		});
		return evaluate(findMetric(id)!, values, manifest.la_codes, manifest.reform.go_live)!;
	} finally {
		c.closeSync();
		instance.closeSync();
	}
}

beforeAll(async () => {
	const root = scratch();
	extract = path.join(root, 'extract');
	await generateExtract({ ...base, out: extract, reform: { effects: EFFECTS, adopters: 16 } });
	manifest = JSON.parse(fs.readFileSync(path.join(extract, 'manifest.json'), 'utf8'));
	dbPath = path.join(root, 'oversight.duckdb');
	await loadExtract({ dir: extract, dbPath, referenceDir });
}, 240_000);

describe('the simulated rollout', () => {
	it('is written in the manifest as an assumption, and kept by the load', async () => {
		expect(Object.keys(manifest.reform.go_live)).toHaveLength(16);
		expect(manifest.reform.effects).toEqual(EFFECTS);
		expect(JSON.stringify(manifest.reform)).toMatch(/Assumption, not evidence/);
		const simulated = await withAnalytics(async (s) => s.dataVersion.simulatedGoLive, dbPath);
		expect(simulated).toEqual(manifest.reform.go_live);
		// And as the implementation register would import it.
		const register = fs.readFileSync(path.join(extract, 'reform-register.csv'), 'utf8');
		for (const [code, date] of Object.entries(manifest.reform.go_live))
			expect(register).toContain(`${code},macpt,live,${date},`);
	});

	it('leaves the authorities that do not go live exactly as without it', async () => {
		const plain = path.join(scratch(), 'plain');
		await generateExtract({ ...base, out: plain, reform: null });
		expect(JSON.parse(fs.readFileSync(path.join(plain, 'manifest.json'), 'utf8')).reform).toBe(
			undefined
		);
		expect(fs.existsSync(path.join(plain, 'reform-register.csv'))).toBe(false);
		const adopters = new Set(Object.keys(manifest.reform.go_live));
		for (const table of ['strategy_attendance', 'conferences', 'assessments']) {
			const rows = (dir: string) =>
				fs
					.readFileSync(path.join(dir, `${table}.csv`), 'utf8')
					.split('\n')
					.filter((line) => ![...adopters].some((code) => line.includes(code)));
			expect(rows(extract)).toEqual(rows(plain));
		}
	}, 120_000);
});

describe('the estimator on the synthetic truth', () => {
	it.each(Object.entries(EFFECTS))(
		'finds the modelled effect on %s within its interval',
		async (id, effect) => {
			const r = await evaluateOn(id);
			expect(r.adopted).toHaveLength(16);
			expect(r.comparison).toHaveLength(34);
			expect(r.lower).toBeLessThanOrEqual(effect);
			expect(r.upper).toBeGreaterThanOrEqual(effect);
		}
	);

	it('tells the effect on joint attendance from no effect', async () => {
		const r = await evaluateOn('strategy_core_attendance');
		expect(r.lower).toBeGreaterThan(0);
	});

	it.each(UNMOVED)('finds no effect on %s, which the model does not move', async (id) => {
		const r = await evaluateOn(id);
		expect(r.lower).toBeLessThanOrEqual(0);
		expect(r.upper).toBeGreaterThanOrEqual(0);
	});

	it('answers the same from the command line, as JSON', async () => {
		const { stdout } = await promisify(execFile)(
			'npx',
			[
				'tsx',
				'scripts/evaluate.ts',
				'--db',
				dbPath,
				'--metric',
				'strategy_core_attendance',
				'--json'
			],
			{ env: { ...process.env, OVERSIGHT_APP_DB: path.join(scratch(), 'no-app.sqlite') } }
		);
		const answer = JSON.parse(stdout);
		const r = await evaluateOn('strategy_core_attendance');
		expect(Object.keys(answer)).toEqual([
			'metric',
			'estimate',
			'lower',
			'upper',
			'method',
			'adopted',
			'comparison'
		]);
		expect(answer).toEqual({
			metric: 'strategy_core_attendance',
			estimate: r.estimate,
			lower: r.lower,
			upper: r.upper,
			method: r.method,
			adopted: r.adopted,
			comparison: r.comparison
		});
	}, 60_000);
});
