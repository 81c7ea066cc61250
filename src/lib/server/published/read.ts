// A published statistics file's records turned into checked rows: which year, which area
// (England, a region, a part of London, an authority or two reporting jointly), and each
// indicator as a number or one of DfE's symbols. Authorities are followed by their 3-digit DfE
// code, which stays with an authority when its GSS code changes (North Yorkshire and Somerset in
// 2023, Barnsley and Sheffield in the workforce file): a code in service maps to the authority
// in the shipped reference data, any other is an authority that no longer exists, kept under its
// own code for its own years.
import type { DfeCodes } from '../analytics/load/census/dfe-codes';
import type { ExtractProblem } from '../analytics/load/errors';
import type { CsvFile, CsvRecord } from './csv';
import {
	CHILD_AGE_GROUP,
	GEOGRAPHY_COLUMNS,
	NEIGHBOURS_2021,
	NEIGHBOURS_2025,
	STATISTICS_FORMATS,
	type StatisticsFormat
} from './formats';

/** DfE's symbols (EES data guidance); `:` was `x` in older releases. */
export const SYMBOLS = ['c', 'x', 'z', 'u', 'low'] as const;
export type PublishedSymbol = (typeof SYMBOLS)[number];

export type Cell = { value: number; symbol: null } | { value: null; symbol: PublishedSymbol };

export type AreaLevel = 'england' | 'region' | 'london' | 'la';

export interface Area {
	level: AreaLevel;
	/** GSS code: England, the region, Inner or Outer London, or the authority. */
	code: string;
	name: string;
	/** Its region (E12…); London's authorities are in E12000007 whatever part the file names. */
	region: string | null;
	/** An authority in service (in the shipped reference data); false for one since reorganised. */
	current: boolean;
}

export interface StatisticsRow {
	line: number;
	year: number;
	/** One area, or each authority of a joint return (the same figures for both). */
	areas: Area[];
	/** The published code of a joint return ("E09000021 / E09000027"); null otherwise. */
	joint: string | null;
	cells: Record<string, Cell>;
}

export interface StatisticsTable {
	file: string;
	format: StatisticsFormat;
	rows: StatisticsRow[];
}

/** The shipped reference data the importer maps codes through. */
export interface Reference {
	/** 3-digit DfE code → GSS code of the authorities in service (as the census reader maps it). */
	dfeCodes: DfeCodes;
	/** GSS code → its region (E12…). */
	regionOf: Map<string, string>;
}

const ENGLAND = 'E92000001';
const LONDON = 'E12000007';
const LEVELS: Record<string, AreaLevel> = {
	National: 'england',
	Regional: 'region',
	'Local authority': 'la'
};

export type Recognised =
	| { kind: 'statistics'; format: StatisticsFormat; columns: Map<string, number> }
	| { kind: 'neighbours_2025' | 'neighbours_2021' }
	| { kind: 'unknown'; problem: string };

/** Which release file a header belongs to, and where each indicator column is. */
export function recognise(header: string[]): Recognised {
	const same = (want: readonly string[]) =>
		want.every((c, i) => header[i] === c) && header.slice(want.length).every((c) => c === '');
	if (same(NEIGHBOURS_2025)) return { kind: 'neighbours_2025' };
	if (same(NEIGHBOURS_2021)) return { kind: 'neighbours_2021' };
	const geography = GEOGRAPHY_COLUMNS.every((c, i) => header[i] === c);
	if (!geography)
		return {
			kind: 'unknown',
			problem: `DfE's open-data columns first (${GEOGRAPHY_COLUMNS.join(', ')}), or a statistical neighbour model`
		};
	const rest = header.slice(GEOGRAPHY_COLUMNS.length);
	for (const format of STATISTICS_FORMATS) {
		const canonical = new Map<string, string>();
		for (const [name, aliases] of Object.entries(format.columns))
			for (const n of [name, ...aliases]) canonical.set(n, name);
		const key = Object.keys(format.columns)[0]!;
		const indicators = format.category ? rest.slice(1) : rest;
		if (!indicators.some((c) => canonical.get(c) === key)) continue;
		if (format.category && rest[0] !== 'category')
			return { kind: 'unknown', problem: `a category column after la_name in ${format.title}` };
		const columns = new Map<string, number>();
		const offset = GEOGRAPHY_COLUMNS.length + (format.category ? 1 : 0);
		for (const [i, c] of indicators.entries()) {
			const name = canonical.get(c);
			if (!name)
				return {
					kind: 'unknown',
					problem: `only the columns ${format.title} has carried (${Object.keys(format.columns).join(', ')}); column "${c}" is not one of them`
				};
			if (columns.has(name))
				return { kind: 'unknown', problem: `column ${name} once (it appears twice, by two names)` };
			columns.set(name, offset + i);
		}
		return { kind: 'statistics', format, columns };
	}
	return {
		kind: 'unknown',
		problem: `the indicator columns of a release the importer knows (${STATISTICS_FORMATS.map((f) => f.title).join('; ')})`
	};
}

/** The checked rows of a statistics file; problems are added to `problems`. */
export function readStatistics(
	csv: CsvFile,
	format: StatisticsFormat,
	columns: Map<string, number>,
	reference: Reference,
	problems: ExtractProblem[]
): StatisticsTable {
	const at = (r: CsvRecord, column: string) =>
		r.fields[GEOGRAPHY_COLUMNS.indexOf(column as never)]!.trim();
	const problem = (r: CsvRecord, column: string, value: string, expected: string) =>
		problems.push({ file: csv.name, line: r.line, column, value, expected });
	const rows: StatisticsRow[] = [];
	const seen = new Map<string, number>();
	for (const r of csv.records) {
		const period = at(r, 'time_period');
		const year = /^\d{4}$/.test(period) ? Number(period) : NaN;
		if (!(year >= 2000 && year <= 2100)) {
			problem(r, 'time_period', period, 'a year such as 2025');
			continue;
		}
		if (at(r, 'time_identifier') !== 'Reporting year') {
			problem(r, 'time_identifier', at(r, 'time_identifier'), '"Reporting year"');
			continue;
		}
		const located = areasOf(r, at, reference);
		if ('expected' in located) {
			problem(r, located.column, located.value, located.expected);
			continue;
		}
		if (
			format.kind === 'population' &&
			r.fields[columns.get('age_group')!]!.trim() !== CHILD_AGE_GROUP
		)
			continue;
		const key = `${year} ${located.areas[0]!.level} ${located.areas.map((a) => a.code).join('/')}`;
		if (seen.has(key)) {
			problem(
				r,
				'time_period',
				period,
				`one row for each year and area (line ${seen.get(key)} has the same)`
			);
			continue;
		}
		seen.set(key, r.line);
		const cells: Record<string, Cell> = {};
		let ok = true;
		for (const [name, index] of columns) {
			const raw = r.fields[index]!.trim();
			if (format.kind === 'population' && name === 'age_group') continue;
			const cell = cellOf(raw);
			if (!cell) {
				problem(
					r,
					csv.header[index]!,
					raw,
					`a number or one of DfE's symbols (${SYMBOLS.join(', ')})`
				);
				ok = false;
			} else cells[name] = cell;
		}
		if (ok)
			rows.push({
				line: r.line,
				year,
				areas: located.areas,
				joint: located.joint,
				cells
			});
	}
	return { file: csv.name, format, rows };
}

export function cellOf(raw: string): Cell | null {
	// A number too long for a double (Infinity) is no figure DfE publishes.
	if (/^-?\d+(\.\d+)?$/.test(raw) && Number.isFinite(Number(raw)))
		return { value: Number(raw), symbol: null };
	if (raw === ':') return { value: null, symbol: 'x' };
	return (SYMBOLS as readonly string[]).includes(raw)
		? { value: null, symbol: raw as PublishedSymbol }
		: null;
}

type Located =
	{ areas: Area[]; joint: string | null } | { column: string; value: string; expected: string };

function areasOf(
	r: CsvRecord,
	at: (r: CsvRecord, column: string) => string,
	reference: Reference
): Located {
	const level = LEVELS[at(r, 'geographic_level')];
	if (!level)
		return {
			column: 'geographic_level',
			value: at(r, 'geographic_level'),
			expected: Object.keys(LEVELS).join(', ')
		};
	if (level === 'england') {
		if (at(r, 'country_code') !== ENGLAND)
			return { column: 'country_code', value: at(r, 'country_code'), expected: ENGLAND };
		return {
			areas: [{ level, code: ENGLAND, name: 'England', region: null, current: true }],
			joint: null
		};
	}
	if (level === 'region') {
		const code = at(r, 'region_code');
		if (!/^E1[23]0000\d\d$/.test(code))
			return { column: 'region_code', value: code, expected: 'a region code (E12… or E13…)' };
		// Inner and Outer London are parts of London, not regions: summing regions counts them once.
		const london = code.startsWith('E13');
		return {
			areas: [
				{
					level: london ? 'london' : 'region',
					code,
					name: at(r, 'region_name'),
					region: london ? LONDON : code,
					current: true
				}
			],
			joint: null
		};
	}
	const olds = at(r, 'old_la_code')
		.split('/')
		.map((s) => s.trim());
	const news = at(r, 'new_la_code')
		.split('/')
		.map((s) => s.trim());
	const names = at(r, 'la_name')
		.split('/')
		.map((s) => s.trim());
	if (olds.length !== news.length || olds.some((c) => !/^\d{3}$/.test(c)))
		return {
			column: 'old_la_code',
			value: at(r, 'old_la_code'),
			expected: 'a 3-digit DfE code (or two joined by " / ", as many as new_la_code has)'
		};
	const areas: Area[] = [];
	for (const [i, old] of olds.entries()) {
		const current = reference.dfeCodes(old);
		const code = current ?? news[i]!;
		if (!/^E\d{8}$/.test(code))
			return {
				column: 'new_la_code',
				value: at(r, 'new_la_code'),
				expected: 'a GSS code such as E09000021'
			};
		const region = at(r, 'region_code');
		areas.push({
			level: 'la',
			code,
			name: names[i] ?? names[0]!,
			region: current
				? (reference.regionOf.get(current) ?? null)
				: region.startsWith('E13')
					? LONDON
					: region || null,
			current: Boolean(current)
		});
	}
	return { areas, joint: areas.length > 1 ? at(r, 'new_la_code') : null };
}

export interface NeighbourRow {
	model: '2025' | '2021';
	/** The authority's 3-digit DfE code, and its GSS code if it is in service. */
	dfe: string;
	laCode: string | null;
	rank: number;
	neighbourDfe: string;
	neighbourCode: string | null;
	closeness: string;
}

/** A statistical neighbour model's rows: ten neighbours, closest first, for each authority. */
export function readNeighbours(
	csv: CsvFile,
	model: '2025' | '2021',
	reference: Reference,
	problems: ExtractProblem[]
): NeighbourRow[] {
	const out: NeighbourRow[] = [];
	const first = model === '2025' ? 4 : 5;
	const seen = new Set<string>();
	for (const r of csv.records) {
		const dfe = r.fields[0]!.trim();
		// The 2021 model ends with the authorities it replaced, after blank rows and a heading
		// ("Old SNs:"); they are read like the rest.
		if (dfe === '' && r.fields.slice(2).every((f) => f.trim() === '')) continue;
		const problem = (index: number, value: string, expected: string) =>
			problems.push({ file: csv.name, line: r.line, column: csv.header[index]!, value, expected });
		if (!/^\d{3}$/.test(dfe)) {
			problem(0, dfe, 'a 3-digit DfE code');
			continue;
		}
		if (seen.has(dfe)) {
			problem(0, dfe, 'each authority once');
			continue;
		}
		seen.add(dfe);
		for (let rank = 1; rank <= 10; rank++) {
			const index = first + (rank - 1) * 2;
			const neighbour = r.fields[index]!.trim();
			if (!/^\d{3}$/.test(neighbour)) {
				problem(index, neighbour, 'a 3-digit DfE code');
				continue;
			}
			out.push({
				model,
				dfe,
				laCode: reference.dfeCodes(dfe) ?? null,
				rank,
				neighbourDfe: neighbour,
				neighbourCode: reference.dfeCodes(neighbour) ?? null,
				closeness: r.fields[index + 1]!.trim()
			});
		}
	}
	return out;
}
