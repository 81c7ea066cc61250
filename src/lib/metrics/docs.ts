// The metric catalogue as Markdown, for docs/metrics.md: one section per theme with each
// metric's definition, numerator, denominator, anchor, direction, standard and tables. Kept in
// step with the code by a unit test, like the data contract's reference. Also the same words as a
// page shows them, so the page and the documentation cannot disagree.
import { breakdownLabels, catalogue } from './catalogue';
import { themes } from './themes';
import type { MetricDefinition } from './types';

export const METRICS_START = '<!-- generated from src/lib/metrics: start -->';
export const METRICS_END = '<!-- generated from src/lib/metrics: end -->';

const direction = {
	up: 'higher is better',
	down: 'lower is better',
	neutral: 'context (no better direction)'
};
const cell = (s: string) => s.replace(/\|/g, '\\|');

export function metricsMarkdown(): string {
	const sections = [
		...themes.map((t) => ({ id: t.id as string, title: t.title })),
		{ id: 'context', title: 'Context' }
	];
	return sections
		.map(({ id, title }) => {
			const entries = catalogue
				.filter((m) => m.theme === id)
				.map((m) =>
					[
						`#### \`${m.id}\` — ${m.title}${m.experimental ? ' (experimental)' : ''}`,
						'',
						m.definition,
						'',
						`| | |`,
						`|---|---|`,
						`| Numerator | ${cell(m.numerator)} |`,
						`| Denominator | ${cell(m.denominator ?? '— (a count)')} |`,
						`| Value | ${m.unit} |`,
						`| Period | ${m.timing === 'event' ? `events by ${m.anchor.toLowerCase()}` : 'snapshot on the last day of the period (and of each month)'} |`,
						`| Direction | ${direction[m.polarity]} |`,
						`| Breakdowns | ${m.breakdowns.map((b) => breakdownLabels[b]).join(', ') || '—'} |`,
						`| Standard | ${cell(m.standard)} |`,
						`| Tables needed | ${m.tables.map((t) => `\`${t}\``).join(', ')} |`
					].join('\n')
				);
			return [`### ${title}`, '', ...entries.flatMap((e) => [e, ''])].join('\n');
		})
		.join('\n');
}

/** The words a page shows under "How this is calculated", so page and documentation agree. */
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
