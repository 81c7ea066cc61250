// Where each metric's records can come from: the census returns every authority already makes,
// or the tables it fills from its own systems (the templates). For docs/loading-your-data.md,
// so that a performance team sees what each metric needs before it sends anything.
import { CENSUS_TABLES } from '$lib/contract/census';
import type { TableName } from '$lib/contract/tables';
import { catalogue } from './catalogue';
import type { MetricDefinition } from './types';

export const NEEDS_START = '<!-- generated from src/lib/metrics/sources.ts: start -->';
export const NEEDS_END = '<!-- generated from src/lib/metrics/sources.ts: end -->';

/**
 * Metrics that read what the workforce census does not carry (qualification month, child
 * protection accreditation): their practitioners must come from HR (the template).
 */
export const NEEDS_WORKER_DETAIL = new Set(
	catalogue.filter((m) => m.knownColumns?.some((c) => c.table === 'practitioners')).map((m) => m.id)
);

const fromCin = new Set<TableName>(CENSUS_TABLES.CIN);
const fromCensuses = new Set<TableName>([...CENSUS_TABLES.CIN, ...CENSUS_TABLES.CSWW]);

/** What a metric needs, in words: which returns, and which templates beyond them. */
export function metricNeeds(m: MetricDefinition): string {
	const templates = m.tables.filter((t) => !fromCensuses.has(t));
	const csww = m.tables.some((t) => !fromCin.has(t) && fromCensuses.has(t));
	const cin = m.tables.some((t) => fromCin.has(t));
	const parts: string[] = [];
	if (cin) parts.push('CIN census');
	if (csww && NEEDS_WORKER_DETAIL.has(m.id))
		templates.push(...m.tables.filter((t) => t === 'practitioners'));
	else if (csww) parts.push('workforce census');
	if (templates.length) parts.push(`templates: ${templates.map((t) => `\`${t}\``).join(', ')}`);
	return parts.join(' + ');
}

export function metricNeedsMarkdown(): string {
	return [
		'| metric | needs |',
		'| --- | --- |',
		...catalogue.map((m) => `| \`${m.id}\` ${m.title} | ${metricNeeds(m)} |`)
	].join('\n');
}
