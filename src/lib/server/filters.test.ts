import { describe, expect, it } from 'vitest';
import {
	AreaNotInScopeError,
	FilterError,
	financialYears,
	latestTwelveMonths,
	resolveFilters,
	type FilterContext
} from './filters';

const authorities = new Map([
	['X00000001', { name: 'Alpha', regionCode: 'R00000001' }],
	['X00000002', { name: 'Beta', regionCode: 'R00000001' }],
	['X00000003', { name: 'Gamma', regionCode: 'R00000002' }]
]);
const regions = new Map([
	['R00000001', { name: 'North' }],
	['R00000002', { name: 'South' }]
]);
const base = { extracted: '2025-04-15', dataFrom: '2020-04-03', authorities, regions };
const leader: FilterContext = { ...base, viewer: { role: 'la_leader', las: ['X00000001'] } };
const partner: FilterContext = {
	...base,
	viewer: { role: 'partner', las: ['X00000001', 'X00000002'] }
};
const national: FilterContext = { ...base, viewer: { role: 'national', las: [] } };
const at = (q: string) => new URL(`http://x/?${q}`);

describe('financial years offered', () => {
	it('lists whole April-to-March years inside the data, newest first', () => {
		expect(financialYears('2020-04-03', '2025-03-31')).toEqual([
			'2024-25',
			'2023-24',
			'2022-23',
			'2021-22',
			'2020-21'
		]);
		// A year that starts before the data's first month, or ends after its last, is not offered.
		expect(financialYears('2020-05-01', '2025-02-28')).toEqual(['2023-24', '2022-23', '2021-22']);
	});
});

describe('resolveFilters', () => {
	it('opens on the latest 12 months, the viewer own area and its natural comparison', () => {
		const f = resolveFilters(at(''), leader);
		expect([f.period, f.from, f.to, f.area, f.group]).toEqual([
			'latest',
			'2024-04-01',
			'2025-03-31',
			'X00000001',
			'neighbours'
		]);
		expect(f.scope).toEqual({ kind: 'la', la: 'X00000001' });
		expect(resolveFilters(at(''), national).scope).toEqual({ kind: 'england' });
		expect(resolveFilters(at(''), national).group).toBe('england');
	});

	it('reads a financial year, a custom period and the comparison group from the URL', () => {
		const fy = resolveFilters(at('period=2022-23&group=region'), leader);
		expect([fy.from, fy.to, fy.group]).toEqual(['2022-04-01', '2023-03-31', 'region']);
		const custom = resolveFilters(at('period=custom&from=2024-01-01&to=2024-06-30'), leader);
		expect([custom.period, custom.from, custom.to]).toEqual(['custom', '2024-01-01', '2024-06-30']);
		// Custom dates that happen to be a financial year are that year.
		expect(resolveFilters(at('from=2023-04-01&to=2024-03-31'), leader).period).toBe('2023-24');
		// Anything unrecognised falls back to the default rather than guessing.
		const junk = resolveFilters(at("period=1999-00&group=x'--"), leader);
		expect([junk.period, junk.group]).toEqual(['latest', 'neighbours']);
		expect(resolveFilters(at('period=custom&from=2024-13-01&to=x'), leader).period).toBe('latest');
	});

	it('reads months as a month field sends them, and refuses a custom period of part-months', () => {
		const months = resolveFilters(at('period=custom&from=2024-01&to=2024-02'), leader);
		expect([months.from, months.to]).toEqual(['2024-01-01', '2024-02-29']);
		// A day either way would let two periods be differenced to a single day.
		for (const q of [
			'period=custom&from=2024-01-02&to=2024-06-30',
			'period=custom&from=2024-01-01&to=2024-06-29',
			'period=custom&from=2024-06-01&to=2024-01-31'
		])
			expect(() => resolveFilters(at(q), leader), q).toThrow(FilterError);
		// A well-formed date that does not exist is refused, not quietly replaced.
		expect(() => resolveFilters(at('period=custom&from=2024-01-01&to=2024-02-30'), leader)).toThrow(
			'to is not a date'
		);
	});

	it('refuses a filter given twice, rather than choosing one of the two', () => {
		for (const q of [
			'period=2024-25&period=latest',
			'area=X00000001&area=X00000002',
			'group=region&group=england'
		])
			expect(() => resolveFilters(at(q), leader), q).toThrow(FilterError);
	});

	it('names the latest financial year wholly in the data', () => {
		expect(resolveFilters(at(''), leader).latestYear).toBe('2024-25');
	});

	it('puts every filter in the query string that reproduces the view', () => {
		const f = resolveFilters(at('period=2023-24&group=england'), leader);
		expect(resolveFilters(at(f.query), leader)).toEqual(f);
	});

	it('offers each role exactly the areas it may see', () => {
		expect(resolveFilters(at(''), leader).options.areas.map((a) => a.value)).toEqual(['X00000001']);
		expect(resolveFilters(at(''), partner).options.areas.map((a) => a.value)).toEqual([
			'own',
			'X00000001',
			'X00000002'
		]);
		expect(resolveFilters(at(''), partner).scope).toEqual({
			kind: 'las',
			las: ['X00000001', 'X00000002'],
			name: 'the partnership (2 authorities)'
		});
		expect(resolveFilters(at('area=X00000002'), partner).scope).toEqual({
			kind: 'la',
			la: 'X00000002'
		});
		expect(resolveFilters(at(''), national).options.areas.map((a) => a.value)).toEqual([
			'england',
			'region-R00000001',
			'region-R00000002',
			'X00000001',
			'X00000002',
			'X00000003'
		]);
	});

	it('refuses an area outside the viewer scope instead of showing another', () => {
		for (const area of ['X00000002', 'X00000003', 'england', 'region-R00000001', 'own'])
			expect(() => resolveFilters(at(`area=${area}`), leader), area).toThrow(AreaNotInScopeError);
		expect(() => resolveFilters(at('area=X00000003'), partner)).toThrow(AreaNotInScopeError);
		expect(() => resolveFilters(at('area=X99999999'), national)).toThrow(AreaNotInScopeError);
	});

	it('opens a single authority seen under disclosure control on a financial year', () => {
		const f = resolveFilters(at('area=X00000003'), national);
		expect([f.period, f.from, f.to]).toEqual(['2024-25', '2024-04-01', '2025-03-31']);
		expect(resolveFilters(at('area=X00000003&period=latest'), national).period).toBe('2024-25');
	});
});

describe('pages comparing authorities', () => {
	it('open on the latest financial year unless the URL names a period', () => {
		expect(resolveFilters(at(''), leader, 'year').period).toBe('2024-25');
		expect(resolveFilters(at('period=latest'), leader, 'year').period).toBe('latest');
		expect(resolveFilters(at('period=2022-23'), leader, 'year').period).toBe('2022-23');
	});
});

describe('default view', () => {
	it('takes the latest 12 whole months of data', () => {
		expect(latestTwelveMonths('2025-03-31')).toEqual({ from: '2024-04-01', to: '2025-03-31' });
		expect(latestTwelveMonths('2025-04-15')).toEqual({ from: '2024-04-01', to: '2025-03-31' });
		expect(latestTwelveMonths('2024-02-29')).toEqual({ from: '2023-03-01', to: '2024-02-29' });
	});
});
