// npm run load -- DIR [--db FILE] [--pseudonymise KEYFILE] [--replace-all] [--by NAME]
// Validates an extract folder (a submission) and swaps it in: it replaces the data of the
// authorities it covers and keeps every other authority's, or with --replace-all (and for the
// first load) it replaces the whole database.
import fs from 'node:fs';
import path from 'node:path';
import { config } from '../src/lib/server/config';
import { ExtractError, formatProblem } from '../src/lib/server/analytics/load/errors';
import { defaultLoader, loadSubmission } from '../src/lib/server/analytics/load/submission';
import { recordAudit } from '../src/lib/server/audit';
import { openAppDb } from '../src/lib/server/db/client';
import { exitOnUsageError, one, parseArgs, printRowCounts, UsageError } from './lib/args';
import { progressLine } from './lib/progress';
import { referenceDir } from '../src/lib/server/reference-data';

const usage =
	'usage: npm run load -- DIR [--db FILE] [--pseudonymise KEYFILE] [--replace-all] [--by NAME]';

/** Every load, successful or refused, goes into the audit log. */
function audit(details: Record<string, unknown>): void {
	try {
		recordAudit(openAppDb(config().appDbPath), {
			action: 'data_load',
			route: 'npm run load',
			details
		});
	} catch (e) {
		console.error(`load: could not write the audit log: ${(e as Error).message}`);
	}
}

try {
	const args = parseArgs(process.argv.slice(2), {
		values: ['db', 'pseudonymise', 'by'],
		booleans: ['replace-all']
	});
	const dir = args.positional[0];
	if (!dir || args.positional.length > 1) throw new UsageError('give exactly one extract folder');
	const dbPath = path.resolve(one(args, 'db') ?? config().analyticsDbPath);
	const keyFile = one(args, 'pseudonymise');
	const key = keyFile ? fs.readFileSync(keyFile) : undefined;
	if (key && key.length < 16)
		throw new UsageError('the pseudonymisation key must be at least 16 bytes');
	const progress = progressLine('load');
	const summary = await loadSubmission({
		dir: path.resolve(dir),
		dbPath,
		referenceDir,
		pseudonymiseKey: key,
		replaceAll: args.flags.has('replace-all'),
		loadedBy: one(args, 'by') ?? defaultLoader(),
		keep: config().submissionsKept,
		onProgress: (step) => progress(step)
	});
	progress('done', true);
	const total = Object.values(summary.rows).reduce((a, b) => a + b, 0);
	if (summary.mode === 'authorities')
		console.log(
			`load: replaced the data of ${summary.covered.join(', ')}; every other authority's kept`
		);
	console.log(
		`load: ${total.toLocaleString('en-GB')} rows, ${summary.authorities} authorities, referrals ${summary.period.from} to ${summary.period.to}, in ${summary.seconds.toFixed(1)} s (${Math.round(total / summary.seconds).toLocaleString('en-GB')} rows/s)`
	);
	console.log(
		`load: data version ${summary.dataVersion}${summary.synthetic ? ' (synthetic)' : ''}${summary.pseudonymised ? ', ids pseudonymised' : ''} → ${dbPath}`
	);
	printRowCounts(summary.rows);
	audit({
		outcome: 'loaded',
		mode: summary.mode,
		covered: summary.covered,
		dataVersion: summary.dataVersion,
		synthetic: summary.synthetic,
		authorities: summary.authorities,
		rows: total
	});
} catch (e) {
	exitOnUsageError(e, 'load', usage);
	if (!(e instanceof UsageError))
		audit({ outcome: 'refused', reason: (e as Error).message.slice(0, 500) });
	if (e instanceof ExtractError) {
		console.error(
			`load: refused; the database in service is unchanged. ${e.problems.length} problem(s):`
		);
		for (const p of e.problems) console.error(`  ${formatProblem(p)}`);
		process.exit(1);
	}
	console.error(`load: failed; the database in service is unchanged. ${(e as Error).message}`);
	process.exit(1);
}
