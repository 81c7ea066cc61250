// npm run generate -- --out DIR [--las N] [--years Y] [--end YYYY-MM-DD] [--seed S] [--workers W]
//                      [--format csv|xml] [--effect MEASURE=POINTS]... [--adopters N] [--no-reform]
// Writes a deterministic synthetic extract (fictional authorities) to DIR: every table as CSV,
// or (xml) census returns for what the censuses carry and CSV for the rest. A simulated rollout
// of multi-agency child protection teams is part of it unless --no-reform: --effect sets a
// modelled effect (repeat it; any not given keeps its default, 0 turns it off); --adopters how
// many authorities go live within the data (by default the real programme's share).
import path from 'node:path';
import { generateExtract } from '../src/lib/synthetic/generate';
import { exitOnUsageError, one, parseArgs, printRowCounts, UsageError } from './lib/args';
import { bankHolidays, realAuthorityNames } from '../src/lib/server/reference-data';
import { progressLine } from './lib/progress';
import {
	MODELLED_EFFECTS,
	isModelledMeasure,
	type ModelledMeasure
} from '../src/lib/synthetic/reform';

const usage =
	'usage: npm run generate -- --out DIR [--las N] [--years Y] [--end YYYY-MM-DD] [--seed S] [--format csv|xml] [--effect MEASURE=POINTS]... [--adopters N] [--no-reform]';

/** The modelled effects: the defaults, with those given on the command line in their place. */
function effectsFrom(given: string[]): Partial<Record<ModelledMeasure, number>> {
	const effects: Partial<Record<ModelledMeasure, number>> = { ...MODELLED_EFFECTS };
	for (const g of given) {
		const [id, value] = g.split('=');
		if (!id || !isModelledMeasure(id))
			throw new UsageError(
				`--effect ${g}: the measure must be one of ${Object.keys(MODELLED_EFFECTS).join(', ')}`
			);
		const points = Number(value);
		if (
			value === undefined ||
			value.trim() === '' ||
			!Number.isFinite(points) ||
			points < 0 ||
			points > 50
		)
			throw new UsageError(
				`--effect ${g}: the effect must be a number of points from 0 to 50 (the model raises a measure, never lowers it)`
			);
		effects[id] = points;
	}
	return effects;
}

try {
	const args = parseArgs(process.argv.slice(2), {
		values: ['out', 'las', 'years', 'end', 'seed', 'workers', 'format', 'effect', 'adopters'],
		booleans: ['no-reform']
	});
	const out = one(args, 'out');
	if (!out) throw new UsageError('--out is required');
	const las = Number(one(args, 'las') ?? 153);
	const years = Number(one(args, 'years') ?? 5);
	const end = one(args, 'end') ?? '2025-03-31';
	const seed = one(args, 'seed') ?? 'cp-oversight';
	const workers = one(args, 'workers') ? Number(one(args, 'workers')) : undefined;
	if (!Number.isInteger(las) || las < 1 || las > 999)
		throw new UsageError('--las must be 1 to 999');
	if (!Number.isInteger(years) || years < 1 || years > 10)
		throw new UsageError('--years must be 1 to 10');
	if (!/^\d{4}-\d{2}-\d{2}$/.test(end)) throw new UsageError('--end must be YYYY-MM-DD');
	const format = one(args, 'format') ?? 'csv';
	if (format !== 'csv' && format !== 'xml') throw new UsageError('--format must be csv or xml');
	if (format === 'xml' && !end.endsWith('-03-31'))
		throw new UsageError('--format xml needs an --end of 31 March (the census year ends then)');

	const effects = effectsFrom(args.flags.get('effect') ?? []);
	if (args.flags.has('no-reform') && args.flags.has('effect'))
		throw new UsageError('--effect and --no-reform cannot be used together');
	const adopters = one(args, 'adopters');
	if (adopters !== undefined && (!/^\d+$/.test(adopters) || Number(adopters) > las))
		throw new UsageError('--adopters must be a whole number no larger than --las');
	if (args.flags.has('no-reform') && adopters !== undefined)
		throw new UsageError('--adopters and --no-reform cannot be used together');
	const reform = args.flags.has('no-reform')
		? null
		: { effects, ...(adopters === undefined ? {} : { adopters: Number(adopters) }) };

	const progress = progressLine('generate');
	const result = await generateExtract({
		out: path.resolve(out),
		authorities: las,
		years,
		end,
		seed,
		workers,
		format,
		reform,
		bankHolidays: bankHolidays(),
		realNames: realAuthorityNames(),
		onProgress: (done, total, rows) =>
			progress(`${done}/${total} authorities, ${rows.toLocaleString('en-GB')} rows`, done === total)
	});
	console.log(
		`generate: ${result.totalRows.toLocaleString('en-GB')} rows for ${las} authorities in ${result.seconds.toFixed(1)} s (${Math.round(result.totalRows / result.seconds).toLocaleString('en-GB')} rows/s) → ${out}`
	);
	printRowCounts(result.rows);
} catch (e) {
	exitOnUsageError(e, 'generate', usage);
	throw e;
}
