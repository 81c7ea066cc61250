// The metric catalogue: every measure the dashboard shows, in reading order. Adding a metric
// means adding one entry to its theme's file; pages, exports, the engine and the command pick
// it up from here.
import { context } from './context';
import { decisions } from './decisions';
import { participation } from './participation';
import { timeliness } from './timeliness';
import type { BreakdownId, MetricDefinition } from './types';
import { workforce } from './workforce';
import type { ThemeId } from './themes';
import { breakdownLabels } from './labels';

export const catalogue: readonly MetricDefinition[] = [
	...participation,
	...decisions,
	...timeliness,
	...workforce,
	...context
];

const byId = new Map(catalogue.map((m) => [m.id, m]));

export function findMetric(id: string): MetricDefinition | undefined {
	return byId.get(id);
}

export function metricsOfTheme(theme: ThemeId | 'context'): MetricDefinition[] {
	return catalogue.filter((m) => m.theme === theme);
}

/**
 * The metric whose counts hold the split a metric's figures rest on (see `complementOf`): the
 * one it names, or itself when another names it; null for a metric outside any split.
 */
export function splitOf(def: MetricDefinition): MetricDefinition | null {
	if (def.complementOf) return findMetric(def.complementOf) ?? null;
	return catalogue.some((m) => m.complementOf === def.id) ? def : null;
}

export { breakdownLabels };

export const breakdownIds = Object.keys(breakdownLabels) as BreakdownId[];

export function isBreakdownId(value: string): value is BreakdownId {
	return (breakdownIds as string[]).includes(value);
}

/** The local visiting standard when none is configured (working days). */
export const DEFAULT_VISIT_WORKING_DAYS = 10;
