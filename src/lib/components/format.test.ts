import { describe, expect, it } from 'vitest';
import { formatChange, formatCount, formatEstimate, formatFigure } from './format';

describe('GSS number formatting', () => {
	it('shows percentages and rates to one decimal place, counts whole', () => {
		expect(formatFigure({ value: 37.5, symbol: null }, 'proportion', '%')).toBe('37.5%');
		expect(formatFigure({ value: 66.66666, symbol: null }, 'proportion', '%')).toBe('66.7%');
		expect(formatFigure({ value: 1.4, symbol: null }, 'rate', 'per 10,000 children')).toBe(
			'1.4 per 10,000 children'
		);
		expect(formatFigure({ value: 25030, symbol: null }, 'count', 'referrals')).toBe('25,030');
		expect(formatFigure({ value: 3, symbol: null }, 'median', 'working days')).toBe(
			'3.0 working days'
		);
	});
	it('shows the symbol in place of a withheld, missing or inapplicable figure', () => {
		expect(formatFigure({ value: null, symbol: 'c' }, 'proportion', '%')).toBe('c');
		expect(formatFigure({ value: null, symbol: ':' }, 'proportion', '%')).toBe(':');
		expect(formatFigure({ value: null, symbol: 'z' }, 'proportion', '%')).toBe('z');
		expect(formatCount(null, 'c')).toBe('c');
		expect(formatCount(1234, null)).toBe('1,234');
		expect(formatCount(3.5, null)).toBe('3.5');
	});
});

describe('estimates and changes', () => {
	it('writes an estimate to one decimal place, below zero with a true minus sign', () => {
		expect(formatEstimate(12.69)).toBe('12.7');
		expect(formatEstimate(-0.41)).toBe('−0.4');
		expect(formatEstimate(1234.56)).toBe('1,234.6');
		expect(formatEstimate(null)).toBe(':');
		// Rounded before the sign is chosen: no −0.0.
		expect(formatEstimate(-0.04)).toBe('0.0');
		expect(formatEstimate(-0.06)).toBe('−0.1');
	});

	it('writes a change with its sign, and none for no change', () => {
		expect(formatChange(8.21)).toBe('+8.2');
		expect(formatChange(-1.8)).toBe('−1.8');
		expect(formatChange(0.04)).toBe('0.0');
		expect(formatChange(-0.04)).toBe('0.0');
		expect(formatChange(0.05)).toBe('+0.1');
	});
});
