// npm run docs — rewrites the generated parts of the documentation: the table reference in
// docs/data-contract.md (from src/lib/contract), the catalogue in docs/metrics.md (from
// src/lib/metrics), in docs/loading-your-data.md what each metric needs and the templates,
// whose CSV files go to docs/templates, and in docs/published-statistics.md the published
// measures (from src/lib/published). Unit tests fail when a document and the code disagree.
import fs from 'node:fs';
import path from 'node:path';
import {
	contractTablesMarkdown,
	GENERATED_END,
	GENERATED_START,
	TEMPLATES_END,
	TEMPLATES_START,
	templatesMarkdown
} from '../src/lib/contract/docs';
import { templateCsv, templates, TEMPLATES_DIR } from '../src/lib/contract/templates';
import { METRICS_END, METRICS_START, metricsMarkdown } from '../src/lib/metrics/docs';
import { NEEDS_END, NEEDS_START, metricNeedsMarkdown } from '../src/lib/metrics/sources';
import {
	PUBLISHED_END,
	PUBLISHED_START,
	publishedMeasuresMarkdown
} from '../src/lib/published/docs';

function rewrite(file: string, start: string, end: string, body: string): void {
	const doc = fs.readFileSync(file, 'utf8');
	const a = doc.indexOf(start);
	const b = doc.indexOf(end);
	if (a < 0 || b < 0) throw new Error(`${file} lacks the generated-section markers`);
	fs.writeFileSync(file, `${doc.slice(0, a + start.length)}\n\n${body}\n${doc.slice(b)}`);
	console.log(`docs: ${file} updated`);
}

rewrite('docs/data-contract.md', GENERATED_START, GENERATED_END, contractTablesMarkdown());
rewrite('docs/metrics.md', METRICS_START, METRICS_END, metricsMarkdown());
rewrite('docs/loading-your-data.md', NEEDS_START, NEEDS_END, metricNeedsMarkdown());
rewrite('docs/loading-your-data.md', TEMPLATES_START, TEMPLATES_END, templatesMarkdown());
rewrite(
	'docs/published-statistics.md',
	PUBLISHED_START,
	PUBLISHED_END,
	publishedMeasuresMarkdown()
);
fs.mkdirSync(TEMPLATES_DIR, { recursive: true });
for (const t of templates)
	fs.writeFileSync(path.join(TEMPLATES_DIR, `${t.table}.csv`), templateCsv(t));
console.log(`docs: ${templates.length} templates written to ${TEMPLATES_DIR}`);
