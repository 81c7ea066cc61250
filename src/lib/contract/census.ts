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
