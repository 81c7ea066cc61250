// Asks the metric engine directly, through the `metrics` command on the same database the test
// server reads, so that pages are compared with the engine's answer rather than with literals.
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import type { MetricResult, MetricsResponse } from '../../src/lib/metrics/result';

export const E2E_DB = path.resolve('tests/.tmp/e2e/oversight.duckdb');

export type EngineMetric = MetricResult;

export function engine(
	scope: string[],
	period: { from: string; to: string },
	options: string[] = []
): MetricsResponse {
	const out = execFileSync(
		'npx',
		[
			'tsx',
			'scripts/metrics.ts',
			'--db',
			E2E_DB,
			...scope,
			'--from',
			period.from,
			'--to',
			period.to,
			...options,
			'--json'
		],
		{ encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 }
	);
	return JSON.parse(out);
}

/** The test data's latest 12 months, which is also its latest financial year. */
export const LATEST = { from: '2024-04-01', to: '2025-03-31' };

/** One metric for England as a national viewer sees it, with every authority named. */
export function nationalView(id: string): EngineMetric {
	return engine(['--england'], LATEST, [
		'--role',
		'national',
		'--authorities',
		'--benchmarks',
		'--id',
		id
	]).metrics[0]!;
}
