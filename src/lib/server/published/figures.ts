// Published figures for each measure, year and area, from the rows of the release files: the
// numerator and denominator as published, and the value — DfE's own where the release carries
// it, else worked out (rates per 10,000 children over the ONS estimate of the year before, as
// DfE's own dashboard does, since 2025's files no longer carry rates). A suppressed or missing
// part leaves the value as DfE's symbol, never as 0.
import { publishedMeasures, type PublishedMeasure } from '$lib/published/catalogue';
import type { Area, Cell, PublishedSymbol, StatisticsTable } from './read';

export interface PublishedFigure {
	measure: string;
	year: number;
	area: Area;
	joint: string | null;
	numerator: number | null;
	denominator: number | null;
	value: number | null;
	symbol: PublishedSymbol | null;
	file: string;
	line: number;
}

/** Population of children aged 0 to 17 by year served (the mid-year estimate of the year before) and area code. */
export type Populations = Map<number, Map<string, number>>;

export function populationsOf(table: StatisticsTable | undefined): Populations {
	const out: Populations = new Map();
	for (const row of table?.rows ?? []) {
		const n = row.cells.population_estimate;
		if (!n || n.value === null) continue;
		const year = row.year + 1;
		if (!out.has(year)) out.set(year, new Map());
		for (const a of row.areas) out.get(year)!.set(a.code, n.value);
	}
	return out;
}

/** Every measure's figures from the tables read (by file kind). */
export function publishedFigures(
	tables: Map<string, StatisticsTable>,
	populations: Populations
): PublishedFigure[] {
	const out: PublishedFigure[] = [];
	for (const m of publishedMeasures) {
		const table = tables.get(m.file);
		if (!table) continue;
		if (m.denominator === 'population' && populations.size === 0) continue;
		for (const row of table.rows)
			for (const area of row.areas)
				out.push({
					measure: m.id,
					year: row.year,
					area,
					joint: row.joint,
					...figureOf(m, row.cells, populations.get(row.year)?.get(area.code) ?? null),
					file: table.file,
					line: row.line
				});
	}
	return out;
}

type Parts = Pick<PublishedFigure, 'numerator' | 'denominator' | 'value' | 'symbol'>;

/** One row's figure for a measure. */
export function figureOf(
	m: PublishedMeasure,
	cells: Record<string, Cell>,
	population: number | null
): Parts {
	const missing = { value: null, symbol: 'x' as const };
	const num = sum(m.numerator.map((c) => cells[c] ?? missing));
	const den: Cell | null =
		m.denominator === null
			? null
			: m.denominator === 'population'
				? population === null
					? { value: null, symbol: 'x' }
					: { value: population, symbol: null }
				: sum(m.denominator.map((c) => cells[c] ?? missing));
	const given = m.value ? cells[m.value] : undefined;
	let value: Cell;
	if (given) value = given;
	else if (num.symbol !== null) value = num;
	else if (den === null) value = num;
	else if (den.symbol !== null) value = den;
	else
		value =
			den.value === 0
				? { value: null, symbol: 'z' }
				: { value: (num.value / den.value) * m.scale, symbol: null };
	return {
		numerator: num.value,
		denominator: den?.value ?? null,
		value: value.value,
		symbol: value.symbol
	};
}

/** A sum of published cells; any symbol makes the sum that symbol (the first met). */
function sum(cells: Cell[]): Cell {
	const symbol = cells.find((c) => c.symbol !== null);
	if (symbol) return symbol;
	return { value: cells.reduce((t, c) => t + c.value!, 0), symbol: null };
}
