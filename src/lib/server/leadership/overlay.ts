// Leaders' targets, change points and commentary laid over the engine's answer: each monthly
// series' SPC is read again with the area's change points (limits recalculated where a measure
// is marked) and the measure's target, so tiles, measure pages and the report judge against
// them, and each measure carries its published commentary for the period. The engine's answer
// is shared and cached, so it is copied, never changed; a response without an area's items is
// returned as it is.
import type { MetricResult, MetricsResponse } from '$lib/metrics/result';
import type { CommentaryVersion } from './commentary';
import { phasedXmr } from '$lib/stats/spc-phases';
import type { AreaLeadership } from './store';

export function hasItems(items: AreaLeadership): boolean {
	return items.targets.size > 0 || items.changes.length > 0;
}

function withCommentary(m: MetricResult, said: CommentaryVersion | undefined): MetricResult {
	if (!said) return m;
	const { body, author, version } = said;
	return { ...m, commentary: { body, author, version, savedAt: said.savedAt.toISOString() } };
}

function metricWith(m: MetricResult, items: AreaLeadership): MetricResult {
	if (!m.months || !m.spc || !hasItems(items)) return m;
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
	items: AreaLeadership | null,
	commentary: Map<string, CommentaryVersion> = new Map()
): MetricsResponse {
	if (!items || (!hasItems(items) && commentary.size === 0)) return response;
	return {
		...response,
		metrics: response.metrics.map((m) => withCommentary(metricWith(m, items), commentary.get(m.id)))
	};
}
