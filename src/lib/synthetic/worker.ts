// A generator worker: simulates the authorities it is given and writes each table's rows to
// its own part files, reporting progress after each authority.
import path from 'node:path';
import { parentPort, workerData } from 'node:worker_threads';
import { WorkingDayCalendar } from '../stats/working-days';
import type { SyntheticAuthority } from './authorities';
import { BufferedFile } from './files';
import { drawLaParams } from './params';
import { simulateAuthority, type SimulationWindow } from './simulate';

export interface WorkerInput {
	seed: string;
	window: SimulationWindow;
	bankHolidays: string[];
	authorities: SyntheticAuthority[];
	partDir: string;
	/** Add to the files in partDir (which already hold their headers) rather than create them. */
	append: boolean;
	tables: string[];
}

const input = workerData as WorkerInput;
const calendar = new WorkingDayCalendar(input.bankHolidays);
const files = new Map(
	input.tables.map((t) => [t, new BufferedFile(path.join(input.partDir, `${t}.csv`), input.append)])
);

for (const la of input.authorities) {
	const params = drawLaParams(input.seed, la);
	const counts = simulateAuthority(la, params, input.seed, input.window, calendar, (table, line) =>
		files.get(table)!.line(line)
	);
	parentPort?.postMessage({ type: 'authority', code: la.code, counts });
}
for (const f of files.values()) f.close();
parentPort?.postMessage({ type: 'done' });
