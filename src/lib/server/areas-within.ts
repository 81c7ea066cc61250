// The way down from an area to the areas inside it, on one measure: England's nine regions side
// by side for central government, a partnership's authorities for a partner. Each figure is the
// engine's for that area as the viewer may see it (a region under disclosure control, rounded;
// an authority the partner holds, in full), and each row opens the comparison for that area.
import type { Figure } from '$lib/metrics/result';
import type { AnalyticsSession } from './analytics/duckdb';
import type { Scope } from './analytics/engine/scope';
import { metricsFor, type View } from './view';

export interface AreasWithin {
	/** What the rows are: "region" or "authority". */
	level: 'region' | 'authority';
	rows: { area: string; name: string; figure: Figure }[];
}

/** The areas inside the view's area, or null where there is no level below to show. */
export async function areasWithin(
	s: AnalyticsSession,
	view: View,
	metric: string
): Promise<AreasWithin | null> {
	const { scope } = view.filters;
	let level: AreasWithin['level'];
	let areas: { area: string; name: string; scope: Scope }[];
	if (view.viewer.role === 'national' && scope.kind === 'england') {
		level = 'region';
		areas = [...view.facts.regions]
			.sort(([a], [b]) => a.localeCompare(b))
			.map(([code, r]) => ({
				area: `region-${code}`,
				name: r.name,
				scope: { kind: 'region', region: code }
			}));
	} else if (scope.kind === 'las') {
		level = 'authority';
		areas = scope.las.map((la) => ({
			area: la,
			name: view.facts.authorities.get(la)?.name ?? la,
			scope: { kind: 'la', la }
		}));
	} else return null;
	const rows: AreasWithin['rows'] = [];
	for (const a of areas) {
		const r = await metricsFor(
			s,
			{ viewer: view.viewer, filters: { ...view.filters, scope: a.scope } },
			{ ids: [metric], breakdown: 'none' }
		);
		const m = r.metrics[0]!;
		rows.push({
			area: a.area,
			name: a.name,
			figure: {
				value: m.value,
				numerator: m.numerator,
				denominator: m.denominator,
				symbol: m.symbol
			}
		});
	}
	return { level, rows };
}
