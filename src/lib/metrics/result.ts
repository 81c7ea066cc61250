// The engine's answer, in one vocabulary from the database to the pixel: what a figure is, what
// its symbols mean, what surrounds it (benchmarks, other authorities) and the whole response.
// Pure types and words: the engine builds these; components, routes, the CSV, the `metrics`
// command and the tests read them. Not for: how a figure is computed or protected (the engine).
import type { SizeBand } from '$lib/stats/disclosure';
import type { Band } from '$lib/stats/quartiles';
import type { FunnelLimits, FunnelPosition } from '$lib/stats/funnel';
import type { SpcResult } from '$lib/stats/spc';
import type { PhasedSpc } from '$lib/stats/spc-phases';
import type { BreakdownId, MetricDefinition } from './types';

/** The GSS symbols: confidential (suppressed), not available (no data), not applicable. */
export type GssSymbol = 'c' | ':' | 'z';

export const SYMBOL_MEANINGS: Record<GssSymbol, string> = {
	c: 'suppressed to protect confidentiality',
	':': 'not available: the records were not supplied',
	z: 'not applicable: nothing to measure in this period'
};

/** The legend line every table and download carries. */
export const SYMBOL_LEGEND = (Object.keys(SYMBOL_MEANINGS) as GssSymbol[])
	.map((s) => `${s} ${SYMBOL_MEANINGS[s]}`)
	.join('; ');

export interface Figure {
	value: number | null;
	numerator: number | null;
	denominator: number | null;
	/** Null when there is a value; otherwise why there is none. */
	symbol: GssSymbol | null;
}

export interface KeyFigure extends Figure {
	key: string;
}

export interface MonthFigure extends Figure {
	/** YYYY-MM */
	month: string;
}

export type ComparisonGroup = 'neighbours' | 'region' | 'england';

/** An authority the viewer may know by name: one they hold, or any, for central government. */
export interface NamedAuthority extends Figure {
	code: string;
	name: string;
	/** The area the page is about (a single authority's own page). */
	self: boolean;
	band: Band | null;
	rank: number | null;
	funnel: FunnelPosition | null;
}

export type { SizeBand };

/**
 * Another authority shown to someone who does not hold it: a coarsened value, the size band it
 * falls in and its quartile band — nothing that says which authority it is.
 */
export interface AnonymousAuthority {
	value: number;
	size: SizeBand | null;
	band: Band | null;
}

/** Every authority of a comparison group as the viewer may see them, with the funnel to draw. */
export interface AuthorityComparison {
	group: ComparisonGroup;
	/** How many authorities the group holds. */
	of: number;
	named: NamedAuthority[];
	/** Other authorities with a published figure, in no order that could identify them. */
	anonymous: AnonymousAuthority[];
	/** Other authorities of the group whose figure is suppressed. */
	suppressed: number;
	/** Why other authorities are not shown one by one for this group, when they are not. */
	note: string | null;
	funnel: { centre: number; curve: FunnelLimits[] } | null;
}

export interface Benchmarks {
	/** England, for periods England is published for (runs of whole months). */
	england: Figure | null;
	region: (Figure & { code: string; name: string }) | null;
	neighbours: { value: number | null; published: number; of: number } | null;
	band: Band | null;
	rank: { position: number; of: number } | null;
	/** Every authority of the chosen group, or null when not asked for or not published. */
	authorities: AuthorityComparison | null;
	/**
	 * Present when England, the region, the neighbours, band and rank are DfE's published
	 * figures (for one authority's real data): their source and year, and how DfE's definition
	 * differs from the metric's.
	 */
	published?: {
		source: string;
		difference: string | null;
		/**
		 * The authority's own figure as DfE published it for the year (a joint return's if it
		 * made one): set beside the figure from its case data, the first check of a new source.
		 */
		reported: (Figure & { joint: string | null }) | null;
	};
}

export interface MetricResult extends Figure {
	id: string;
	title: string;
	unit: string;
	kind: MetricDefinition['kind'];
	polarity: MetricDefinition['polarity'];
	experimental: boolean;
	/** Where the counts came from; null when the metric has no data. */
	source: 'store' | 'cases' | null;
	breakdownBy: BreakdownId | null;
	breakdown: KeyFigure[];
	/** Month by month; absent when not asked for or not published for this area. */
	months?: MonthFigure[];
	/** With leaders' targets and change points for the area, when it has any. */
	spc?: SpcResult & Partial<Pick<PhasedSpc, 'phases' | 'changes' | 'targets' | 'target'>>;
	benchmarks?: Benchmarks;
	/** The area's latest published commentary for the period's last month, when it has one. */
	commentary?: PublishedCommentary;
}

export interface PublishedCommentary {
	body: string;
	author: string;
	/** ISO timestamp. */
	savedAt: string;
	version: number;
}

export interface MetricsResponse {
	scope: {
		kind: 'la' | 'las' | 'region' | 'england';
		code: string | null;
		name: string;
		las: string[];
	};
	from: string;
	to: string;
	role: 'la_leader' | 'partner' | 'national';
	/** The figures are published under disclosure control (the viewer does not hold the area). */
	controlled: boolean;
	dataVersion: string;
	metrics: MetricResult[];
}
