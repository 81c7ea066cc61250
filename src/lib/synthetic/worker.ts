// A generator worker: simulates the authority it is given and sends back each table's rows as
// bytes (transferred, not copied), and in the census format its returns, then waits for the
// next; a null message ends it.
import { parentPort, workerData } from 'node:worker_threads';
import { fictionalDfeCode, type TableName } from '../contract';
import { WorkingDayCalendar } from '../stats/working-days';
import type { SyntheticAuthority } from './authorities';
import { censusFiles, type AuthorityRows } from './census-returns';
import { ChunkedLines } from './csv-lines';
import { drawLaParams } from './params';
import { authorityReform, type ReformPlan } from './reform';
import { csvLine, type Cell } from './rows';
import { simulateAuthority, type SimulationWindow } from './simulate';

export interface WorkerInput {
	seed: string;
	window: SimulationWindow;
	bankHolidays: string[];
	tables: string[];
	/** `xml`: census returns for what they carry, CSV for the rest. */
	format: 'csv' | 'xml';
	reform: ReformPlan | null;
}

/** One authority's rows: per table, the CSV lines as byte chunks, and how many rows. */
export interface AuthorityOutput {
	type: 'authority';
	index: number;
	chunks: Record<string, Uint8Array[]>;
	counts: Record<string, number>;
	/** Census returns by file name (census format only). */
	returns: { name: string; xml: string }[];
}

const input = workerData as WorkerInput;
const calendar = new WorkingDayCalendar(input.bankHolidays);

parentPort!.on('message', (m: { index: number; authority: SyntheticAuthority } | null) => {
	if (m === null) {
		parentPort!.close();
		return;
	}
	const files = new Map(input.tables.map((t) => [t, new ChunkedLines()]));
	const params = drawLaParams(input.seed, m.authority);
	// In the census format the rows are kept whole (as text) until the returns are written.
	const rows: AuthorityRows = new Map();
	const sink =
		input.format === 'csv'
			? (t: string, line: string) => files.get(t)!.line(line)
			: (t: string, _line: string, row: Record<string, Cell>) => {
					let list = rows.get(t as TableName);
					if (!list) rows.set(t as TableName, (list = []));
					const text: Record<string, string> = {};
					for (const k in row) text[k] = String(row[k]);
					list.push(text);
				};
	const counts = simulateAuthority(
		m.authority,
		params,
		authorityReform(input.reform, m.authority.code),
		input.seed,
		input.window,
		calendar,
		sink
	);
	let returns: AuthorityOutput['returns'] = [];
	if (input.format === 'xml') {
		const census = censusFiles(fictionalDfeCode(m.authority.code), rows, input.window.end);
		returns = census.returns;
		for (const [t, rows] of census.local) for (const r of rows) files.get(t)!.line(csvLine(t, r));
	}
	const chunks = Object.fromEntries([...files].map(([t, f]) => [t, f.finish()]));
	const output: AuthorityOutput = { type: 'authority', index: m.index, chunks, counts, returns };
	parentPort!.postMessage(
		output,
		Object.values(chunks)
			.flat()
			.map((chunk) => chunk.buffer as ArrayBuffer)
	);
});
parentPort!.postMessage({ type: 'ready' });
