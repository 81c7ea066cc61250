// Summed counts as the engine receives them — one row per metric, authority (or area), bucket
// and breakdown key — and an index over them for assembling figures. Not for: fetching (fetch.ts)
// or deciding what may be shown (figures.ts).

/** Numerator and denominator of one cell, with the head counts behind them. */
export interface Cell {
	num: number;
	den: number;
	/** Head counts behind num and den (equal to them unless the metric sums FTE). */
	numN: number;
	denN: number;
}

export interface CellRow extends Cell {
	metric: string;
	/** The authority's code, or 'all' when the rows were added up in the database. */
	la: string;
	/** 'YYYY-MM' month by month (when asked for), else 'total'. Breakdown rows are for the period. */
	bucket: string;
	/** '' for the whole population, else the breakdown id. */
	breakdown: string;
	key: string;
}

/** One value of a median metric's distribution, with how many records have it. */
export interface ValueRow {
	metric: string;
	la: string;
	bucket: string;
	breakdown: string;
	key: string;
	value: number;
	n: number;
}

export const EMPTY_CELL: Cell = { num: 0, den: 0, numN: 0, denN: 0 };

// Sums of FTE are kept to 6 decimal places, so that adding the same values in another order
// (store or case tables, one authority or many) gives exactly the same figure.
export const tidy = (x: number) => Math.round(x * 1e6) / 1e6;

export function addCells(a: Cell, b: Cell): Cell {
	return {
		num: tidy(a.num + b.num),
		den: tidy(a.den + b.den),
		numN: tidy(a.numN + b.numN),
		denN: tidy(a.denN + b.denN)
	};
}

/** Which rows of one metric's counts to add up. */
export interface Selection {
	/** Authorities to add up; null for every row. */
	las?: Set<string> | null;
	bucket: (bucket: string) => boolean;
	breakdown?: string;
	key?: string;
}

/** One metric's cells and value distributions, indexed by authority. */
export class MetricCounts {
	private readonly cellsByLa = new Map<string, CellRow[]>();
	private readonly valuesByLa = new Map<string, ValueRow[]>();

	constructor(
		private readonly cells: CellRow[],
		private readonly values: ValueRow[]
	) {
		for (const r of cells) push(this.cellsByLa, r.la, r);
		for (const r of values) push(this.valuesByLa, r.la, r);
	}

	private rows<T>(all: T[], byLa: Map<string, T[]>, las: Set<string> | null | undefined) {
		return las ? [...las].flatMap((la) => byLa.get(la) ?? []) : all;
	}

	private matches(r: CellRow | ValueRow, s: Selection): boolean {
		return r.breakdown === (s.breakdown ?? '') && r.key === (s.key ?? '') && s.bucket(r.bucket);
	}

	cell(s: Selection): Cell {
		let c = EMPTY_CELL;
		for (const r of this.rows(this.cells, this.cellsByLa, s.las))
			if (this.matches(r, s)) c = addCells(c, r);
		return c;
	}

	histogram(s: Selection): Map<number, number> {
		const h = new Map<number, number>();
		for (const r of this.rows(this.values, this.valuesByLa, s.las))
			if (this.matches(r, s)) h.set(r.value, (h.get(r.value) ?? 0) + r.n);
		return h;
	}

	/** The keys of a breakdown present in the rows. */
	keys(breakdown: string): string[] {
		const present = new Set<string>();
		for (const r of this.cells) if (r.breakdown === breakdown) present.add(r.key);
		for (const r of this.values) if (r.breakdown === breakdown) present.add(r.key);
		return [...present];
	}
}

function push<T>(map: Map<string, T[]>, key: string, row: T): void {
	const list = map.get(key);
	if (list) list.push(row);
	else map.set(key, [row]);
}

/** The rows of several metrics, split by metric. */
export interface Counts {
	cells: CellRow[];
	values: ValueRow[];
}

export function countsOf(all: Counts, id: string): MetricCounts {
	return new MetricCounts(
		all.cells.filter((r) => r.metric === id),
		all.values.filter((r) => r.metric === id)
	);
}

/** Where a fetched row belongs: metric, authority (or area), bucket, breakdown and key. */
function placeOf(r: Record<string, unknown>) {
	return {
		metric: String(r.metric),
		la: String(r.la_code),
		bucket: String(r.bucket),
		breakdown: String(r.breakdown),
		key: String(r.key)
	};
}

export function toCell(r: Record<string, unknown>): CellRow {
	return {
		...placeOf(r),
		num: tidy(Number(r.num)),
		den: tidy(Number(r.den)),
		numN: Number(r.num_n),
		denN: Number(r.den_n)
	};
}

export function toValue(r: Record<string, unknown>): ValueRow {
	return {
		...placeOf(r),
		value: Number(r.value),
		n: Number(r.n)
	};
}
