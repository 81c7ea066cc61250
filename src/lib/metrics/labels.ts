// Words shown for the engine's identifiers. Kept apart from the catalogue (which carries SQL)
// so that browser code can use them without shipping the catalogue.
import type { BreakdownId } from './types';

export const breakdownLabels: Record<BreakdownId, string> = {
	agency: 'Agency',
	source_group: 'Source of referral',
	age_band: 'Age',
	ethnicity_group: 'Ethnicity',
	category: 'Category of abuse',
	team: 'Team'
};
