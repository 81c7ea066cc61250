// The figures a view shows — the filters a URL asks for, resolved for a viewer and checked
// against their scope, and the metrics for them with the leaders' items of an area they hold.
// Free of any request, so the pages (through view.ts), the digests and the scripts share them.
import { computeMetrics, type MetricRequest } from './analytics/engine/engine';
import type { AnalyticsSession } from './analytics/duckdb';
import { loadDataFacts, type DataFacts } from './analytics/engine/data-facts';
import type { Viewer } from './analytics/engine/scope';
import { catalogue } from '$lib/metrics/catalogue';
import { appDb } from './db/client';
import { resolveFilters, type Filters } from './filters';
import { areaOf, holdsArea } from './leadership/area';
import { publishedCommentary } from './leadership/commentary';
import { withLeadership } from './leadership/overlay';
import { readLeadership } from './leadership/store';

/**
 * Every metric for the view's area and period, month by month with benchmarks and without
 * breakdowns: what the overview, an authority's profile and the board report summarise. One
 * request shape, so the three show the same figures (and share one cached answer).
 */
export function summaryMetrics(s: AnalyticsSession, view: View) {
	return metricsFor(s, view, {
		ids: catalogue.map((d) => d.id),
		monthly: true,
		breakdown: 'none',
		benchmarks: true
	});
}

/**
 * The metrics a page asks for, for the view's area, period and comparison group — with the
 * area's targets, change points and commentary when the viewer holds it (leadership/area.ts).
 */
export async function metricsFor(
	s: AnalyticsSession,
	{ viewer, filters }: Pick<View, 'viewer' | 'filters'>,
	options: Omit<MetricRequest, 'scope' | 'viewer' | 'from' | 'to' | 'group'>
) {
	const response = await computeMetrics(s, {
		scope: filters.scope,
		viewer,
		from: filters.from,
		to: filters.to,
		// The group matters only to the comparison; left out otherwise, so answers are shared.
		...(options.authorities ? { group: filters.group } : {}),
		...options
	});
	const area = areaOf(filters.scope);
	// Leaders' items are shown only beside monthly answers (tiles, charts, the report); a page's
	// other requests (breakdowns, comparisons) need not read them again.
	if (!options.monthly || area === null || !holdsArea(viewer, area)) return response;
	return withLeadership(
		response,
		readLeadership(appDb(), area),
		publishedCommentary(appDb(), area, filters.to.slice(0, 7))
	);
}

export interface View {
	viewer: Viewer;
	filters: Filters;
	facts: DataFacts;
}

/** The filters as the page's form shows them (no server-only detail). */
export type FilterView = Omit<Filters, 'scope'>;

export function publicFilters(f: Filters): FilterView {
	const { scope: _scope, ...rest } = f;
	void _scope;
	return rest;
}

/** The viewer's view of the data: the filters the URL asks for, checked against their scope. */
export async function viewOf(
	s: AnalyticsSession,
	viewer: Viewer,
	url: URL,
	opening?: 'latest' | 'year'
): Promise<View> {
	const facts = await loadDataFacts(s);
	const filters = resolveFilters(
		url,
		{
			viewer,
			extracted: s.dataVersion.extracted ?? new Date().toISOString().slice(0, 10),
			dataFrom: s.dataVersion.periodFrom,
			authorities: facts.authorities,
			regions: facts.regions
		},
		opening
	);
	return { viewer, filters, facts };
}
