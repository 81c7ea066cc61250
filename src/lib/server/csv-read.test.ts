import { describe, expect, it } from 'vitest';
import { CsvSyntaxError, readCsv } from './csv-read';

describe('readCsv', () => {
	it('reads quoted fields, doubled quotes, line breaks in quotes and both line endings', () => {
		const text = '\uFEFFa,b,c\r\n"x, y","say ""hi""","two\nlines"\n\nlast,,\n';
		expect(readCsv(text)).toEqual([
			{ line: 1, fields: ['a', 'b', 'c'] },
			{ line: 2, fields: ['x, y', 'say "hi"', 'two\nlines'] },
			{ line: 5, fields: ['last', '', ''] }
		]);
	});

	it('names the line of a quote out of place or never closed', () => {
		expect(() => readCsv('a,b\nx"y,z')).toThrow(
			new CsvSyntaxError('line 2: a quote inside an unquoted field')
		);
		expect(() => readCsv('a,b\n"open,z')).toThrow(/line 2: a quoted field is never closed/);
	});
});
