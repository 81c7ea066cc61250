import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { contractTablesMarkdown, GENERATED_END, GENERATED_START } from './docs';

describe('docs/data-contract.md', () => {
	it('holds the table reference generated from the contract (run npm run docs)', () => {
		const doc = fs.readFileSync('docs/data-contract.md', 'utf8');
		const inDoc = doc
			.slice(doc.indexOf(GENERATED_START) + GENERATED_START.length, doc.indexOf(GENERATED_END))
			.trim();
		expect(inDoc).toBe(contractTablesMarkdown().trim());
	});
});
