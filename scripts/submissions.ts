// npm run submissions -- list [--la CODE] [--db FILE]
// npm run submissions -- restore CODE [--db FILE] [--by NAME]
// The record of the submissions loaded: each authority's, which is in service and which earlier
// ones are kept; and putting an authority's previous submission back.
import path from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { config } from '../src/lib/server/config';
import { ExtractError, formatProblem } from '../src/lib/server/analytics/load/errors';
import {
	readSubmissions,
	SUBMISSIONS,
	type Submission
} from '../src/lib/server/analytics/load/history';
import { defaultLoader, restoreSubmission } from '../src/lib/server/analytics/load/submission';
import { recordAudit } from '../src/lib/server/audit';
import { openAppDb } from '../src/lib/server/db/client';
import { exitOnUsageError, one, parseArgs, UsageError } from './lib/args';

const usage =
	'usage: npm run submissions -- list [--la CODE] [--db FILE] | restore CODE [--db FILE] [--by NAME]';

async function list(dbPath: string, la: string | undefined): Promise<void> {
	const db = await DuckDBInstance.create(dbPath, { access_mode: 'READ_ONLY' });
	const c = await db.connect();
	let rows: Submission[] = [];
	try {
		const tables = (await c.runAndReadAll(`SELECT table_name FROM duckdb_tables()`)).getRows();
		if (tables.some(([t]) => t === SUBMISSIONS)) rows = await readSubmissions(c);
	} finally {
		c.closeSync();
		db.closeSync();
	}
	rows = rows.filter((s) => !la || s.laCode === la);
	if (rows.length === 0) {
		console.log(`submissions: none recorded${la ? ` for ${la}` : ''} in ${dbPath}`);
		return;
	}
	const head = [
		'authority',
		'status',
		'as at',
		'referrals',
		'rows',
		'loaded',
		'by',
		'checksum',
		'id'
	];
	const table = rows.map((s) => [
		s.laCode,
		s.replacedAt ? (s.kept ? 'kept' : 'replaced') : 'in service',
		s.extracted,
		`${s.periodFrom ?? ''} to ${s.periodTo ?? ''}`,
		Object.values(s.tables)
			.reduce((a, b) => a + b, 0)
			.toLocaleString('en-GB'),
		s.loadedAt.slice(0, 16).replace('T', ' '),
		s.loadedBy,
		s.checksum.slice(0, 12),
		s.submissionId
	]);
	const widths = head.map((h, i) => Math.max(h.length, ...table.map((r) => r[i]!.length)));
	for (const r of [head, ...table])
		console.log(
			r
				.map((v, i) => v.padEnd(widths[i]!))
				.join('  ')
				.trimEnd()
		);
}

try {
	const args = parseArgs(process.argv.slice(2), { values: ['la', 'db', 'by'] });
	const [command, code, ...rest] = args.positional;
	const dbPath = path.resolve(one(args, 'db') ?? config().analyticsDbPath);
	if (command === 'list' && !code) {
		await list(dbPath, one(args, 'la'));
	} else if (command === 'restore' && code && rest.length === 0) {
		const by = one(args, 'by') ?? defaultLoader();
		const summary = await restoreSubmission({
			dbPath,
			la: code,
			loadedBy: by,
			keep: config().submissionsKept
		});
		console.log(
			`submissions: put back ${code}'s submission as at ${summary.restored.extracted} (${summary.restored.submissionId}); the one it replaces is kept (data version ${summary.dataVersion})`
		);
		recordAudit(openAppDb(config().appDbPath), {
			action: 'data_load',
			route: 'npm run submissions -- restore',
			details: { outcome: 'restored', la: code, submission: summary.restored.submissionId, by }
		});
	} else {
		throw new UsageError('say list, or restore and an authority code');
	}
} catch (e) {
	exitOnUsageError(e, 'submissions', usage);
	if (e instanceof ExtractError) {
		console.error(`submissions: nothing changed. ${e.problems.map(formatProblem).join('; ')}`);
		process.exit(1);
	}
	console.error(
		`submissions: failed; the database in service is unchanged. ${(e as Error).message}`
	);
	process.exit(1);
}
