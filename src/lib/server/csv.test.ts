import { describe, expect, it } from 'vitest';
import { csvCell, csvResponse, toCsv } from './csv';

describe('CSV', () => {
	it('quotes what needs quoting and defuses formulas', () => {
		expect(toCsv([['a', 'b,c', 'say "hi"', null, 3]])).toBe('a,"b,c","say ""hi""",,3\r\n');
		expect(csvCell('=HYPERLINK("x")')).toBe(`"'=HYPERLINK(""x"")"`);
		expect(csvCell('-1')).toBe("'-1");
		expect(csvCell('@sum')).toBe("'@sum");
	});
	it('keeps a download name to safe characters', () => {
		const r = csvResponse('', '../../etc/passwd"; x=.csv');
		expect(r.headers.get('content-disposition')).toBe(
			'attachment; filename=".._.._etc_passwd___x_.csv"'
		);
	});
});
