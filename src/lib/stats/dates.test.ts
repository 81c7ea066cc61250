import { describe, expect, it } from 'vitest';
import { dateInWords, monthInWords, periodInWords, sentenceStart } from './dates';

describe('dates in prose', () => {
	it('writes a day and a month as words', () => {
		expect(dateInWords('2024-04-01')).toBe('1 April 2024');
		expect(dateInWords('2025-12-31')).toBe('31 December 2025');
		expect(monthInWords('2025-03')).toBe('March 2025');
		expect(monthInWords('2024-02-29')).toBe('February 2024');
	});

	it('writes whole months by month, and any other span by day', () => {
		expect(periodInWords('2024-04-01', '2025-03-31')).toBe('April 2024 to March 2025');
		expect(periodInWords('2025-03-01', '2025-03-31')).toBe('March 2025');
		// A leap February ends on the 29th: still a whole month.
		expect(periodInWords('2024-02-01', '2024-02-29')).toBe('February 2024');
		expect(periodInWords('2024-02-01', '2024-02-28')).toBe('1 February 2024 to 28 February 2024');
		expect(periodInWords('2024-04-02', '2025-03-31')).toBe('2 April 2024 to 31 March 2025');
	});

	it('capitalises the start of a sentence only', () => {
		expect(sentenceStart('the partnership (3 authorities)')).toBe(
			'The partnership (3 authorities)'
		);
		expect(sentenceStart('England')).toBe('England');
		expect(sentenceStart('')).toBe('');
	});
});
