// npm run generate -- --out DIR [--las N] [--years Y] [--end YYYY-MM-DD] [--seed S] [--workers W]
//                      [--format csv|xml]
// Writes a deterministic synthetic extract (fictional authorities) to DIR: every table as CSV,
// or (xml) census returns for what the censuses carry and CSV for the rest.
import path from 'node:path';
import { generateExtract } from '../src/lib/synthetic/generate';
import { exitOnUsageError, one, parseArgs, printRowCounts, UsageError } from './lib/args';
import { bankHolidays, realAuthorityNames } from '../src/lib/server/reference-data';
import { progressLine } from './lib/progress';

const usage =
	'usage: npm run generate -- --out DIR [--las N] [--years Y] [--end YYYY-MM-DD] [--seed S] [--format csv|xml]';

try {
	const args = parseArgs(process.argv.slice(2), {
		values: ['out', 'las', 'years', 'end', 'seed', 'workers', 'format']
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

	const progress = progressLine('generate');
	const result = await generateExtract({
		out: path.resolve(out),
		authorities: las,
		years,
		end,
		seed,
		workers,
		format,
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
