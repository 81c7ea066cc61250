// npm run reform -- import FILE --as EMAIL
// npm run reform -- list [--la CODE]
// The reform's implementation register. `import` reads a CSV file (la_code, element, stage,
// date and, optionally, note) and records it as the account named by --as, with that
// account's rights: central government for any authority, a director for their own. All or
// nothing: any problem names the file, line, column and value and records none. `list` prints
// each authority's present stage of each element, or one authority's whole history.
import fs from 'node:fs';
import path from 'node:path';
import { closeAll, withAnalytics } from '../src/lib/server/analytics/duckdb';
import { loadDataFacts } from '../src/lib/server/analytics/engine/data-facts';
import { formatProblem } from '../src/lib/server/analytics/load/errors';
import { findUserByEmail } from '../src/lib/server/auth/users';
import { CsvProblem, csvFromBytes } from '../src/lib/server/published/csv';
import { config } from '../src/lib/server/config';
import { openAppDb } from '../src/lib/server/db/client';
import { ELEMENTS, STAGE_LABELS } from '../src/lib/server/reform/elements';
import {
	importRegister,
	RegisterError,
	registerHistory,
	registerNow
} from '../src/lib/server/reform/register';
import { exitOnUsageError, one, parseArgs, UsageError } from './lib/args';

/** A row for each authority and element is a few hundred kilobytes at most. */
const MAX_REGISTER_BYTES = 5 * 2 ** 20;

const usage = `usage: npm run reform -- import FILE --as EMAIL
       npm run reform -- list [--la CODE]`;

try {
	const args = parseArgs(process.argv.slice(2), { values: ['as', 'la'] });
	const [command, file, ...extra] = args.positional;
	if (extra.length) throw new UsageError(`unexpected ${extra[0]}`);
	const db = openAppDb(config().appDbPath);
	if (command === 'import') {
		const email = one(args, 'as');
		if (!file || !email) throw new UsageError('import needs a FILE and --as EMAIL');
		const user = findUserByEmail(db, email);
		if (!user) throw new RegisterError(`There is no account for ${email}.`);
		const knownLas = await withAnalytics(
			async (s) => new Set((await loadDataFacts(s)).authorities.keys())
		);
		closeAll();
		if (fs.statSync(file).size > MAX_REGISTER_BYTES)
			throw new RegisterError(`${path.basename(file)}: larger than any register could be.`);
		const added = importRegister(
			db,
			user,
			csvFromBytes(path.basename(file), fs.readFileSync(file)),
			{ knownLas, route: 'npm run reform' }
		);
		console.log(
			`reform: ${added} new ${added === 1 ? 'entry' : 'entries'} recorded as ${user.email}`
		);
	} else if (command === 'list') {
		if (file) throw new UsageError(`unexpected ${file}`);
		const la = one(args, 'la');
		if (la) {
			for (const e of registerHistory(db, la))
				console.log(
					`${e.recordedAt.toISOString().slice(0, 10)} ${e.element.padEnd(9)} ${(STAGE_LABELS[e.stage] ?? e.stage).padEnd(28)} ${e.date} ${e.recordedBy}${e.note ? ` — ${e.note}` : ''}`
				);
		} else {
			for (const [code, elements] of [...registerNow(db)].sort(([a], [b]) => a.localeCompare(b)))
				console.log(
					`${code} ${Object.keys(ELEMENTS)
						.map((k) => {
							const e = elements[k as keyof typeof ELEMENTS];
							return `${k}: ${e ? `${e.stage} ${e.date}` : '—'}`;
						})
						.join('; ')}`
				);
		}
	} else {
		throw new UsageError(command ? `unknown command ${command}` : 'give a command: import or list');
	}
} catch (e) {
	exitOnUsageError(e, 'reform', usage);
	if (e instanceof RegisterError || e instanceof CsvProblem) {
		console.error(`reform: ${e instanceof CsvProblem ? formatProblem(e.problem) : e.message}`);
		process.exit(2);
	}
	throw e;
}
