// npm run bench — measures the work at national scale and prints tables of figures.
// Part 1: generating and loading the full national synthetic extract (153 authorities,
// 5 years); reuses an existing extract in data/bench unless --fresh, and an existing database
// with --reuse-db. Part 2: the metric engine on that database — every metric for the largest
// authority with benchmarks and monthly series, and for England — from the pre-aggregated
// store and from the case tables, cold and warm.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadExtract } from '../src/lib/server/analytics/load/loader';
import { closeAll, withAnalytics } from '../src/lib/server/analytics/duckdb';
import { computeMetrics, type MetricRequest } from '../src/lib/server/analytics/metrics/engine';
import { catalogue } from '../src/lib/metrics/catalogue';
import { generateExtract } from '../src/lib/synthetic/generate';
import { parseArgs } from './lib/args';
import { progressLine } from './lib/progress';
import { bankHolidays, realAuthorityNames, referenceDir } from './lib/reference';

const args = parseArgs(process.argv.slice(2), {
	values: ['las', 'years', 'runs'],
	booleans: ['fresh', 'reuse-db']
});
const runs = Number(args.flags.get('runs')?.[0] ?? 20);
const las = Number(args.flags.get('las')?.[0] ?? 153);
const years = Number(args.flags.get('years')?.[0] ?? 5);
const dir = path.resolve('data/bench');
const extract = path.join(dir, `extract-${las}x${years}`);
const dbPath = path.join(dir, `bench-${las}x${years}.duckdb`);
const results: [string, string, string, string][] = [];

function peakRssMb(): number {
	return Math.round(process.resourceUsage().maxRSS / 1024);
}

if (args.flags.has('fresh') || !fs.existsSync(path.join(extract, 'manifest.json'))) {
	fs.rmSync(extract, { recursive: true, force: true });
	const progress = progressLine('bench: generate');
	const g = await generateExtract({
		out: extract,
		authorities: las,
		years,
		end: '2025-03-31',
		seed: 'cp-oversight',
		bankHolidays: bankHolidays(),
		realNames: realAuthorityNames(),
		onProgress: (d, t, rows) =>
			progress(`${d}/${t} authorities, ${rows.toLocaleString('en-GB')} rows`, d === t)
	});
	results.push([
		'generate',
		g.totalRows.toLocaleString('en-GB'),
		g.seconds.toFixed(1),
		Math.round(g.totalRows / g.seconds).toLocaleString('en-GB')
	]);
} else {
	results.push(['generate', '(reused)', '', '']);
}

if (args.flags.has('reuse-db') && fs.existsSync(dbPath)) {
	results.push(['load', '(reused)', '', '']);
} else {
	const progress = progressLine('bench: load');
	// Step start times, to report how long the metric store took within the load.
	const steps: [string, number][] = [];
	const l = await loadExtract({
		dir: extract,
		dbPath,
		referenceDir,
		onProgress: (s) => {
			steps.push([s, performance.now()]);
			progress(s);
		}
	});
	progress('done', true);
	const storeStep = steps.findIndex(([s]) => s === 'building the metric store');
	const storeSeconds =
		storeStep >= 0 && steps[storeStep + 1]
			? (steps[storeStep + 1]![1] - steps[storeStep]![1]) / 1000
			: null;
	const loaded = Object.values(l.rows).reduce((a, b) => a + b, 0);
	results.push([
		'load',
		loaded.toLocaleString('en-GB'),
		l.seconds.toFixed(1),
		Math.round(loaded / l.seconds).toLocaleString('en-GB')
	]);
	if (storeSeconds !== null) results.push(['  metric store', '', storeSeconds.toFixed(1), '']);
}
const loaderRss = peakRssMb();

// Part 2: the metric engine.
const quantile = (xs: number[], q: number) => {
	const s = [...xs].sort((a, b) => a - b);
	return s[Math.min(s.length - 1, Math.ceil(q * s.length) - 1)]!;
};
const largest = await withAnalytics(
	(s) =>
		s.query(
			`SELECT la_code, count(*) AS n FROM referrals GROUP BY la_code ORDER BY n DESC, la_code LIMIT 1`
		),
	dbPath
);
const la = String(largest[0]!.la_code);
const period = { from: '2024-04-01', to: '2025-03-31' };
const scenarios: [string, MetricRequest][] = [
	[
		`one LA (${la})`,
		{
			scope: { kind: 'la', la },
			viewer: { role: 'la_leader', las: [la] },
			...period,
			monthly: true,
			benchmarks: true,
			authorities: true
		}
	],
	[
		'England',
		{
			scope: { kind: 'england' },
			viewer: { role: 'national', las: [] },
			...period,
			monthly: true,
			benchmarks: true,
			authorities: true
		}
	]
];
const engine: string[][] = [];
const timeOnce = async (request: MetricRequest) => {
	const t = performance.now();
	await withAnalytics((s) => computeMetrics(s, request), dbPath);
	return performance.now() - t;
};
for (const [label, request] of scenarios) {
	const medians: Record<string, number> = {};
	for (const source of ['store', 'cases'] as const) {
		// The case tables take seconds per request: fewer repeats keep the bench within minutes.
		const n = source === 'store' ? runs : 2;
		const progress = progressLine(`bench: ${label} from the ${source}`);
		closeAll(); // a fresh instance: the first request pays for opening and reference data
		const cold = await timeOnce({ ...request, source });
		const warm: number[] = [];
		for (let i = 0; i < n; i++) {
			progress(`run ${i + 1} of ${n}`);
			warm.push(await timeOnce({ ...request, source }));
		}
		progress('done', true);
		medians[source] = quantile(warm, 0.5);
		engine.push([
			label,
			source,
			String(n),
			cold.toFixed(0),
			quantile(warm, 0.5).toFixed(1),
			quantile(warm, 0.95).toFixed(1)
		]);
	}
	engine.push([label, 'ratio', '', '', (medians.cases! / medians.store!).toFixed(1) + '×', '']);
}
closeAll();

console.log(
	`\nCP Oversight benchmark — ${las} authorities × ${years} years; ${os.cpus().length} cores, ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}`
);
console.log(
	`${'step'.padEnd(16)} ${'rows'.padStart(12)} ${'seconds'.padStart(8)} ${'rows/s'.padStart(10)}`
);
for (const [step, rows, secs, rate] of results)
	console.log(`${step.padEnd(16)} ${rows.padStart(12)} ${secs.padStart(8)} ${rate.padStart(10)}`);
console.log(
	`peak resident memory of this process after loading (generator workers excluded): ${loaderRss} MB`
);
console.log(`database: ${(fs.statSync(dbPath).size / 2 ** 20).toFixed(0)} MiB`);

console.log(
	`\nMetric engine — all ${catalogue.length} metrics with breakdowns, monthly series, SPC and benchmarks, FY 2024-25 (milliseconds)`
);
console.log(
	`${'scope'.padEnd(22)} ${'source'.padEnd(6)} ${'runs'.padStart(5)} ${'cold'.padStart(8)} ${'median'.padStart(8)} ${'p95'.padStart(8)}`
);
for (const [scope, source, n, cold, med, p95] of engine)
	console.log(
		`${scope!.padEnd(22)} ${source!.padEnd(6)} ${n!.padStart(5)} ${cold!.padStart(8)} ${med!.padStart(8)} ${p95!.padStart(8)}`
	);
console.log(`peak resident memory of this process at the end: ${peakRssMb()} MB`);
