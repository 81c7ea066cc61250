import { describe, expect, it } from 'vitest';
import { isoWeek, periodInWords, periodOf } from './periods';

const day = (s: string) => new Date(`${s}T12:00:00Z`);

describe('digest periods', () => {
	it('numbers weeks as ISO 8601 does, including the weeks that cross a new year', () => {
		// Worked from the ISO rule (week 1 holds the year's first Thursday), checked on a calendar.
		expect(isoWeek(day('2026-11-30'))).toBe('2026-W49'); // a Monday
		expect(isoWeek(day('2026-12-06'))).toBe('2026-W49'); // its Sunday
		expect(isoWeek(day('2026-12-07'))).toBe('2026-W50');
		expect(isoWeek(day('2021-01-03'))).toBe('2020-W53'); // a Sunday still in 2020's last week
		expect(isoWeek(day('2024-12-30'))).toBe('2025-W01'); // a Monday already in 2025's first
		expect(isoWeek(day('2026-01-01'))).toBe('2026-W01'); // a Thursday
	});

	it('gives one period a week, a month, or a data version', () => {
		expect(periodOf('weekly', day('2026-11-30'), 'v1')).toBe('2026-W49');
		expect(periodOf('monthly', day('2026-11-30'), 'v1')).toBe('2026-11');
		expect(periodOf('loads', day('2026-11-30'), 'v1')).toBe('load v1');
		expect(periodOf('loads', day('2026-11-30'), null)).toBeNull();
	});

	it('says the period in words', () => {
		expect(periodInWords('weekly', '2026-W49', day('2026-12-03'))).toBe(
			'the week beginning 30 November 2026'
		);
		expect(periodInWords('monthly', '2026-11', day('2026-11-30'))).toBe('November 2026');
	});
});
