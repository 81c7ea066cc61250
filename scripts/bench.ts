// npm run bench — measures the work at national scale and prints tables of figures.
// Part 1: generating and loading the full national synthetic extract (153 authorities,
// 5 years); reuses an existing extract in data/bench unless --fresh, and an existing database
// with --reuse-db. When it generates and loads afresh, it does both again through the commands
// a user runs (npm run generate, then npm run load), timed from start to exit. Part 2: the metric engine on that database — every metric for the largest
// authority with benchmarks and monthly series, and for a region held by a partnership — from
// the pre-aggregated store and from the case tables, cold and warm — and for England as
// published. Part 3: the built server over HTTP — each
// page's response time for a director and for a national viewer once its opening pages are
// computed, first after a start and after a data swap, warm, and its bytes compressed and not;
// how pages fare while a swap is prepared; 20 concurrent clients for 30 seconds; and in
// Chromium the first paint, largest contentful paint, when the chart is in the page, layout
// shift and script weight of each page; the board pack printed as PDF (time, pages, size, the
// printing browser's memory); the server's peak memory. Prints the tables and writes them into
// docs/performance.md between its bench markers, with the machine described. --no-web skips
// part 3.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import * as prettier from 'prettier';
import os from 'node:os';
import path from 'node:path';
import { CENSUS_TABLES } from '../src/lib/contract';
import { loadExtract } from '../src/lib/server/analytics/load/loader';
import { loadSubmission } from '../src/lib/server/analytics/load/submission';
import { closeAll, withAnalytics } from '../src/lib/server/analytics/duckdb';
import { computeMetrics, type MetricRequest } from '../src/lib/server/analytics/engine/engine';
import { catalogue } from '../src/lib/metrics/catalogue';
import { themes } from '../src/lib/metrics/themes';
import { generateExtract } from '../src/lib/synthetic/generate';
import { parseArgs } from './lib/args';
import {
	browserVitals,
	getPage,
	readWhileSwapping,
	startServer,
	sustained,
	swapInNewVersion,
	timePages,
	waitUntilWarm
} from './lib/bench-web';
import { signInCookie } from './lib/sign-in';
import { leadershipEdits } from './lib/bench-leadership';
import { boardPacks, watchChildMemory } from './lib/bench-pdf';
import { progressLine } from './lib/progress';
import { bankHolidays, realAuthorityNames, referenceDir } from '../src/lib/server/reference-data';

const args = parseArgs(process.argv.slice(2), {
	values: ['las', 'years', 'runs'],
	booleans: ['fresh', 'reuse-db', 'no-web', 'no-census']
});
const runs = Number(args.flags.get('runs')?.[0] ?? 20);
/** Board packs printed per role after the first. */
const PACK_RUNS = 5;
const las = Number(args.flags.get('las')?.[0] ?? 153);
const years = Number(args.flags.get('years')?.[0] ?? 5);
const dir = path.resolve('data/bench');
const extract = path.join(dir, `extract-${las}x${years}`);
const dbPath = path.join(dir, `bench-${las}x${years}.duckdb`);
const results: [string, string, string, string][] = [];
/** Reference tables, whole in every authority's submission. */
const referenceFiles = ['local_authorities.csv', 'statistical_neighbours.csv', 'bank_holidays.csv'];
/** The reform tracker's pages, timed for each role beside the dashboard's. */
const REFORM_PATHS = [
	'/reform',
	'/reform/evaluation',
	'/reform/evaluation?metric=conference_reports_on_time'
];
// Seconds for each, when measured in this run (not reused).
let generateSeconds: number | null = null;
let loadSeconds: number | null = null;

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
	generateSeconds = g.seconds;
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
	loadSeconds = l.seconds;
}
if (generateSeconds !== null && loadSeconds !== null)
	results.push(['generate + load', '', (generateSeconds + loadSeconds).toFixed(1), '']);
const loaderRss = peakRssMb();
if (generateSeconds !== null && loadSeconds !== null) measureThroughCommands();

/**
 * The same generation and load through the commands a user runs, one straight after the other,
 * each timed from its start to its exit (start-up included), into a folder and database of
 * their own, removed afterwards. The audit entry the load writes goes to a scratch database.
 */
function measureThroughCommands(): void {
	const out = path.join(dir, `commands-${las}x${years}`);
	const db = `${out}.duckdb`;
	const appDb = `${out}-app.sqlite`;
	const clean = () => {
		fs.rmSync(out, { recursive: true, force: true });
		for (const f of fs.readdirSync(dir))
			if (f.startsWith(path.basename(db)) || f.startsWith(path.basename(appDb)))
				fs.rmSync(path.join(dir, f), { recursive: true, force: true });
	};
	clean();
	const env = { ...process.env, OVERSIGHT_APP_DB: appDb };
	const timed = (label: string, command: string[]) => {
		const progress = progressLine(`bench: ${label}`);
		progress('running');
		const started = performance.now();
		const run = spawnSync('npm', ['run', '--silent', ...command], { env, stdio: 'ignore' });
		if (run.status !== 0) throw new Error(`bench: ${command.join(' ')} exited with ${run.status}`);
		progress('done', true);
		return (performance.now() - started) / 1000;
	};
	try {
		const g = timed('npm run generate', [
			'generate',
			'--',
			'--out',
			out,
			'--las',
			String(las),
			'--years',
			String(years)
		]);
		const l = timed('npm run load', ['load', '--', out, '--db', db, '--replace-all']);
		results.push(['through the commands: generate', '', g.toFixed(1), '']);
		results.push(['through the commands: load', '', l.toFixed(1), '']);
		results.push(['through the commands: generate + load', '', (g + l).toFixed(1), '']);
	} finally {
		clean();
	}
}

// Part 1b: the same data as census returns, and one authority's resubmission.
const census = args.flags.has('no-census') ? null : await measureCensus();

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
// The region with the most authorities, as a partnership holding all of it would ask for it.
const biggestRegion = await withAnalytics(
	(s) =>
		s.query(
			`SELECT region_code, list(la_code ORDER BY la_code) AS las FROM local_authorities
			WHERE la_code IN (SELECT DISTINCT la_code FROM referrals)
			GROUP BY region_code ORDER BY count(*) DESC, region_code LIMIT 1`
		),
	dbPath
);
const regionLas = biggestRegion[0]!.las as string[];
const period = { from: '2024-04-01', to: '2025-03-31' };
const withEverything = { ...period, monthly: true, benchmarks: true, authorities: true };
// England exists only as published (the protected roll-up): it has no case-table route.
const scenarios: [string, MetricRequest, ('store' | 'cases')[]][] = [
	[
		`one LA (${la})`,
		{ scope: { kind: 'la', la }, viewer: { role: 'la_leader', las: [la] }, ...withEverything },
		['store', 'cases']
	],
	[
		`a region held (${regionLas.length} LAs)`,
		{
			scope: { kind: 'las', las: regionLas },
			viewer: { role: 'partner', las: regionLas },
			...withEverything
		},
		['store', 'cases']
	],
	[
		'England (published)',
		{ scope: { kind: 'england' }, viewer: { role: 'national', las: [] }, ...withEverything },
		['store']
	]
];
const engine: string[][] = [];
const timeOnce = async (request: MetricRequest) => {
	const t = performance.now();
	await withAnalytics((s) => computeMetrics(s, { ...request, cache: false }), dbPath);
	return performance.now() - t;
};
for (const [label, request, sources] of scenarios) {
	const medians: Record<string, number> = {};
	for (const source of sources) {
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
	if (medians.cases !== undefined)
		engine.push([label, 'ratio', '', '', (medians.cases / medians.store!).toFixed(1) + '×', '']);
}

// What disclosure control costs: England as published beside England as it would be to someone
// holding every authority (exact), for the year, measure by measure.
const everyLa = (
	await withAnalytics(
		(s) => s.query(`SELECT DISTINCT la_code FROM referrals ORDER BY la_code`),
		dbPath
	)
).map((r) => String(r.la_code));
const [exactEngland, publishedEngland] = await withAnalytics(
	(s) =>
		Promise.all([
			computeMetrics(s, {
				scope: { kind: 'las', las: everyLa },
				viewer: { role: 'partner', las: everyLa },
				...period,
				breakdown: 'none'
			}),
			computeMetrics(s, {
				scope: { kind: 'england' },
				viewer: { role: 'national', las: [] },
				...period,
				breakdown: 'none'
			})
		]),
	dbPath
);
const cost = exactEngland.metrics
	.map((m, i) => ({ m, p: publishedEngland.metrics[i]! }))
	.filter(({ m, p }) => m.value !== null && p.value !== null)
	.map(({ m, p }) => ({ id: m.id, unit: m.unit, exact: m.value!, published: p.value! }))
	// Largest first, relative to the exact value (units differ between measures).
	.sort(
		(a, b) =>
			Math.abs(b.published - b.exact) / Math.max(Math.abs(b.exact), 1e-9) -
			Math.abs(a.published - a.exact) / Math.max(Math.abs(a.exact), 1e-9)
	);
closeAll();

// Part 3: the pages over HTTP and in Chromium.
const web = args.flags.has('no-web') ? null : await measureWeb();

const machine = `${os.cpus().length} cores (${os.cpus()[0]?.model.trim() ?? 'unknown CPU'}), ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}, ${os.platform()} ${os.release()}`;
const md: string[] = [];
const table = (head: string[], rows: string[][]) => {
	md.push(`| ${head.join(' | ')} |`, `| ${head.map(() => '---').join(' | ')} |`);
	for (const r of rows) md.push(`| ${r.join(' | ')} |`);
	md.push('');
};
md.push(
	`Measured ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC on ${machine}; ${las} authorities × ${years} years.`,
	''
);
md.push('**Generation and load**', '');
table(['step', 'rows', 'seconds', 'rows per second'], results);
md.push(
	`Peak resident memory of the benchmark process up to the end of the load (generator threads included): ${loaderRss.toLocaleString('en-GB')} MB. Database: ${(fs.statSync(dbPath).size / 2 ** 20).toFixed(0)} MiB.`,
	''
);
if (census) {
	md.push(
		'**Census returns** — the same national data written as CIN and workforce census returns (XML) for what they carry, CSV for the rest, and loaded',
		''
	);
	table(['step', 'rows', 'seconds', 'rows per second'], census.xml);
	md.push(
		`**One authority's resubmission** — ${census.la} sent again (other data, ${census.submittedRows.toLocaleString('en-GB')} rows) into a copy of the national database: ${census.seconds.toFixed(1)} s in all. Every other authority's case rows and store figures compared before and after, table by table (row count and row hashes): ${census.identical ? 'identical' : 'DIFFERENT'} (${census.compared.toLocaleString('en-GB')} authority-tables).`,
		''
	);
	table(['step', 'seconds'], census.steps);
}
md.push(
	`**Metric engine** — all ${catalogue.length} metrics with breakdowns, monthly series, SPC and benchmarks, FY 2024-25, result cache off (milliseconds)`,
	''
);
table(['scope', 'source', 'runs', 'cold', 'median', '95th percentile'], engine);
md.push(
	`**Disclosure control's cost** — England for FY 2024-25 as published (from protected authority-months, counts rounded to 10) beside the exact figure; the ${Math.min(8, cost.length)} measures that differ most of ${cost.length}`,
	''
);
table(
	['measure', 'unit', 'exact', 'published', 'difference'],
	cost
		.slice(0, 8)
		.map((c) => [
			`\`${c.id}\``,
			c.unit,
			c.exact.toFixed(2),
			c.published.toFixed(2),
			(c.published - c.exact).toFixed(2)
		])
);
if (web) {
	md.push(
		`**Pages over HTTP** — \`node build\` on this machine, time to the last byte (milliseconds), as a browser asks (brotli accepted). The server computes each account's opening pages (overview and themes) after it starts: that took ${(web.warmAfterStart / 1000).toFixed(1)} s, and "first" is each page's first request after it. Median and 95th percentile over ${runs} repeats; bytes of HTML as sent compressed and uncompressed.`,
		''
	);
	const afterSwap = new Map(web.afterSwap.map((a) => [`${a.role} ${a.path}`, a.ms]));
	table(
		[
			'role',
			'page',
			'first',
			'first after a swap',
			'median',
			'95th percentile',
			'KB compressed',
			'KB uncompressed'
		],
		web.pages.map((p) => [
			p.role,
			`\`${p.path}\``,
			p.first.toFixed(0),
			(afterSwap.get(`${p.role} ${p.path}`) ?? NaN).toFixed(0),
			p.median.toFixed(1),
			p.p95.toFixed(1),
			(p.bytes / 1024).toFixed(1),
			(p.bytesUncompressed / 1024).toFixed(1)
		])
	);
	const lead = web.leadership;
	md.push(
		`**Leaders' items** — before the pages above were timed, the director's authority was given a target on every measure, a change point with limits recalculated for one, published commentary on every headline measure and ${lead.actions} actions, each through the pages' form posts. Those saves and the ones below: ${lead.saves.count} in all, median ${lead.saves.median.toFixed(0)} ms, 95th percentile ${lead.saves.p95.toFixed(0)} ms. A save makes every page of the area new (kept pages are keyed on leaders' items); rendered afresh after a save, ${lead.afterSave.map((a) => `\`${a.path}\` took a median of ${a.median.toFixed(0)} ms (95th percentile ${a.p95.toFixed(0)} ms)`).join(' and ')}.`,
		''
	);
	const w = web.duringSwap;
	md.push(
		`**A data swap** — a new data version renamed over the file in service (the same figures under a new version, so no cached answer counts for it). The server kept serving the old file while it computed the new one's opening pages, then switched: ${(w.ms / 1000).toFixed(1)} s from the rename to the new version in service, during which the overview answered ${w.requests} times with a median of ${w.median.toFixed(0)} ms and at worst ${w.max.toFixed(0)} ms. "First after a swap" above is each page's first request once the new version was in service.`,
		''
	);
	const l = web.load;
	md.push(
		`**Sustained load** — ${l.connections} concurrent clients for ${l.seconds} s, brotli accepted, cycling through every page above for both roles: ${l.requests.toLocaleString('en-GB')} requests, ${l.perSecond.toFixed(0)} per second, ${l.errors} errors, ${l.non2xx} non-2xx responses; latency median ${l.latencyP50} ms, 99th percentile ${l.latencyP99} ms.`,
		''
	);
	md.push(
		'**In Chromium** — first visit of each page in a fresh browser profile, 1280×800 (milliseconds from navigation). "Chart in the page" is when the page first held a chart\'s SVG; at or before the first paint means the first paint holds it.',
		''
	);
	table(
		[
			'role',
			'page',
			'first paint',
			'chart in the page',
			'largest contentful paint',
			'layout shift',
			'JavaScript transferred (KB, compressed)',
			'script files'
		],
		web.vitals.map((v) => [
			v.role,
			`\`${v.path}\``,
			v.fcp.toFixed(0),
			v.chart === null ? 'no chart' : v.chart.toFixed(0),
			v.lcp.toFixed(0),
			v.cls.toFixed(3),
			(v.jsBytes / 1024).toFixed(1),
			String(v.jsFiles)
		])
	);
	md.push(
		`**Board packs** — \`/report.pdf\` with each role's default filters, printed by the server's Chromium: the first after the start (which launches the browser), then ${PACK_RUNS} more one after another. "Figures found" counts the report page's tile figures present in the file's text.`,
		''
	);
	table(
		['role', 'first (ms)', 'median (ms)', 'slowest (ms)', 'pages', 'size (KB)', 'figures found'],
		web.packs.map((p) => [
			p.role,
			p.first.toFixed(0),
			p.median.toFixed(0),
			p.max.toFixed(0),
			String(p.pages),
			(p.bytes / 1024).toFixed(0),
			`${p.figuresFound} of ${p.figuresShown}`
		])
	);
	md.push(
		`Peak memory of the printing browser, all its processes together (proportional set size: pages they share counted once): ${web.printerRss.toLocaleString('en-GB')} MB.`,
		''
	);
	md.push(`Peak resident memory of the server: ${web.serverRss.toLocaleString('en-GB')} MB.`, '');
}
md.push(
	`Peak resident memory of the benchmark process at the end: ${peakRssMb().toLocaleString('en-GB')} MB.`
);

const report = md.join('\n');
console.log(`\n${report}`);
const doc = path.resolve('docs/performance.md');
const text = fs.readFileSync(doc, 'utf8');
const begin = '<!-- bench:begin -->';
const end = '<!-- bench:end -->';
if (text.includes(begin) && text.includes(end)) {
	const updated = `${text.slice(0, text.indexOf(begin) + begin.length)}\n\n${report}\n\n${text.slice(text.indexOf(end))}`;
	// Formatted as the rest of the documentation is, so the lint check stays green.
	const options = (await prettier.resolveConfig(doc)) ?? {};
	fs.writeFileSync(doc, await prettier.format(updated, { ...options, filepath: doc }));
	console.log(`\nwritten to ${path.relative(process.cwd(), doc)}`);
}

/**
 * The national data as census returns, generated and loaded (the returns' reading timed on its
 * own), then one authority's resubmission into a copy of the national database, step by step,
 * with every other authority's rows and figures compared before and after.
 */
async function measureCensus() {
	const xmlExtract = path.join(dir, `extract-xml-${las}x${years}`);
	const xml: [string, string, string, string][] = [];
	if (args.flags.has('fresh') || !fs.existsSync(path.join(xmlExtract, 'manifest.json'))) {
		fs.rmSync(xmlExtract, { recursive: true, force: true });
		const progress = progressLine('bench: generate census returns');
		const g = await generateExtract({
			out: xmlExtract,
			authorities: las,
			years,
			end: '2025-03-31',
			seed: 'cp-oversight',
			format: 'xml',
			bankHolidays: bankHolidays(),
			realNames: realAuthorityNames(),
			onProgress: (d, t) => progress(`${d}/${t} authorities`, d === t)
		});
		xml.push([
			'generate (returns and CSV)',
			g.totalRows.toLocaleString('en-GB'),
			g.seconds.toFixed(1),
			''
		]);
	}
	const xmlDb = path.join(dir, 'census.duckdb');
	const progress = progressLine('bench: load census returns');
	const steps: [string, number][] = [];
	const l = await loadExtract({
		dir: xmlExtract,
		dbPath: xmlDb,
		referenceDir,
		onProgress: (s) => {
			steps.push([s, performance.now()]);
			progress(s);
		}
	});
	progress('done', true);
	const at = (label: string) => steps.find(([s]) => s === label)?.[1] ?? NaN;
	const readSeconds = (at('census returns read') - at('reading census returns')) / 1000;
	const fromReturns = [...CENSUS_TABLES.CIN, ...CENSUS_TABLES.CSWW]
		.map((t) => l.rows[t] ?? 0)
		.reduce((a, b) => a + b, 0);
	const files = fs.readdirSync(xmlExtract).filter((f) => f.endsWith('.xml'));
	const bytes = files.reduce((n, f) => n + fs.statSync(path.join(xmlExtract, f)).size, 0);
	xml.push([
		`reading ${files.length.toLocaleString('en-GB')} returns (${(bytes / 2 ** 30).toFixed(2)} GiB) into tables`,
		fromReturns.toLocaleString('en-GB'),
		readSeconds.toFixed(1),
		Math.round(fromReturns / readSeconds).toLocaleString('en-GB')
	]);
	const total = Object.values(l.rows).reduce((a, b) => a + b, 0);
	xml.push([
		'load in all',
		total.toLocaleString('en-GB'),
		l.seconds.toFixed(1),
		Math.round(total / l.seconds).toLocaleString('en-GB')
	]);
	fs.rmSync(xmlDb, { force: true });

	// One authority's resubmission: other data for it (another seed), into a copy.
	const la = 'X00000005';
	const other = path.join(dir, 'resubmission-source');
	if (!fs.existsSync(path.join(other, 'manifest.json')))
		await generateExtract({
			out: other,
			authorities: 5,
			years,
			end: '2025-03-31',
			seed: 'resubmission',
			bankHolidays: bankHolidays(),
			realNames: realAuthorityNames()
		});
	const submission = authorityExtract(other, path.join(dir, 'resubmission'), la);
	const copy = path.join(dir, 'resubmitted.duckdb');
	fs.rmSync(`${copy}.submissions`, { recursive: true, force: true });
	fs.copyFileSync(dbPath, copy);
	// A served database is on disk long before a submission arrives; this copy is flushed first,
	// so that its write-back neither counts in the submission's time nor slows its own flushes.
	const fd = fs.openSync(copy, 'r');
	fs.fsyncSync(fd);
	fs.closeSync(fd);
	const before = await fingerprints(copy, la);
	const marks: [string, number][] = [];
	const p2 = progressLine('bench: one authority resubmitted');
	const started = performance.now();
	await loadSubmission({
		dir: submission,
		dbPath: copy,
		referenceDir,
		loadedBy: 'bench',
		keep: 3,
		onProgress: (s) => {
			marks.push([s, performance.now()]);
			p2(s);
		}
	});
	const seconds = (performance.now() - started) / 1000;
	p2('done', true);
	const after = await fingerprints(copy, la);
	const stepsOut: [string, string][] = [];
	// The served file is copied while the submission is checked and its figures made.
	const firstMerge = marks.findIndex(([s]) => s === 'keeping the rows replaced');
	const figures = marks.find(([s]) => s === 'making their figures')![1];
	stepsOut.push(
		[
			'the submission loaded and checked on its own (the served file copied meanwhile)',
			((figures - started) / 1000).toFixed(1)
		],
		[
			'its figures made on their own (the copy finished meanwhile)',
			((marks[firstMerge]![1] - figures) / 1000).toFixed(1)
		]
	);
	for (let i = firstMerge; i < marks.length; i++)
		stepsOut.push([
			marks[i]![0],
			(((marks[i + 1]?.[1] ?? performance.now()) - marks[i]![1]) / 1000).toFixed(1)
		]);
	// Rows of the case tables sent (each CSV's lines but its header).
	const submittedRows = fs
		.readdirSync(submission)
		.filter((f) => f.endsWith('.csv') && !referenceFiles.includes(f))
		.map(
			(f) =>
				fs.readFileSync(path.join(submission, f), 'utf8').split('\n').filter(Boolean).length - 1
		)
		.reduce((a, b) => a + b, 0);
	fs.rmSync(copy, { force: true });
	fs.rmSync(`${copy}.submissions`, { recursive: true, force: true });
	return {
		xml,
		la,
		seconds,
		steps: stepsOut,
		submittedRows,
		identical: JSON.stringify([...before]) === JSON.stringify([...after]),
		compared: before.size
	};
}

/**
 * For every authority but `except`, each case and store table's row count and row hashes
 * (summed and xor-ed): equal before and after only if the rows are.
 */
async function fingerprints(db: string, except: string): Promise<Map<string, string>> {
	const out = new Map<string, string>();
	const tables = [
		'referrals',
		'assessments',
		'strategy_discussions',
		'strategy_attendance',
		's47_enquiries',
		'conferences',
		'conference_attendance',
		'cp_plans',
		'cp_visits',
		'information_requests',
		'escalations',
		'case_audits',
		'practitioners',
		'allocations',
		'vacancies',
		'children',
		'metric_cube',
		'metric_totals',
		'metric_distribution'
	];
	await withAnalytics(async (s) => {
		for (const t of tables)
			for (const r of await s.query(
				`SELECT la_code, count(*) AS n, CAST(bit_xor(hash(x)) AS VARCHAR) AS x, CAST(sum(hash(x) % 1000000007) AS VARCHAR) AS h FROM ${t} x WHERE la_code <> $except GROUP BY la_code ORDER BY la_code`,
				{ except }
			))
				out.set(`${t} ${r.la_code}`, `${r.n} ${r.x} ${r.h}`);
	}, db);
	closeAll();
	return out;
}

/** One authority's rows of a generated extract, as its own submission. */
function authorityExtract(src: string, out: string, la: string): string {
	fs.rmSync(out, { recursive: true, force: true });
	fs.mkdirSync(out, { recursive: true });
	for (const f of fs.readdirSync(src)) {
		const from = path.join(src, f);
		if (f === 'manifest.json') {
			const m = JSON.parse(fs.readFileSync(from, 'utf8'));
			fs.writeFileSync(path.join(out, f), JSON.stringify({ ...m, la_codes: [la] }));
			continue;
		}
		const [header, ...lines] = fs.readFileSync(from, 'utf8').split('\n');
		const at = header!.split(',').indexOf('la_code');
		const reference = [
			'local_authorities.csv',
			'statistical_neighbours.csv',
			'bank_holidays.csv'
		].includes(f);
		const keep = lines.filter((l) => l && (reference || l.split(',')[at] === la));
		fs.writeFileSync(path.join(out, f), [header, ...keep].join('\n') + '\n');
	}
	return out;
}

async function measureWeb() {
	const webDir = path.join(dir, 'web');
	fs.rmSync(webDir, { recursive: true, force: true });
	fs.mkdirSync(webDir, { recursive: true });
	const progress = progressLine('bench: pages');
	progress('building the server');
	const built = spawnSync('npx', ['vite', 'build', '--logLevel', 'error'], { stdio: 'ignore' });
	if (built.status !== 0) throw new Error('vite build failed');
	progress('starting the server');
	const server = await startServer({
		dbPath,
		appDb: path.join(webDir, 'app.sqlite'),
		port: Number(process.env.BENCH_PORT ?? 4180)
	});
	try {
		const paths = ['/', ...themes.map((t) => `/${t.id}`), '/metrics/icpc_15wd', '/compare'];
		const roles = [
			['la_leader', 'leader@demo.invalid'],
			['national', 'national@demo.invalid']
		] as const;
		progress('computing the opening pages');
		const warmAfterStart = await waitUntilWarm(server.base);
		const cookies = new Map<string, string>();
		for (const [role, email] of roles)
			cookies.set(role, await signInCookie(server.base, email, 'demonstration only'));
		progress("the director's targets, commentary and actions");
		const leadership = await leadershipEdits(server.base, cookies.get('la_leader')!);
		const pages = [];
		for (const [role] of roles) {
			progress(`timing pages for ${role}`);
			pages.push(...(await timePages(server.base, role, cookies.get(role)!, paths, runs)));
			// The reform tracker's views: the first evaluation of a measure runs its bootstrap.
			pages.push(...(await timePages(server.base, role, cookies.get(role)!, REFORM_PATHS, runs)));
		}
		progress('a data swap');
		const version = await swapInNewVersion(dbPath);
		const duringSwap = await readWhileSwapping(
			server.base,
			'/',
			cookies.get('la_leader')!,
			version
		);
		const afterSwap: { role: string; path: string; ms: number }[] = [];
		for (const [role] of roles)
			for (const p of [...paths, ...REFORM_PATHS])
				afterSwap.push({
					role,
					path: p,
					ms: (await getPage(server.base, p, cookies.get(role)!)).ms
				});
		progress('20 clients for 30 seconds');
		const load = await sustained(
			server.base,
			roles.flatMap(([role]) => paths.map((p) => ({ path: p, cookie: cookies.get(role)! })))
		);
		const vitals = [];
		for (const [role] of roles) {
			progress(`Chromium for ${role}`);
			vitals.push(...(await browserVitals(server.base, role, cookies.get(role)!, paths)));
		}
		const memory = watchChildMemory(server);
		const packs = [];
		for (const [role] of roles) {
			progress(`board packs for ${role}`);
			packs.push(await boardPacks(server.base, role, cookies.get(role)!, PACK_RUNS));
		}
		const printerRss = memory.stop();
		progress('done', true);
		return {
			packs,
			printerRss,
			pages,
			leadership,
			warmAfterStart,
			duringSwap,
			afterSwap,
			load,
			vitals,
			serverRss: server.peakRssMb()
		};
	} finally {
		await server.stop();
	}
}
