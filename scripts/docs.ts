// npm run docs — rewrites the generated sections of docs/data-contract.md (from
// src/lib/contract) and docs/metrics.md (from src/lib/metrics). Unit tests fail when a
// document and the code disagree.
import fs from 'node:fs';
import { contractTablesMarkdown, GENERATED_END, GENERATED_START } from '../src/lib/contract/docs';
import { METRICS_END, METRICS_START, metricsMarkdown } from '../src/lib/metrics/docs';

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
