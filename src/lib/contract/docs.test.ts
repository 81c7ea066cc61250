import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
	contractTablesMarkdown,
	GENERATED_END,
	GENERATED_START,
	TEMPLATES_END,
	TEMPLATES_START,
	templatesMarkdown
} from './docs';
import { templateCsv, templates, TEMPLATES_DIR } from './templates';

/** The generated part of a document, between its markers. */
export function generatedPart(file: string, start: string, end: string): string {
	const doc = fs.readFileSync(file, 'utf8');
	return doc.slice(doc.indexOf(start) + start.length, doc.indexOf(end)).trim();
}

describe('docs/data-contract.md', () => {
	it('holds the table reference generated from the contract (run npm run docs)', () => {
		expect(generatedPart('docs/data-contract.md', GENERATED_START, GENERATED_END)).toBe(
			contractTablesMarkdown().trim()
		);
	});
});

describe('the templates', () => {
	it('are described in docs/loading-your-data.md as generated (run npm run docs)', () => {
		expect(generatedPart('docs/loading-your-data.md', TEMPLATES_START, TEMPLATES_END)).toBe(
			templatesMarkdown().trim()
		);
	});

	it('are published, each as generated, and nothing else is (run npm run docs)', () => {
		expect(fs.readdirSync(TEMPLATES_DIR).sort()).toEqual(
			templates.map((t) => `${t.table}.csv`).sort()
		);
		for (const t of templates)
			expect(fs.readFileSync(path.join(TEMPLATES_DIR, `${t.table}.csv`), 'utf8')).toBe(
				templateCsv(t)
			);
	});

	it('cover every table neither census feeds', () => {
		expect(templates.map((t) => t.table)).toEqual(
			expect.arrayContaining([
				'strategy_discussions',
				'strategy_attendance',
				'conference_attendance',
				'cp_visits',
				'information_requests',
				'escalations',
				'case_audits',
				'allocations'
			])
		);
	});
});
