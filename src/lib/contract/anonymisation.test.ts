import { describe, expect, it } from 'vitest';
import { looksLikeIdentifierColumn, looksLikeNhsNumber, looksLikeUpn } from './anonymisation';
import { tables } from './tables';

describe('looksLikeIdentifierColumn', () => {
	it.each([
		'name',
		'child_name',
		'Forename',
		'SURNAME',
		'dob',
		'date_of_birth',
		'home_address',
		'postcode',
		'nhs_number',
		'NHSNumber',
		'upn',
		'ni_number',
		'email',
		'phone',
		'case_notes',
		'free_text'
	])('refuses %s', (c) => expect(looksLikeIdentifierColumn(c)).toBe(true));

	it('accepts every case-table column of the contract', () => {
		for (const t of tables.filter((t) => t.kind === 'case')) {
			for (const c of t.columns) expect(looksLikeIdentifierColumn(c.name), c.name).toBe(false);
		}
	});
});

describe('looksLikeNhsNumber', () => {
	// 943 476 5919 is the NHS's published example of a valid number: weights 10..2 give
	// 9·10+4·9+3·8+4·7+7·6+6·5+5·4+9·3+1·2 = 299; 299 mod 11 = 2; 11 − 2 = 9 = last digit.
	it('recognises a number whose check digit is right', () => {
		expect(looksLikeNhsNumber('9434765919')).toBe(true);
		expect(looksLikeNhsNumber('943 476 5919')).toBe(true);
	});
	it('does not flag ten digits whose check digit is wrong', () => {
		expect(looksLikeNhsNumber('9434765918')).toBe(false);
	});
	it('does not flag other lengths or letters', () => {
		expect(looksLikeNhsNumber('943476591')).toBe(false);
		expect(looksLikeNhsNumber('C-001-000123')).toBe(false);
	});
});

describe('looksLikeUpn', () => {
	it('flags a letter and twelve digits', () => {
		expect(looksLikeUpn('A123456789012')).toBe(true);
	});
	it('does not flag other shapes', () => {
		expect(looksLikeUpn('A12345678901')).toBe(false);
		expect(looksLikeUpn('C-001-000123')).toBe(false);
	});
});
