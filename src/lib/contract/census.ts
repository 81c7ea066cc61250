// The contract's tables each census return feeds (src/lib/server/analytics/load/census reads
// them); every other table comes from the authority's own systems.
import type { TableName } from './tables';

export type Collection = 'CIN' | 'CSWW';

export const CENSUS_TABLES: Record<Collection, TableName[]> = {
	CIN: ['children', 'referrals', 'assessments', 's47_enquiries', 'conferences', 'cp_plans'],
	CSWW: ['practitioners', 'vacancies']
};

export const COLLECTION_NAMES: Record<Collection, string> = {
	CIN: 'Children in Need census',
	CSWW: "children's social work workforce census"
};

/**
 * The census gives episodes, assessments, enquiries, conferences and plans no ids: each is named
 * by the child (its LAchildID) and a date, with a letter for the kind of record where dates may
 * meet. The import names them so, and so do an authority's own tables that refer to them.
 */
export const naturalId = {
	referral: (childId: string, date: string) => `${childId}/${date}`,
	assessment: (childId: string, date: string) => `${childId}/A/${date}`,
	s47: (childId: string, date: string) => `${childId}/S47/${date}`,
	plan: (childId: string, date: string) => `${childId}/CPP/${date}`,
	initialConference: (childId: string, date: string) => `${childId}/ICPC/${date}`,
	reviewConference: (childId: string, date: string) => `${childId}/RCPC/${date}`
};

/**
 * The fictional authorities of synthetic data have codes X followed by eight digits; their
 * returns carry the last three as the DfE code, read back so only when the data is synthetic.
 */
export const fictionalDfeCode = (laCode: string) => laCode.slice(-3);
export const fictionalAuthorityCode = (dfeCode: string) =>
	/^\d{3}$/.test(dfeCode) ? `X00000${dfeCode}` : undefined;
