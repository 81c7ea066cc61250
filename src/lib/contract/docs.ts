// Renders the contract's tables as Markdown for docs/data-contract.md, so the document an
// analyst reads is generated from the same definitions the loader enforces.
import type { ColumnType } from './tables';
import { tables } from './tables';

function typeText(t: ColumnType): string {
	switch (t.kind) {
		case 'id':
			return 'identifier (text, ≤ 64 characters)';
		case 'la_code':
			return 'GSS code';
		case 'date':
			return t.anyYear
				? 'date `YYYY-MM-DD`'
				: t.event === false
					? 'date `YYYY-MM-DD` (no lower bound)'
					: 'date `YYYY-MM-DD`';
		case 'month':
			return 'month `YYYY-MM`';
		case 'boolean':
			return '`true` / `false`';
		case 'integer':
			return `whole number ${t.min}–${t.max}`;
		case 'decimal':
			return `number ${t.min}–${t.max}`;
		case 'code':
			return t.codes.length <= 8
				? t.codes.map((c) => `\`${c}\``).join(' / ')
				: 'code (see code lists)';
		case 'codes':
			return 'codes separated by `;` (see code lists)';
		case 'text':
			return `text ≤ ${t.maxLength} characters`;
	}
}

export function contractTablesMarkdown(): string {
	const out: string[] = [];
	for (const t of tables) {
		const tags = [
			t.kind === 'reference' ? 'reference' : 'case',
			t.required ? 'required' : 'optional',
			t.local ? 'local' : null
		]
			.filter(Boolean)
			.join(', ');
		out.push(
			`### \`${t.name}\` (${tags})`,
			'',
			t.description,
			'',
			`Key: ${t.key.map((k) => `\`${k}\``).join(' + ')}`,
			''
		);
		out.push(
			'| column | type | empty allowed | refers to | meaning |',
			'| --- | --- | --- | --- | --- |'
		);
		for (const c of t.columns) {
			out.push(
				`| \`${c.name}\` | ${typeText(c.type)} | ${c.nullable ? 'yes' : 'no'} | ${c.references ? `\`${c.references}\`` : ''} | ${c.description} |`
			);
		}
		out.push('');
	}
	return out.join('\n');
}

export const GENERATED_START = '<!-- generated from src/lib/contract: start -->';
export const GENERATED_END = '<!-- generated from src/lib/contract: end -->';
