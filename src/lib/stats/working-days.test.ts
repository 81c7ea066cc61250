import { describe, expect, it } from 'vitest';
import { addMonths, dayNumber, isoDate, weekday } from './dates';
import { WorkingDayCalendar } from './working-days';

// England and Wales bank holidays around the cases below (gov.uk).
const holidays = [
	'2023-12-25',
	'2023-12-26',
	'2024-01-01',
	'2024-03-29', // Good Friday
	'2024-04-01', // Easter Monday
	'2024-05-06',
	'2024-12-25',
	'2024-12-26',
	'2025-01-01'
];
const cal = new WorkingDayCalendar(holidays);

describe('dates', () => {
	it('round-trips day numbers and knows the weekday', () => {
		expect(isoDate(dayNumber('2024-02-29'))).toBe('2024-02-29');
		expect(weekday(dayNumber('2024-12-25'))).toBe(3); // a Wednesday
	});

	it('clamps calendar-month arithmetic to the end of the month', () => {
		expect(addMonths('2024-05-31', -3)).toBe('2024-02-29');
		expect(addMonths('2023-05-31', -3)).toBe('2023-02-28');
		expect(addMonths('2024-01-31', 1)).toBe('2024-02-29');
		expect(addMonths('2024-03-15', -12)).toBe('2023-03-15');
		expect(addMonths('2024-02-29', 12)).toBe('2025-02-28');
	});
});

describe('WorkingDayCalendar', () => {
	it('skips weekends', () => {
		// Friday 7 June 2024 → Monday 10 June is the 1st working day after.
		expect(cal.between('2024-06-07', '2024-06-10')).toBe(1);
		expect(cal.add('2024-06-07', 1)).toBe('2024-06-10');
	});

	it('counts nothing for the same day', () => {
		expect(cal.between('2024-06-10', '2024-06-10')).toBe(0);
	});

	it('finds the 15th working day across Christmas and New Year', () => {
		// From Friday 20 Dec 2024: working days are 23, 24, 27, 30, 31 Dec, 2, 3, 6, 7, 8, 9, 10,
		// 13, 14, 15 Jan (25, 26 Dec and 1 Jan are bank holidays).
		expect(cal.add('2024-12-20', 15)).toBe('2025-01-15');
		expect(cal.between('2024-12-20', '2025-01-15')).toBe(15);
		expect(cal.between('2024-12-20', '2025-01-16')).toBe(16);
	});

	it('finds the 15th working day across Easter', () => {
		// From Thursday 21 Mar 2024: 22, 25, 26, 27, 28 Mar (5), 29 Mar and 1 Apr are bank
		// holidays, then 2, 3, 4, 5, 8, 9, 10, 11, 12 Apr (14), 15 Apr (15), 16 Apr (16).
		expect(cal.add('2024-03-21', 15)).toBe('2024-04-15');
		expect(cal.between('2024-03-21', '2024-04-15')).toBe(15);
		expect(cal.between('2024-03-21', '2024-04-16')).toBe(16);
	});

	it('treats a bank holiday as not a working day', () => {
		expect(cal.isWorkingDay('2024-05-06')).toBe(false);
		expect(cal.isWorkingDay('2024-05-07')).toBe(true);
		expect(cal.isWorkingDay('2024-05-04')).toBe(false); // Saturday
	});

	it('is negative when the end is before the start', () => {
		expect(cal.between('2024-06-10', '2024-06-07')).toBe(-1);
	});

	it('refuses dates outside its range', () => {
		expect(() => cal.between('1990-01-01', '2024-01-01')).toThrow(RangeError);
	});
});
