// The shape of a catalogue entry. A metric is defined once — words for the reader and SQL for
// the engine — and every page, export, report and the `metrics` command use that one entry.
import type { TableName } from '$lib/contract/tables';
import type { Polarity } from '$lib/stats/polarity';
import type { ThemeId } from './themes';

export type { Polarity };

/**
 * How a value is made from summed numerators and denominators:
 * - `proportion`: 100 × n / d (a percentage);
 * - `rate`: scale × n / d (e.g. per 100 enquiries, per 10,000 children);
 * - `ratio`: n / d (e.g. cases per full-time equivalent worker);
 * - `median`: the median of per-record values (working days), pooled over records;
 * - `count`: n itself;
 * - `share`: per breakdown key, 100 × n(key) / n(all keys) — a distribution.
 */
export type MetricKind = 'proportion' | 'rate' | 'ratio' | 'median' | 'count' | 'share';

/**
 * `event`: each record counts in the period its anchor date falls in.
 * `snapshot`: the measure is taken on a day (the period's last day, or each month's last day).
 */
export type Timing = 'event' | 'snapshot';

/** Only counts of records are rounded or suppressed as counts; FTE and population are not. */
export type MeasureUnit = 'count' | 'fte' | 'population';

export type BreakdownId =
	'agency' | 'source_group' | 'age_band' | 'ethnicity_group' | 'category' | 'team';

export interface SqlContext {
	/** A relation with one DATE column `snap`: the snapshot days (snapshot metrics). */
	snapshots: string;
	/** The local visiting standard in working days (visits_10wd). */
	visitWorkingDays: number;
	/**
	 * Relations the store builder materialises once and shares between the metrics, each
	 * holding exactly the rows of the fragment named (see sql.ts). Left out, the fragment's SQL
	 * is used in place (for `childKeys`, the children table by its ids), as when answering from
	 * the case tables.
	 */
	shared?: Partial<Record<SharedRelation, string>>;
}

/** Fragments of sql.ts that several metrics read. */
export type SharedRelation = 'childKeys' | 'onPlan' | 'spells' | 'planStaff' | 'caseloads';

export interface MetricDefinition {
	/** Stable identifier used in URLs, exports and the command line. */
	id: string;
	theme: ThemeId | 'context';
	title: string;
	/** One plain-English sentence shown beside the chart. */
	definition: string;
	numerator: string;
	denominator: string | null;
	/** What places a record in a period, in words. */
	anchor: string;
	polarity: Polarity;
	/** The standard or published measure the metric serves. */
	standard: string;
	/** Tables that must have been supplied; if one is missing the metric shows `:`. */
	tables: TableName[];
	/**
	 * Columns the metric reads that a table may leave empty because its source does not know
	 * them (the workforce census has no qualification month): for an authority whose rows leave
	 * one empty throughout, the metric shows `:` rather than counting every row as a no.
	 */
	knownColumns?: { table: TableName; column: string }[];
	kind: MetricKind;
	/** Multiplier for `rate` (100 or 10,000); 100 for proportions and shares; 1 otherwise. */
	scale: number;
	/** The unit shown after the value. */
	unit: string;
	timing: Timing;
	/** Breakdowns the metric offers; the first is the default. */
	breakdowns: BreakdownId[];
	/**
	 * True when the breakdown is the measure itself (per agency, per source group): the
	 * headline then has no single value of its own unless `pooled` says how to pool it.
	 */
	perKey?: { pooled: boolean };
	/**
	 * The metric whose numerator and this metric's denominator split the same whole between
	 * them (children on a plan without an allocated worker, and with one): the whole is published
	 * beside both, so disclosure control suppresses the two together (see figures.ts).
	 */
	complementOf?: string;
	/** Figures shown on the overview's tiles. */
	headline?: boolean;
	/** Labelled "experimental" wherever shown. */
	experimental?: boolean;
	/**
	 * True when the SQL also yields `num_n` and `den_n`, the head counts behind a numerator or
	 * denominator that is not itself a count of records (FTE, population).
	 */
	fte?: boolean;
	/** What numerator and denominator measure; records (`count`) unless said otherwise. */
	units?: { numerator: MeasureUnit; denominator: MeasureUnit };
	/**
	 * The SQL that yields one row per record: `la_code`, `anchor` (DATE), `num`, `den` (and
	 * `num_n`, `den_n`, the head counts, when `fte`), or `value` for medians, plus one column
	 * per breakdown named by its id. For snapshot metrics `anchor` is the snapshot day.
	 */
	sql: (ctx: SqlContext) => string;
}

/** The most common shape: a percentage of records counted by their anchor date. */
export const percentOfEvents = {
	kind: 'proportion',
	scale: 100,
	unit: '%',
	timing: 'event'
} as const satisfies Partial<MetricDefinition>;

/** A percentage of those on a plan (or in post) on the period's last day. */
export const percentOnTheDay = {
	kind: 'proportion',
	scale: 100,
	unit: '%',
	timing: 'snapshot'
} as const satisfies Partial<MetricDefinition>;
