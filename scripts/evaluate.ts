// npm run evaluate -- --db FILE --metric ID [--json]
// Whether authorities' multi-agency child protection teams changed a measure: the estimate of
// the change in the measure's own units, its 95% interval, the method, and the authorities
// adopting and compared with. Go-lives come from the implementation register (the app
// database, when there is one) and, for synthetic data, the simulated rollout for authorities
// the register does not mention. The command reads the file directly, as its operator may:
// values are not protected as on the pages, so the last decimal may differ from theirs.
import fs from 'node:fs';
import path from 'node:path';
import { findMetric } from '../src/lib/metrics/catalogue';
import { closeAll, withAnalytics } from '../src/lib/server/analytics/duckdb';
import { loadDataFacts } from '../src/lib/server/analytics/engine/data-facts';
import { config } from '../src/lib/server/config';
import { openAppDb } from '../src/lib/server/db/client';
import {
	evaluate,
	goLivesFrom,
	monthlyValues,
	notEvaluable
} from '../src/lib/server/reform/evaluation';
import { registerNow } from '../src/lib/server/reform/register';
import { exitOnUsageError, one, parseArgs, UsageError } from './lib/args';

const usage = 'usage: npm run evaluate -- --db FILE --metric ID [--json]';

try {
	const args = parseArgs(process.argv.slice(2), { values: ['db', 'metric'], booleans: ['json'] });
	if (args.positional.length) throw new UsageError(`unexpected ${args.positional[0]}`);
	const dbPath = one(args, 'db');
	const id = one(args, 'metric');
	if (!dbPath || !id) throw new UsageError('--db and --metric are required');
	const def = findMetric(id);
	if (!def)
		throw new UsageError(`there is no measure ${JSON.stringify(id)} (npm run metrics lists them)`);
	const why = notEvaluable(def);
	if (why) throw new UsageError(`${id} cannot be evaluated: ${why}`);
	if (!fs.existsSync(dbPath)) throw new UsageError(`there is no database ${dbPath}`);

	// Read through the engine's own session: the data version (with any simulated go-lives)
	// as the server reads it, and the authorities from the data's facts.
	const { values, authorities, simulated } = await withAnalytics(
		async (s) => ({
			values: await monthlyValues((sql, p) => s.query(sql, p), def, { protect: false }),
			authorities: [...(await loadDataFacts(s)).authorities.keys()].sort(),
			simulated: s.dataVersion.simulatedGoLive
		}),
		path.resolve(dbPath)
	);
	closeAll();

	const appDb = config().appDbPath;
	const register = fs.existsSync(appDb) ? registerNow(openAppDb(appDb)) : new Map();
	const { goLive } = goLivesFrom(register, simulated);
	const result = evaluate(def, values, authorities, goLive);
	if (!result) {
		console.error(
			`evaluate: no estimate for ${id}: it needs authorities that went live after the data's first month and others not yet live to compare with (${Object.keys(goLive).length} go-lives known).`
		);
		process.exit(1);
	}
	if (args.flags.has('json')) {
		const { metric, estimate, lower, upper, method, adopted, comparison } = result;
		console.log(JSON.stringify({ metric, estimate, lower, upper, method, adopted, comparison }));
	} else {
		const unit = def.unit === '%' ? ' percentage points' : def.unit ? ` ${def.unit}` : '';
		const f = (x: number) => x.toFixed(2);
		console.log(`${def.title} (${def.id}), ${result.months.from} to ${result.months.to}`);
		console.log(
			`Estimated change: ${f(result.estimate)}${unit} (95% interval ${f(result.lower)} to ${f(result.upper)})`
		);
		console.log(`Method: ${result.method}`);
		console.log(`Went live (${result.adopted.length}): ${result.adopted.join(', ')}`);
		console.log(
			`Not live within the data (${result.comparison.length}): ${result.comparison.join(', ')}`
		);
		if (result.liveThroughout.length)
			console.log(
				`Live before the data's second month, so left out (${result.liveThroughout.length}): ${result.liveThroughout.join(', ')}`
			);
		console.log('Months since go-live (estimate, 95% interval, authorities):');
		for (const e of result.eventTimes)
			console.log(
				`  ${String(e.e).padStart(3)}  ${f(e.estimate).padStart(7)}  ${e.lower === null ? '' : `${f(e.lower)} to ${f(e.upper!)}`}  ${e.units}`
			);
	}
} catch (e) {
	exitOnUsageError(e, 'evaluate', usage);
	throw e;
}
