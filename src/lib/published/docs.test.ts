import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { PUBLISHED_END, PUBLISHED_START, publishedMeasuresMarkdown } from './docs';

describe('docs/published-statistics.md', () => {
	it('holds the measures generated from the catalogue (run npm run docs)', () => {
		const doc = fs.readFileSync('docs/published-statistics.md', 'utf8');
		const inDoc = doc
			.slice(doc.indexOf(PUBLISHED_START) + PUBLISHED_START.length, doc.indexOf(PUBLISHED_END))
			.trim();
		expect(inDoc).toBe(publishedMeasuresMarkdown().trim());
	});
});
