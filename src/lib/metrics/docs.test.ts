import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { METRICS_END, METRICS_START, metricsMarkdown } from './docs';

describe('docs/metrics.md', () => {
	it('holds the catalogue generated from the code (run npm run docs)', () => {
		const doc = fs.readFileSync('docs/metrics.md', 'utf8');
		const inDoc = doc
			.slice(doc.indexOf(METRICS_START) + METRICS_START.length, doc.indexOf(METRICS_END))
			.trim();
		expect(inDoc).toBe(metricsMarkdown().trim());
	});
});
