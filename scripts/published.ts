// npm run published -- DIR [--db FILE] [--by NAME]
// Reads DfE's published statistics as downloaded (the release CSVs in DIR) into the
// published-figures store, replacing it whole; a file it does not know, or any problem in one,
// refuses the lot and leaves the store in service as it was.
import path from 'node:path';
import { config } from '../src/lib/server/config';
import { ExtractError, formatProblem } from '../src/lib/server/analytics/load/errors';
import { defaultLoader } from '../src/lib/server/analytics/load/submission';
import { loadPublished } from '../src/lib/server/published/store';
import { recordAudit } from '../src/lib/server/audit';
import { openAppDb } from '../src/lib/server/db/client';
import { referenceDir } from '../src/lib/server/reference-data';
import { exitOnUsageError, one, parseArgs, UsageError } from './lib/args';
import { progressLine } from './lib/progress';

const usage = 'usage: npm run published -- DIR [--db FILE] [--by NAME]';

function audit(details: Record<string, unknown>): void {
	try {
		recordAudit(openAppDb(config().appDbPath), {
			action: 'data_load',
			route: 'npm run published',
			details
		});
	} catch (e) {
		console.error(`published: could not write the audit log: ${(e as Error).message}`);
	}
}

try {
	const args = parseArgs(process.argv.slice(2), { values: ['db', 'by'], booleans: [] });
	const dir = args.positional[0];
	if (!dir || args.positional.length > 1) throw new UsageError('give exactly one folder');
	const dbPath = path.resolve(one(args, 'db') ?? config().publishedDbPath);
	const progress = progressLine('published');
	const summary = await loadPublished({
		dir: path.resolve(dir),
		dbPath,
		referenceDir,
		loadedBy: one(args, 'by') ?? defaultLoader(),
		onProgress: (step) => progress(step)
	});
	progress('done', true);
	for (const f of summary.files)
		console.log(
			`published: ${f.file}: ${f.title}${f.firstYear ? `, ${f.firstYear} to ${f.lastYear}` : ''}, ${f.rows.toLocaleString('en-GB')} rows`
		);
	console.log(
		`published: ${summary.figures.toLocaleString('en-GB')} figures for ${summary.measures.length} measures${summary.years ? `, ${summary.years.from} to ${summary.years.to}` : ''}, in ${summary.seconds.toFixed(1)} s`
	);
	console.log(`published: data version ${summary.dataVersion} → ${dbPath}`);
	audit({
		outcome: 'loaded',
		dataVersion: summary.dataVersion,
		files: summary.files.map((f) => f.file),
		figures: summary.figures
	});
} catch (e) {
	exitOnUsageError(e, 'published', usage);
	if (!(e instanceof UsageError))
		audit({ outcome: 'refused', reason: (e as Error).message.slice(0, 500) });
	if (e instanceof ExtractError) {
		console.error(
			`published: refused; the published figures in service are unchanged. ${e.problems.length} problem(s):`
		);
		for (const p of e.problems) console.error(`  ${formatProblem(p)}`);
		process.exit(1);
	}
	console.error(
		`published: failed; the published figures in service are unchanged. ${(e as Error).message}`
	);
	process.exit(1);
}
