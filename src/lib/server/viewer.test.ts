import { describe, expect, it } from 'vitest';
import { latestTwelveMonths } from './viewer';

describe('default view', () => {
	it('takes the latest 12 whole months of data', () => {
		expect(latestTwelveMonths('2025-03-31')).toEqual({ from: '2024-04-01', to: '2025-03-31' });
		expect(latestTwelveMonths('2025-04-15')).toEqual({ from: '2024-04-01', to: '2025-03-31' });
		expect(latestTwelveMonths('2024-02-29')).toEqual({ from: '2023-03-01', to: '2024-02-29' });
	});
});
