import { describe, expect, it } from 'vitest';
import { defaultScope, latestTwelveMonths } from './viewer';

describe('default view', () => {
	it('takes the latest 12 whole months of data', () => {
		expect(latestTwelveMonths('2025-03-31')).toEqual({ from: '2024-04-01', to: '2025-03-31' });
		expect(latestTwelveMonths('2025-04-15')).toEqual({ from: '2024-04-01', to: '2025-03-31' });
		expect(latestTwelveMonths('2024-02-29')).toEqual({ from: '2023-03-01', to: '2024-02-29' });
	});
	it('opens on the viewer own authority, partnership or England', () => {
		expect(defaultScope({ role: 'la_leader', las: ['X00000001'] })).toEqual({
			kind: 'la',
			la: 'X00000001'
		});
		expect(defaultScope({ role: 'partner', las: ['X00000001', 'X00000002'] })).toEqual({
			kind: 'las',
			las: ['X00000001', 'X00000002']
		});
		expect(defaultScope({ role: 'national', las: [] })).toEqual({ kind: 'england' });
	});
});
