import { describe, expect, it } from 'vitest';
import { queryWith } from './query';

describe('queryWith', () => {
	it('replaces the parameters named and keeps the others in their order', () => {
		expect(
			queryWith('period=2024-25&from=2024-04-01&to=2025-03-31&area=own&group=england', {
				area: 'X00000002',
				group: 'neighbours'
			})
		).toBe('period=2024-25&from=2024-04-01&to=2025-03-31&area=X00000002&group=neighbours');
	});

	it('adds a parameter the query lacks, and encodes values', () => {
		expect(queryWith('area=own', { metric: 'icpc_15wd', area: 'region-E12000001' })).toBe(
			'area=region-E12000001&metric=icpc_15wd'
		);
		expect(queryWith('', { area: 'a&b' })).toBe('area=a%26b');
	});
});
