// npm run metrics -- --db FILE (--la CODE [--la CODE ...] | --region CODE | --england)
//   --from YYYY-MM-DD --to YYYY-MM-DD [--role la_leader|partner|national] [--id ID ...]
//   [--breakdown ID|none] [--monthly] [--benchmarks] [--authorities [--group neighbours|region|england]]
//   [--source auto|store|cases] [--json]
// npm run metrics -- --source published [--published FILE] (--la CODE | --region CODE | --england)
//   --from YYYY-04-01 --to YYYY-03-31 [--id ID ...] [--json]
// Computes metrics with the same engine the pages use, or (--source published) gives DfE's
// published figures for a financial year in the same shape. With --json (and `npm run --silent`)
// stdout is exactly one JSON document.
import path from 'node:path';
import { config } from '../src/lib/server/config';
import { closeAll, withAnalytics } from '../src/lib/server/analytics/duckdb';
import { computeMetrics, type MetricRequest } from '../src/lib/server/analytics/engine/engine';
import type { MetricsResponse } from '../src/lib/metrics/result';
import {
	DisclosureError,
	MetricRequestError,
	ScopeForbiddenError
} from '../src/lib/server/analytics/engine/errors';
import { SYMBOL_LEGEND } from '../src/lib/metrics/result';
import type { Scope } from '../src/lib/server/analytics/engine/scope';
import { publishedMetrics, type PublishedScope } from '../src/lib/server/published/answer';
import { isViewerRole, VIEWER_ROLES, type ViewerRole } from '../src/lib/roles';
import { exitOnUsageError, one, parseArgs, UsageError, type ParsedArgs } from './lib/args';

const usage = `usage: npm run metrics -- --db FILE (--la CODE ... | --region CODE | --england) --from YYYY-MM-DD --to YYYY-MM-DD
  [--role la_leader|partner|national] [--id ID ...] [--breakdown ID|none] [--monthly] [--benchmarks]
  [--authorities [--group neighbours|region|england]] [--source auto|store|cases] [--json]
       npm run metrics -- --source published [--published FILE] (--la CODE | --region CODE | --england)
  --from YYYY-04-01 --to YYYY-03-31 [--id ID ...] [--json]`;

/** The area and period the options name (--la repeatable only where `many`). */
function areaAndPeriod(args: ParsedArgs, many: boolean) {
	const las = args.flags.get('la') ?? [];
	const region = one(args, 'region');
	const given = [las.length > 0, region !== undefined, args.flags.has('england')];
	if (given.filter(Boolean).length !== 1 || (!many && las.length > 1))
		throw new UsageError(
			`give one scope: --la CODE${many ? ' (repeatable)' : ''}, --region CODE or --england`
		);
	const from = one(args, 'from');
	const to = one(args, 'to');
	if (!from || !to) throw new UsageError('--from and --to are required');
	return { las, region, from, to };
}

/** The engine request the command's options describe. */
function requestFromArgs(args: ParsedArgs): MetricRequest {
	const { las, region, from, to } = areaAndPeriod(args, true);
	const scope: Scope =
		las.length === 1
			? { kind: 'la', la: las[0]! }
			: las.length > 1
				? { kind: 'las', las }
				: region
					? { kind: 'region', region }
					: { kind: 'england' };
	const roleArg = one(args, 'role');
	if (roleArg !== undefined && !isViewerRole(roleArg))
		throw new UsageError(`--role must be one of ${VIEWER_ROLES.join(', ')}`);
	// Without --role the command speaks for whoever holds the scope asked for.
	const role =
		(roleArg as ViewerRole | undefined) ??
		(las.length === 1 ? 'la_leader' : las.length > 1 ? 'partner' : 'national');
	const group = one(args, 'group');
	if (group !== undefined && !['neighbours', 'region', 'england'].includes(group))
		throw new UsageError('--group must be neighbours, region or england');
	const source = one(args, 'source') ?? 'auto';
	if (!['auto', 'store', 'cases'].includes(source))
		throw new UsageError('--source must be auto, store, cases or published');
	return {
		scope,
		viewer: { role, las: role === 'national' ? [] : las },
		from,
		to,
		ids: args.flags.get('id'),
		breakdown: (one(args, 'breakdown') ?? 'default') as MetricRequest['breakdown'],
		monthly: args.flags.has('monthly'),
		benchmarks: args.flags.has('benchmarks'),
		authorities: args.flags.has('authorities'),
		...(group ? { group: group as MetricRequest['group'] } : {}),
		source: source as MetricRequest['source']
	};
}

function show(value: number | null, symbol: string | null, digits = 1): string {
	if (symbol) return symbol;
	return value === null ? '' : Number.isInteger(value) ? String(value) : value.toFixed(digits);
}

function printTable(r: MetricsResponse): void {
	console.log(
		`${r.scope.name} · ${r.from} to ${r.to} · role ${r.role}${r.controlled ? ' · disclosure control applied' : ''} · data ${r.dataVersion}`
	);
	const line = (a: string, b: string, c: string, d: string, e = '') =>
		console.log(`${a.padEnd(34)} ${b.padStart(9)} ${c.padStart(10)} ${d.padStart(10)}  ${e}`);
	line('metric', 'value', 'numerator', 'denom.', 'unit');
	for (const m of r.metrics) {
		line(
			m.id,
			show(m.value, m.symbol),
			show(m.numerator, m.symbol === 'z' ? null : m.symbol),
			show(m.denominator, m.symbol === 'z' ? null : m.symbol),
			m.unit
		);
		for (const b of m.breakdown)
			line(
				`  ${m.breakdownBy}: ${b.key}`,
				show(b.value, b.symbol),
				show(b.numerator, b.symbol === 'z' ? null : b.symbol),
				show(b.denominator, b.symbol === 'z' ? null : b.symbol)
			);
		if (m.benchmarks) {
			const bm = m.benchmarks;
			console.log(
				`  England ${bm.england ? show(bm.england.value, bm.england.symbol) : 'not published for this period'}${bm.region ? ` · ${bm.region.name} ${show(bm.region.value, bm.region.symbol)}` : ''}${bm.neighbours ? ` · neighbours' median ${show(bm.neighbours.value, null)} (${bm.neighbours.published} of ${bm.neighbours.of})` : ''}${bm.band ? ` · band ${bm.band}` : ''}${bm.rank ? ` · rank ${bm.rank.position} of ${bm.rank.of}` : ''}${bm.published ? ` · ${bm.published.source}` : ''}`
			);
		}
		if (m.spc) console.log(`  SPC: ${m.spc.variation.words}`);
	}
	console.log(SYMBOL_LEGEND);
}

/** DfE's published figures for the scope and financial year the options name. */
async function published(args: ParsedArgs): Promise<void> {
	const { las, region, from, to } = areaAndPeriod(args, false);
	const scope: PublishedScope =
		las.length === 1
			? { kind: 'la', la: las[0]! }
			: region
				? { kind: 'region', region }
				: { kind: 'england' };
	const dbPath = path.resolve(one(args, 'published') ?? config().publishedDbPath);
	const r = await withAnalytics(
		(session) => publishedMetrics(session, { scope, from, to, ids: args.flags.get('id') }),
		dbPath
	);
	if (args.flags.has('json')) {
		process.stdout.write(`${JSON.stringify(r)}\n`);
		return;
	}
	console.log(
		`${r.scope.name} · ${r.from} to ${r.to} · DfE published statistics · ${r.dataVersion}`
	);
	for (const m of r.metrics)
		console.log(
			`${m.id.padEnd(20)} ${show(m.value, m.symbol).padStart(9)} ${show(m.numerator, m.numerator === null ? m.symbol : null).padStart(10)} ${show(m.denominator, m.denominator === null ? m.symbol : null).padStart(10)}  ${m.unit} · ${m.source}${m.joint ? ` · joint return ${m.joint}` : ''}`
		);
	console.log(
		'c suppressed; x not available; z not applicable; u low reliability; low rounds to nought'
	);
}

try {
	const args = parseArgs(process.argv.slice(2), {
		values: [
			'db',
			'published',
			'la',
			'region',
			'from',
			'to',
			'role',
			'id',
			'breakdown',
			'source',
			'group'
		],
		booleans: ['england', 'json', 'monthly', 'benchmarks', 'authorities']
	});
	if (args.positional.length) throw new UsageError(`unexpected ${args.positional[0]}`);
	if (one(args, 'source') === 'published') {
		await published(args);
		closeAll();
		process.exit(0);
	}
	const dbPath = path.resolve(one(args, 'db') ?? config().analyticsDbPath);
	const request = requestFromArgs(args);
	const response = await withAnalytics((session) => computeMetrics(session, request), dbPath);
	if (args.flags.has('json')) process.stdout.write(`${JSON.stringify(response)}\n`);
	else printTable(response);
	closeAll();
} catch (e) {
	exitOnUsageError(e, 'metrics', usage);
	if (
		e instanceof MetricRequestError ||
		e instanceof ScopeForbiddenError ||
		e instanceof DisclosureError
	) {
		console.error(`metrics: ${e.message}`);
		process.exit(2);
	}
	console.error(`metrics: ${(e as Error).message}`);
	process.exit(1);
}
