// Writes a complete synthetic extract folder: the contract's tables as CSV, the fictional
// authorities' reference tables and manifest.json. Worker threads simulate one authority at a
// time and hand its rows back as bytes, which are written in authority order, so the output is
// the same whatever the number of workers.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { CONTRACT_ID, caseTables, type TableName } from '../contract';
import { addYears, addDays } from '../stats/dates';
import { buildAuthorities, statisticalNeighbours, type SyntheticAuthority } from './authorities';
import { CENSUS_CARRIED } from './census-returns';
import { csvField } from './csv-lines';
import { calibration } from './params';
import {
	MODELLED_EFFECTS,
	planRollout,
	registerCsv,
	type ModelledMeasure,
	type ReformPlan
} from './reform';
import { csvHeader, csvLine, type Cell } from './rows';
import type { AuthorityOutput, WorkerInput } from './worker';

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
	/**
	 * `xml`: the tables the censuses carry written as census returns, one per authority and year
	 * (the extract must end on 31 March), the rest as CSV. `csv` (the default): every table CSV.
	 */
	format?: 'csv' | 'xml';
	/**
	 * The simulated rollout of multi-agency child protection teams and its effects (measure id →
	 * effect in the measure's units); null for none. Left out: the modelled effects' defaults.
	 */
	reform?: {
		effects: Partial<Record<ModelledMeasure, number>>;
		/** Authorities going live within the data; left out, the real programme's share. */
		adopters?: number;
	} | null;
	onProgress?: (done: number, total: number, rows: number) => void;
}

export interface GenerateResult {
	rows: Record<string, number>;
	totalRows: number;
	seconds: number;
}

/** Writes a small table whole, each row given by column name (quoted where it must be). */
function writeTable(out: string, name: TableName, rows: Record<string, Cell>[]): void {
	const lines = [csvHeader(name), ...rows.map((r) => csvLine(name, r, csvField))];
	fs.writeFileSync(path.join(out, `${name}.csv`), lines.join('\n') + '\n');
}

export async function generateExtract(opts: GenerateOptions): Promise<GenerateResult> {
	const started = performance.now();
	const start = addDays(addYears(opts.end, -opts.years), 1);
	if (opts.format === 'xml' && !opts.end.endsWith('-03-31'))
		throw new Error('census returns need an extract ending on 31 March, as the census year does');
	fs.mkdirSync(opts.out, { recursive: true });
	removeOtherFormat(opts.out, opts.format ?? 'csv');
	const authorities = buildAuthorities(opts.seed, opts.authorities, opts.realNames);
	const reform =
		opts.reform === null
			? null
			: planRollout(
					opts.seed,
					authorities,
					opts.end,
					opts.reform?.effects ?? { ...MODELLED_EFFECTS },
					opts.reform?.adopters
				);
	const { rows, totalRows } = await simulateAll(opts, authorities, start, reform);
	writeReferenceTables(opts, authorities);
	rows.local_authorities = authorities.length;
	writeManifest(opts, authorities, start, reform);
	writeRegister(opts.out, reform);
	return { rows, totalRows, seconds: (performance.now() - started) / 1000 };
}

/**
 * Simulates every authority in worker threads and writes the case tables. Workers take the
 * next authority as they free up and send back its rows as bytes; they are written here
 * strictly in authority order (an early finisher waits in `pending`), so the files are the
 * same whatever the number of workers, and each byte is written once.
 */
async function simulateAll(
	opts: GenerateOptions,
	authorities: SyntheticAuthority[],
	start: string,
	reform: ReformPlan | null
): Promise<{ rows: Record<string, number>; totalRows: number }> {
	const format = opts.format ?? 'csv';
	const tableNames = caseTables
		.map((t) => t.name)
		.filter((t) => format === 'csv' || !CENSUS_CARRIED.includes(t));
	const workerCount = Math.max(
		1,
		Math.min(opts.workers ?? os.availableParallelism(), authorities.length)
	);
	const rows: Record<string, number> = Object.fromEntries(tableNames.map((t) => [t, 0]));
	let totalRows = 0;
	const fds = new Map<string, number>(
		tableNames.map((t) => {
			const fd = fs.openSync(path.join(opts.out, `${t}.csv`), 'w');
			fs.writeSync(fd, csvHeader(t) + '\n');
			return [t, fd];
		})
	);
	let next = 0;
	let written = 0;
	const pending = new Map<number, AuthorityOutput>();
	const writeInOrder = () => {
		for (let out = pending.get(written); out; out = pending.get(written)) {
			pending.delete(written);
			for (const [t, chunks] of Object.entries(out.chunks)) {
				for (const chunk of chunks) fs.writeSync(fds.get(t)!, chunk);
			}
			for (const r of out.returns) fs.writeFileSync(path.join(opts.out, r.name), r.xml);
			for (const [t, n] of Object.entries(out.counts)) {
				rows[t] = (rows[t] ?? 0) + n;
				totalRows += n;
			}
			written++;
			opts.onProgress?.(written, authorities.length, totalRows);
		}
	};
	const input: WorkerInput = {
		seed: opts.seed,
		window: { start, end: opts.end },
		bankHolidays: opts.bankHolidays.map((b) => b.date),
		tables: caseTables.map((t) => t.name),
		format,
		reform
	};
	try {
		await Promise.all(
			Array.from({ length: workerCount }, () =>
				runWorker(input, {
					nextAuthority: () =>
						next < authorities.length ? { index: next, authority: authorities[next++]! } : null,
					received: (out) => {
						pending.set(out.index, out);
						writeInOrder();
					}
				})
			)
		);
		if (written !== authorities.length) throw new Error('generator: an authority was not written');
	} finally {
		for (const fd of fds.values()) fs.closeSync(fd);
	}
	return { rows, totalRows };
}

/** One worker thread, given authorities until none are left; settles when it exits. */
function runWorker(
	input: WorkerInput,
	pool: {
		nextAuthority: () => { index: number; authority: SyntheticAuthority } | null;
		received: (out: AuthorityOutput) => void;
	}
): Promise<void> {
	// The worker is TypeScript source: register tsx inside the thread, then load it.
	const workerUrl = new URL('./worker.ts', import.meta.url);
	const bootstrap = `import('tsx/esm/api').then((tsx) => { tsx.register(); return import(${JSON.stringify(workerUrl.href)}); });`;
	return new Promise<void>((resolve, reject) => {
		const worker = new Worker(bootstrap, { eval: true, workerData: input });
		worker.on('message', (m: AuthorityOutput | { type: 'ready' }) => {
			// The next authority first, so the worker simulates while its rows are written.
			worker.postMessage(pool.nextAuthority());
			if (m.type === 'authority') pool.received(m);
		});
		worker.on('error', reject);
		worker.on('exit', (code) =>
			code === 0 ? resolve() : reject(new Error(`generator worker exited with ${code}`))
		);
	});
}

/**
 * Removes what a run in the other format left in the folder (census returns, or the CSV of
 * the tables they carry), which the loader would refuse to take together with this run's.
 */
function removeOtherFormat(out: string, format: 'csv' | 'xml'): void {
	for (const name of fs.readdirSync(out)) {
		const stale =
			format === 'csv' ? name.endsWith('.xml') : CENSUS_CARRIED.some((t) => name === `${t}.csv`);
		if (stale) fs.rmSync(path.join(out, name));
	}
}

/** The fictional authorities, their statistical neighbours and the bank holidays. */
function writeReferenceTables(opts: GenerateOptions, authorities: SyntheticAuthority[]): void {
	writeTable(
		opts.out,
		'local_authorities',
		authorities.map((a) => ({
			la_code: a.code,
			name: a.name,
			region_code: a.regionCode,
			region_name: a.regionName,
			child_population: a.population,
			police_force: a.policeForce,
			icb: a.icb
		}))
	);
	writeTable(opts.out, 'statistical_neighbours', statisticalNeighbours(authorities));
	writeTable(
		opts.out,
		'bank_holidays',
		opts.bankHolidays.map((b) => ({ date: b.date, name: b.name }))
	);
}

/** The file holding the simulated rollout as the implementation register imports it. */
export const REGISTER_FILE = 'reform-register.csv';

function writeRegister(out: string, reform: ReformPlan | null): void {
	const file = path.join(out, REGISTER_FILE);
	if (reform) fs.writeFileSync(file, registerCsv(reform));
	else fs.rmSync(file, { force: true });
}

function writeManifest(
	opts: GenerateOptions,
	authorities: SyntheticAuthority[],
	start: string,
	reform: ReformPlan | null
) {
	const manifest = {
		contract: CONTRACT_ID,
		extracted: opts.end,
		la_codes: authorities.map((a) => a.code),
		synthetic: true,
		// Referrals are all here from 12 months before the period (earlier ones only where their
		// episode was still open then).
		complete_from: addDays(start, -365),
		generator: {
			seed: opts.seed,
			authorities: opts.authorities,
			years: opts.years,
			period: { from: start, to: opts.end },
			note: 'Fictional authorities and children. Referrals are included from 12 months before the period so that re-referrals can be counted from its first day; other events start with the period, except plans, conferences, visits and allocations still open on its first day.'
		},
		assumptions: Object.fromEntries(
			Object.entries(calibration).map(([k, v]) => [k, { value: v.value, source: v.source }])
		),
		...(reform && {
			reform: {
				go_live: reform.goLive,
				effects: reform.effects,
				note: `Assumption, not evidence: a simulated rollout of multi-agency child protection teams. Each authority in go_live runs one from that day; each effect (in the measure's own units, percentage points) is added to its expected value from then on, and every other measure's true effect is zero. The implied implementation register is in ${REGISTER_FILE}.`
			}
		})
	};
	fs.writeFileSync(path.join(opts.out, 'manifest.json'), JSON.stringify(manifest, null, 2) + '\n');
}
