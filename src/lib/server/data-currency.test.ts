import { describe, expect, it } from 'vitest';
import type { AuthorityCurrency } from './analytics/engine/currency';
import type { DataFacts } from './analytics/engine/data-facts';
import { currencyRows, staleNotice } from './data-currency';

const currency = (la: string, extracted: string): AuthorityCurrency => ({
	la,
	extracted,
	periodFrom: '2021-04-01',
	periodTo: extracted,
	tables: { children: 10, referrals: 12 },
	loadedAt: '2025-04-02T10:00:00Z',
	loadedBy: 'loader',
	checksum: 'abc',
	queries: [{ rule: '8670Q', count: 2, text: 'assessments still open' }]
});

function facts(dates: Record<string, string>): DataFacts {
	const codes = Object.keys(dates);
	return {
		authorities: new Map(
			codes.map((code) => [
				code,
				{ code, name: `Name ${code}`, regionCode: 'R', regionName: 'R', population: 1 }
			])
		),
		currency: new Map(codes.map((c) => [c, currency(c, dates[c]!)]))
	} as unknown as DataFacts;
}

const f = facts({
	X00000001: '2025-03-31',
	X00000002: '2025-01-31',
	X00000003: '2024-12-31',
	X00000004: '2025-03-31',
	X00000005: '2024-11-30',
	X00000006: '2024-10-31'
});

describe('what the pages say about how current the data is', () => {
	it('says nothing to a director whose authority is as current as the newest', () => {
		expect(staleNotice(f, { role: 'la_leader', las: ['X00000001'] })).toBeNull();
	});

	it('names a partnership’s older authorities, oldest first', () => {
		expect(
			staleNotice(f, { role: 'partner', las: ['X00000001', 'X00000002', 'X00000003'] })
		).toEqual({
			newest: '2025-03-31',
			older: [
				{ name: 'Name X00000003', extracted: '2024-12-31' },
				{ name: 'Name X00000002', extracted: '2025-01-31' }
			],
			more: 0
		});
	});

	it('names three for a national viewer and counts the rest', () => {
		const n = staleNotice(f, { role: 'national', las: [] })!;
		expect(n.older.map((o) => o.extracted)).toEqual(['2024-10-31', '2024-11-30', '2024-12-31']);
		expect(n.more).toBe(1);
	});

	it('lists only the authorities in view, and who loaded them only for administrators', () => {
		const leader = currencyRows(f, { role: 'la_leader', las: ['X00000002'] }, false);
		expect(leader.map((r) => [r.code, r.older, r.admin, r.queries?.length])).toEqual([
			['X00000002', true, null, 1]
		]);
		// A national viewer holds no authority in detail: no counts of open work.
		expect(currencyRows(f, { role: 'national', las: [] }, false)[0]!.queries).toBeNull();
		const admin = currencyRows(f, { role: 'national', las: [] }, true);
		expect(admin).toHaveLength(6);
		expect(admin[0]!.admin).toEqual({
			rows: 22,
			loadedAt: '2025-04-02T10:00:00Z',
			loadedBy: 'loader',
			checksum: 'abc'
		});
	});
});
