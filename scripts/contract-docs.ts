// npm run docs:contract — rewrites the generated table reference in docs/data-contract.md from
// src/lib/contract. A unit test fails when the document and the code disagree.
import fs from 'node:fs';
import {
	contractTablesMarkdown,
	GENERATED_END,
	GENERATED_START
} from '../src/lib/contract/describe';

const file = 'docs/data-contract.md';
const doc = fs.readFileSync(file, 'utf8');
const start = doc.indexOf(GENERATED_START);
const end = doc.indexOf(GENERATED_END);
if (start < 0 || end < 0) throw new Error(`${file} lacks the generated-section markers`);
const next = `${doc.slice(0, start + GENERATED_START.length)}\n\n${contractTablesMarkdown()}\n${doc.slice(end)}`;
fs.writeFileSync(file, next);
console.log(`docs:contract: ${file} updated`);
