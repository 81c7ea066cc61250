// Renders the contract's tables as Markdown for docs/data-contract.md, so the document an
// analyst reads is generated from the same definitions the loader enforces.
import type { ColumnType, TableDef } from './tables';
import { tableByName, tables } from './tables';
import { templates } from './templates';

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
		out.push(...columnsTable(t));
		out.push('');
	}
	return out.join('\n');
}

/** A table's columns as a Markdown table: name, type, whether empty is allowed, reference, meaning. */
function columnsTable(t: TableDef): string[] {
	return [
		'| column | type | empty allowed | refers to | meaning |',
		'| --- | --- | --- | --- | --- |',
		...t.columns.map(
			(c) =>
				`| \`${c.name}\` | ${typeText(c.type)} | ${c.nullable ? 'yes' : 'no'} | ${c.references ? `\`${c.references}\`` : ''} | ${c.description} |`
		)
	];
}

/** The templates of the tables an authority fills itself, each with its columns. */
export function templatesMarkdown(): string {
	const out: string[] = [];
	for (const t of templates) {
		const def = tableByName.get(t.table)!;
		out.push(
			`### \`${t.table}\``,
			'',
			`${def.description} ${t.source}`,
			'',
			`Template: [\`templates/${t.table}.csv\`](templates/${t.table}.csv)`,
			'',
			...columnsTable(def),
			''
		);
	}
	return out.join('\n');
}

export const GENERATED_START = '<!-- generated from src/lib/contract: start -->';
export const GENERATED_END = '<!-- generated from src/lib/contract: end -->';

export const TEMPLATES_START = '<!-- generated from src/lib/contract/templates.ts: start -->';
export const TEMPLATES_END = '<!-- generated from src/lib/contract/templates.ts: end -->';
