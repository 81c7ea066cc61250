import { describe, expect, it } from 'vitest';
import { catalogue, findMetric } from './catalogue';
import fs from 'node:fs';
import {
	metricNeeds,
	metricNeedsMarkdown,
	NEEDS_END,
	NEEDS_START,
	NEEDS_WORKER_DETAIL
} from './sources';

describe('what each metric needs', () => {
	it('names exactly the metrics reading worker details the workforce census lacks', () => {
		const sql = (id: string) =>
			findMetric(id)!.sql({ snapshots: '(SELECT DATE 2025-03-31 AS snap)', visitWorkingDays: 10 });
		// A metric uses a column when a CASE tests it; fragments may select it without using it.
		expect(
			catalogue
				.filter((m) => /WHEN [\w.]*(qualified_month|cp_specialist)/.test(sql(m.id)))
				.map((m) => m.id)
				.sort()
		).toEqual([...NEEDS_WORKER_DETAIL].sort());
	});

	it.each([
		['cin_referrals', 'CIN census'],
		['icpc_15wd', 'CIN census'],
		['turnover_rate', 'workforce census'],
		['vacancy_rate', 'workforce census'],
		['cp_specialist_worker', 'CIN census + templates: `allocations`, `practitioners`'],
		['caseload_avg', 'workforce census + templates: `allocations`'],
		['strategy_core_attendance', 'templates: `strategy_discussions`, `strategy_attendance`'],
		['s47_without_strategy', 'CIN census + templates: `strategy_discussions`']
	])('%s: %s', (id, needs) => expect(metricNeeds(findMetric(id)!)).toBe(needs));
});

describe('docs/loading-your-data.md', () => {
	it('holds what each metric needs, as generated (run npm run docs)', () => {
		const doc = fs.readFileSync('docs/loading-your-data.md', 'utf8');
		const part = doc.slice(doc.indexOf(NEEDS_START) + NEEDS_START.length, doc.indexOf(NEEDS_END));
		expect(part.trim()).toBe(metricNeedsMarkdown().trim());
	});
});
