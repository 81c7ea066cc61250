// Leaders' targets and change points laid over the engine's answer: each monthly series' SPC is
// read again with the area's change points (limits recalculated where a measure is marked) and
// the measure's target, so tiles, measure pages and the report judge against them. The engine's
// answer is shared and cached, so it is copied, never changed; a response without an area's
// items is returned as it is.
import type { MetricResult, MetricsResponse } from '$lib/metrics/result';
import { phasedXmr } from '$lib/stats/spc-phases';
import type { AreaLeadership } from './store';

export function hasItems(items: AreaLeadership): boolean {
	return items.targets.size > 0 || items.changes.length > 0;
}

function metricWith(m: MetricResult, items: AreaLeadership): MetricResult {
	if (!m.months || !m.spc) return m;
	return {
		...m,
		spc: phasedXmr(
			m.months.map((x) => ({ x: x.month, value: x.value })),
			{
				polarity: m.polarity,
				targets: items.targets.get(m.id) ?? [],
				changes: items.changes.map((c) => ({
					month: c.month,
					label: c.label,
					recalculate: c.recalculated.has(m.id)
				}))
			}
		)
	};
}

export function withLeadership(
	response: MetricsResponse,
	items: AreaLeadership | null
): MetricsResponse {
	if (!items || !hasItems(items)) return response;
	return { ...response, metrics: response.metrics.map((m) => metricWith(m, items)) };
}
