// A generator worker: simulates the authority it is given and sends back each table's rows as
// bytes (transferred, not copied), then waits for the next; a null message ends it.
import { parentPort, workerData } from 'node:worker_threads';
import { WorkingDayCalendar } from '../stats/working-days';
import type { SyntheticAuthority } from './authorities';
import { ChunkedLines } from './csv-lines';
import { drawLaParams } from './params';
import { simulateAuthority, type SimulationWindow } from './simulate';

export interface WorkerInput {
	seed: string;
	window: SimulationWindow;
	bankHolidays: string[];
	tables: string[];
}

/** One authority's rows: per table, the CSV lines as byte chunks, and how many rows. */
export interface AuthorityOutput {
	type: 'authority';
	index: number;
	chunks: Record<string, Uint8Array[]>;
	counts: Record<string, number>;
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
	const counts = simulateAuthority(
		m.authority,
		params,
		input.seed,
		input.window,
		calendar,
		(table, line) => files.get(table)!.line(line)
	);
	const chunks = Object.fromEntries([...files].map(([t, f]) => [t, f.finish()]));
	const output: AuthorityOutput = { type: 'authority', index: m.index, chunks, counts };
	parentPort!.postMessage(
		output,
		Object.values(chunks)
			.flat()
			.map((chunk) => chunk.buffer as ArrayBuffer)
	);
});
parentPort!.postMessage({ type: 'ready' });
