import { describe, expect, it } from 'vitest';
import { bankHolidays, realAuthorityNames } from '$lib/server/reference-data';

describe('shipped reference data', () => {
	it('reads quoted names that hold commas', () => {
		const names = realAuthorityNames();
		expect(names.size).toBe(153);
		expect(names.has('Kingston upon Hull, City of')).toBe(true);
	});

	it('reads every bank holiday, Christmas 2024 among them', () => {
		const days = bankHolidays();
		expect(days).toHaveLength(107);
		expect(days).toContainEqual({ date: '2024-12-25', name: 'Christmas Day' });
	});
});
