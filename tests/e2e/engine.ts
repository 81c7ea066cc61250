// Asks the metric engine directly, through the `metrics` command on the same database the test
// server reads, so that pages are compared with the engine's answer rather than with literals.
import { execFileSync } from 'node:child_process';
import path from 'node:path';

export const E2E_DB = path.resolve('tests/.tmp/e2e/oversight.duckdb');

type Sym = 'c' | ':' | 'z' | null;
export interface EngineFigure {
	value: number | null;
	numerator: number | null;
	denominator: number | null;
	symbol: Sym;
}
export interface EngineMetric extends EngineFigure {
	id: string;
	title: string;
	kind: string;
	unit: string;
	months?: (EngineFigure & { month: string })[];
	spc?: { variation: { icon: string; words: string } };
	benchmarks?: {
		england: EngineFigure;
		neighbours: { value: number | null; published: number } | null;
		band: string | null;
		authorities:
			| (EngineFigure & {
					code: string | null;
					name: string | null;
					self: boolean;
					neighbour: boolean;
					rank: number | null;
					band: string | null;
			  })[]
			| null;
	};
}

export function engine(
	scope: string[],
	period: { from: string; to: string },
	options: string[] = []
): { scope: { name: string }; metrics: EngineMetric[] } {
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
