// Writes a complete synthetic extract folder: the contract's tables as CSV, the fictional
// authorities' reference tables and manifest.json. Authorities are shared between worker
// threads in contiguous slices: the first worker writes straight into the extract's files and
// the others into part files appended after it, in authority order, so the output is the same
// whatever the number of workers.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { CONTRACT_ID, caseTables, table } from '../contract';
import { addYears, addDays } from '../stats/dates';
import { buildAuthorities, statisticalNeighbours, type SyntheticAuthority } from './authorities';
import { csvField } from './files';
import { calibration } from './params';

export interface GenerateOptions {
	out: string;
	authorities: number;
	years: number;
	/** Last day of the reporting period, YYYY-MM-DD. */
	end: string;
	seed: string;
	bankHolidays: { date: string; name: string }[];
	/** Real authority names, never to be used for a fictional one. */
	realNames: Set<string>;
	workers?: number;
	onProgress?: (done: number, total: number, rows: number) => void;
}

export interface GenerateResult {
	rows: Record<string, number>;
	totalRows: number;
	seconds: number;
}

function header(name: string): string {
	return table(name as never)
		.columns.map((c) => c.name)
		.join(',');
}

function writeCsv(file: string, name: string, rows: (string | number | boolean | null)[][]): void {
	const lines = [header(name), ...rows.map((r) => r.map(csvField).join(','))];
	fs.writeFileSync(file, lines.join('\n') + '\n');
}

export async function generateExtract(opts: GenerateOptions): Promise<GenerateResult> {
	const started = performance.now();
	const start = addDays(addYears(opts.end, -opts.years), 1);
	fs.mkdirSync(opts.out, { recursive: true });
	const partRoot = fs.mkdtempSync(path.join(opts.out, '.parts-'));
	const authorities = buildAuthorities(opts.seed, opts.authorities, opts.realNames);
	const tableNames = caseTables.map((t) => t.name);

	const workerCount = Math.max(
		1,
		Math.min(opts.workers ?? os.availableParallelism(), authorities.length)
	);
	// Contiguous slices balanced by child population, so joining the parts keeps authority order.
	const totalPop = authorities.reduce((a, b) => a + b.population, 0);
	const slices: SyntheticAuthority[][] = Array.from({ length: workerCount }, () => []);
	let acc = 0;
	for (const la of authorities) {
		const k = Math.min(workerCount - 1, Math.floor((acc / totalPop) * workerCount));
		slices[k]!.push(la);
		acc += la.population;
	}

	const rows: Record<string, number> = Object.fromEntries(tableNames.map((t) => [t, 0]));
	let done = 0;
	let totalRows = 0;
	for (const t of tableNames) fs.writeFileSync(path.join(opts.out, `${t}.csv`), header(t) + '\n');
	// The worker is TypeScript source: register tsx inside the thread, then load it.
	const workerUrl = new URL('./worker.ts', import.meta.url);
	const workerBootstrap = `import('tsx/esm/api').then((tsx) => { tsx.register(); return import(${JSON.stringify(workerUrl.href)}); });`;
	try {
		await Promise.all(
			slices.map(
				(slice, i) =>
					new Promise<void>((resolve, reject) => {
						// The first slice appends to the extract's files (headers written above).
						const partDir = i === 0 ? opts.out : path.join(partRoot, String(i));
						if (i > 0) fs.mkdirSync(partDir);
						if (slice.length === 0) {
							for (const t of tableNames) fs.appendFileSync(path.join(partDir, `${t}.csv`), '');
							return resolve();
						}
						const worker = new Worker(workerBootstrap, {
							eval: true,
							workerData: {
								seed: opts.seed,
								window: { start, end: opts.end },
								bankHolidays: opts.bankHolidays.map((b) => b.date),
								authorities: slice,
								partDir,
								append: i === 0,
								tables: tableNames
							}
						});
						worker.on('message', (m: { type: string; counts?: Record<string, number> }) => {
							if (m.type === 'authority' && m.counts) {
								for (const [t, n] of Object.entries(m.counts)) {
									rows[t] = (rows[t] ?? 0) + n;
									totalRows += n;
								}
								opts.onProgress?.(++done, authorities.length, totalRows);
							}
						});
						worker.on('error', reject);
						worker.on('exit', (code) =>
							code === 0 ? resolve() : reject(new Error(`generator worker exited with ${code}`))
						);
					})
			)
		);

		for (const t of tableNames) {
			const target = path.join(opts.out, `${t}.csv`);
			for (let i = 1; i < slices.length; i++) {
				const part = path.join(partRoot, String(i), `${t}.csv`);
				fs.appendFileSync(target, fs.readFileSync(part));
			}
		}
	} finally {
		fs.rmSync(partRoot, { recursive: true, force: true });
	}

	writeCsv(
		path.join(opts.out, 'local_authorities.csv'),
		'local_authorities',
		authorities.map((a) => [
			a.code,
			a.name,
			a.regionCode,
			a.regionName,
			a.population,
			a.policeForce,
			a.icb
		])
	);
	writeCsv(
		path.join(opts.out, 'statistical_neighbours.csv'),
		'statistical_neighbours',
		statisticalNeighbours(authorities).map((r) => [r.la_code, r.neighbour_code, r.rank])
	);
	writeCsv(
		path.join(opts.out, 'bank_holidays.csv'),
		'bank_holidays',
		opts.bankHolidays.map((b) => [b.date, b.name])
	);
	rows.local_authorities = authorities.length;

	const manifest = {
		contract: CONTRACT_ID,
		extracted: opts.end,
		la_codes: authorities.map((a) => a.code),
		synthetic: true,
		generator: {
			seed: opts.seed,
			authorities: opts.authorities,
			years: opts.years,
			period: { from: start, to: opts.end },
			note: 'Fictional authorities and children. Referrals are included from 12 months before the period so that re-referrals can be counted from its first day; other events start with the period, except plans, conferences, visits and allocations still open on its first day.'
		},
		assumptions: Object.fromEntries(
			Object.entries(calibration).map(([k, v]) => [k, { value: v.value, source: v.source }])
		)
	};
	fs.writeFileSync(path.join(opts.out, 'manifest.json'), JSON.stringify(manifest, null, 2) + '\n');
	return { rows, totalRows, seconds: (performance.now() - started) / 1000 };
}
