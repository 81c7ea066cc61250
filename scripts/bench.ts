// npm run bench — measures the work at national scale and prints a table of figures.
// Part 1 (this file so far): generating and loading the full national synthetic extract
// (153 authorities, 5 years). Reuses an existing extract in data/bench unless --fresh.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadExtract } from '../src/lib/server/analytics/load/loader';
import { generateExtract } from '../src/lib/synthetic/generate';
import { parseArgs } from './lib/args';
import { progressLine } from './lib/progress';
import { bankHolidays, realAuthorityNames, referenceDir } from './lib/reference';

const args = parseArgs(process.argv.slice(2), { values: ['las', 'years'], booleans: ['fresh'] });
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

const progress = progressLine('bench: load');
const l = await loadExtract({ dir: extract, dbPath, referenceDir, onProgress: (s) => progress(s) });
progress('done', true);
const loaded = Object.values(l.rows).reduce((a, b) => a + b, 0);
results.push([
	'load',
	loaded.toLocaleString('en-GB'),
	l.seconds.toFixed(1),
	Math.round(loaded / l.seconds).toLocaleString('en-GB')
]);

console.log(
	`\nCP Oversight benchmark — ${las} authorities × ${years} years; ${os.cpus().length} cores, ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}`
);
console.log(
	`${'step'.padEnd(10)} ${'rows'.padStart(12)} ${'seconds'.padStart(8)} ${'rows/s'.padStart(10)}`
);
for (const [step, rows, secs, rate] of results)
	console.log(`${step.padEnd(10)} ${rows.padStart(12)} ${secs.padStart(8)} ${rate.padStart(10)}`);
console.log(`peak resident memory of this process (generator workers excluded): ${peakRssMb()} MB`);
console.log(`database: ${(fs.statSync(dbPath).size / 2 ** 20).toFixed(0)} MiB`);
