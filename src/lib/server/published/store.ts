// The published-figures store: DfE's release files as downloaded, read, checked and written into
// a DuckDB file of their own, apart from the case data (a deployment may hold either without
// the other). Like a load of case data it is built beside the file in service, verified and
// renamed over it, so readers see the old figures or the new, and a refused file changes
// nothing.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { ExtractError, fileProblem, type ExtractProblem } from '../analytics/load/errors';
import { newDataVersion } from '../analytics/load/seal';
import {
	acquireLock,
	cleanLeftovers,
	removeQuietly,
	scratchPaths,
	swapIn,
	verify
} from '../analytics/load/swap';
import { dfeCodes } from '../analytics/load/census/dfe-codes';
import { parseRecord } from '../analytics/load/csv/record';
import { CsvProblem, readPublishedCsv } from './csv';
import { populationsOf, publishedFigures, type PublishedFigure } from './figures';
import {
	readNeighbours,
	readStatistics,
	recognise,
	type NeighbourRow,
	type Reference,
	type StatisticsTable
} from './read';

export interface PublishedLoadOptions {
	/** The folder of downloaded release files. */
	dir: string;
	/** The published-figures store to replace. */
	dbPath: string;
	/** The shipped reference data (3-digit codes, regions). */
	referenceDir: string;
	loadedBy: string;
	onProgress?: (step: string) => void;
}

export interface PublishedFile {
	file: string;
	kind: string;
	title: string;
	firstYear: number | null;
	lastYear: number | null;
	rows: number;
	sha256: string;
}

export interface PublishedLoadSummary {
	dataVersion: string;
	files: PublishedFile[];
	figures: number;
	measures: string[];
	years: { from: number; to: number } | null;
	seconds: number;
}

/** The reference data codes are mapped through. */
export function readReference(referenceDir: string): Reference {
	const authorities = fs
		.readFileSync(path.join(referenceDir, 'local_authorities.csv'), 'utf8')
		.trim()
		.split('\n')
		.slice(1)
		.map(parseRecord);
	return {
		dfeCodes: dfeCodes(referenceDir, false),
		regionOf: new Map(authorities.map((r) => [r[0]!, r[2]!]))
	};
}

interface ReadFiles {
	tables: Map<string, StatisticsTable>;
	neighbours: NeighbourRow[];
	files: PublishedFile[];
}

/** Every release file in the folder, read and checked; throws with every problem found. */
export function readPublishedFolder(dir: string, reference: Reference): ReadFiles {
	const problems: ExtractProblem[] = [];
	const names = fs
		.readdirSync(dir)
		.filter((f) => f.toLowerCase().endsWith('.csv'))
		.sort();
	if (names.length === 0)
		throw new ExtractError([
			fileProblem(path.basename(dir), 'DfE release files (.csv) in the folder')
		]);
	const tables = new Map<string, StatisticsTable>();
	const neighbours: NeighbourRow[] = [];
	const files: PublishedFile[] = [];
	const byKind = new Map<string, string>();
	for (const name of names) {
		const file = path.join(dir, name);
		let csv;
		try {
			csv = readPublishedCsv(file);
		} catch (e) {
			if (e instanceof CsvProblem) {
				problems.push(e.problem);
				continue;
			}
			throw e;
		}
		const recognised = recognise(csv.header);
		if (recognised.kind === 'unknown') {
			problems.push(fileProblem(name, recognised.problem, 1));
			continue;
		}
		const kind = recognised.kind === 'statistics' ? recognised.format.kind : recognised.kind;
		if (byKind.has(kind)) {
			problems.push(
				fileProblem(name, `one file of each release (${byKind.get(kind)} is the same release)`)
			);
			continue;
		}
		byKind.set(kind, name);
		const before = problems.length;
		let years: number[] = [];
		let title: string;
		let rows: number;
		if (recognised.kind === 'statistics') {
			const table = readStatistics(csv, recognised.format, recognised.columns, reference, problems);
			tables.set(kind, table);
			years = table.rows.map((r) => r.year);
			title = recognised.format.title;
			rows = table.rows.length;
		} else {
			const model = recognised.kind === 'neighbours_2025' ? '2025' : '2021';
			const read = readNeighbours(csv, model, reference, problems);
			neighbours.push(...read);
			title = `Statistical neighbour model, ${model}`;
			rows = new Set(read.map((r) => r.dfe)).size;
		}
		if (problems.length > before) continue;
		files.push({
			file: name,
			kind,
			title,
			firstYear: years.length ? Math.min(...years) : null,
			lastYear: years.length ? Math.max(...years) : null,
			rows,
			sha256: crypto.createHash('sha256').update(fs.readFileSync(file)).digest('hex')
		});
	}
	if (problems.length) throw new ExtractError(problems.slice(0, 200));
	return { tables, neighbours, files };
}

/** Reads the folder's release files and swaps in a new published-figures store. */
export async function loadPublished(opts: PublishedLoadOptions): Promise<PublishedLoadSummary> {
	const started = performance.now();
	const progress = opts.onProgress ?? (() => {});
	progress('reading the release files');
	const read = readPublishedFolder(opts.dir, readReference(opts.referenceDir));
	const figures = publishedFigures(read.tables, populationsOf(read.tables.get('population')));
	fs.mkdirSync(path.dirname(opts.dbPath), { recursive: true });
	const release = acquireLock(opts.dbPath);
	const { building } = scratchPaths(opts.dbPath);
	try {
		cleanLeftovers(opts.dbPath);
		removeQuietly(building);
		progress('writing the published figures');
		const dataVersion = newDataVersion();
		const counts = await writeStore(building, read, figures, {
			data_version: dataVersion,
			loaded_at: new Date().toISOString(),
			loaded_by: opts.loadedBy,
			files: JSON.stringify(read.files)
		});
		progress('verifying');
		await verify(building, counts, dataVersion);
		swapIn(building, opts.dbPath);
		const years = figures.map((f) => f.year);
		return {
			dataVersion,
			files: read.files,
			figures: figures.length,
			measures: [...new Set(figures.map((f) => f.measure))],
			years: years.length ? { from: Math.min(...years), to: Math.max(...years) } : null,
			seconds: (performance.now() - started) / 1000
		};
	} finally {
		removeQuietly(building);
		release();
	}
}

async function writeStore(
	file: string,
	read: ReadFiles,
	figures: PublishedFigure[],
	meta: Record<string, string>
): Promise<Record<string, number>> {
	const db = await DuckDBInstance.create(file);
	const c = await db.connect();
	try {
		await c.run(`CREATE TABLE published_figures (measure VARCHAR NOT NULL, year INTEGER NOT NULL,
			level VARCHAR NOT NULL, area_code VARCHAR NOT NULL, area_name VARCHAR NOT NULL,
			region_code VARCHAR, current BOOLEAN NOT NULL, joint VARCHAR, numerator DOUBLE,
			denominator DOUBLE, value DOUBLE, symbol VARCHAR, file VARCHAR NOT NULL, line INTEGER NOT NULL)`);
		await append(c, 'published_figures', 'VIVVVVBVDDDVVI', figures, (f) => [
			f.measure,
			f.year,
			f.area.level,
			f.area.code,
			f.area.name,
			f.area.region,
			f.area.current,
			f.joint,
			f.numerator,
			f.denominator,
			f.value,
			f.symbol,
			f.file,
			f.line
		]);
		await c.run(`CREATE TABLE published_population (year INTEGER NOT NULL, level VARCHAR NOT NULL,
			area_code VARCHAR NOT NULL, population DOUBLE NOT NULL)`);
		const population = read.tables.get('population');
		await append(
			c,
			'published_population',
			'IVVD',
			(population?.rows ?? []).flatMap((r) =>
				r.cells.population_estimate?.value != null
					? r.areas.map((a) => ({ r, a, n: r.cells.population_estimate!.value! }))
					: []
			),
			({ r, a, n }) => [r.year + 1, a.level, a.code, n]
		);
		await c.run(`CREATE TABLE published_neighbours (model VARCHAR NOT NULL, dfe_code VARCHAR NOT NULL,
			la_code VARCHAR, rank INTEGER NOT NULL, neighbour_dfe VARCHAR NOT NULL, neighbour_code VARCHAR,
			closeness VARCHAR NOT NULL)`);
		await append(c, 'published_neighbours', 'VVVIVVV', read.neighbours, (n) => [
			n.model,
			n.dfe,
			n.laCode,
			n.rank,
			n.neighbourDfe,
			n.neighbourCode,
			n.closeness
		]);
		await c.run('CREATE TABLE meta (key VARCHAR PRIMARY KEY, value VARCHAR)');
		for (const [key, value] of Object.entries(meta))
			await c.run('INSERT INTO meta VALUES ($key, $value)', { key, value });
		await c.run('CHECKPOINT');
		const counts: Record<string, number> = {};
		for (const t of ['published_figures', 'published_population', 'published_neighbours']) {
			const [[n]] = (await c.runAndReadAll(`SELECT count(*) FROM ${t}`)).getRows() as [[bigint]];
			counts[t] = Number(n);
		}
		return counts;
	} finally {
		c.closeSync();
		db.closeSync();
	}
}

type Value = string | number | boolean | null;

/**
 * Rows appended through DuckDB's appender, each as its table's columns in order, typed by
 * `types`: one letter a column (V text, I integer, D double, B boolean).
 */
async function append<T>(
	c: DuckDBConnection,
	table: string,
	types: string,
	rows: T[],
	columns: (row: T) => Value[]
): Promise<void> {
	const appender = await c.createAppender(table);
	for (const row of rows) {
		for (const [i, v] of columns(row).entries()) {
			if (v === null) appender.appendNull();
			else if (types[i] === 'V') appender.appendVarchar(String(v));
			else if (types[i] === 'I') appender.appendInteger(Number(v));
			else if (types[i] === 'D') appender.appendDouble(Number(v));
			else appender.appendBoolean(Boolean(v));
		}
		appender.endRow();
	}
	appender.closeSync();
}
