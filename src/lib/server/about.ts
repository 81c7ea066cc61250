// The words a page shows under "How this is calculated", taken from the catalogue entry so the
// page and the documentation cannot disagree.
import type { MetricDefinition } from '$lib/metrics/types';

export interface AboutMetric {
	definition: string;
	numerator: string;
	denominator: string | null;
	standard: string;
	anchor: string;
	tables: string[];
}

export function aboutMetric(d: MetricDefinition): AboutMetric {
	return {
		definition: d.definition,
		numerator: d.numerator,
		denominator: d.denominator,
		standard: d.standard,
		anchor: d.anchor,
		tables: [...d.tables]
	};
}
