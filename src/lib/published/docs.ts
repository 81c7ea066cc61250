// The table of published measures in docs/published-statistics.md, generated from the catalogue
// (npm run docs), so the document says what the importer does.
import { FILE_NAMES, publishedMeasures } from './catalogue';

export const PUBLISHED_START = '<!-- generated from src/lib/published: start -->';
export const PUBLISHED_END = '<!-- generated from src/lib/published: end -->';

export function publishedMeasuresMarkdown(): string {
	const cell = (s: string) => s.replace(/\|/g, '\\|');
	const rows = publishedMeasures.map((m) => {
		const over =
			m.denominator === null
				? '—'
				: m.denominator === 'population'
					? 'children aged 0 to 17 (ONS, mid-year before)'
					: m.denominator.map((c) => `\`${c}\``).join(' + ');
		return `| ${m.title} | ${m.metric ? `\`${m.metric}\`` : 'published only'} | ${FILE_NAMES[m.file]} | ${m.numerator.map((c) => `\`${c}\``).join(' + ')} | ${over} | ${m.value ? `\`${m.value}\`` : 'worked out'} | ${cell(m.difference ?? 'none known')} |`;
	});
	return [
		'| measure | beside our measure | file | counts | over | value | how it differs from ours |',
		'| --- | --- | --- | --- | --- | --- | --- |',
		...rows
	].join('\n');
}
