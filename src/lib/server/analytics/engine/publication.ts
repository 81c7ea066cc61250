// The publication grid: the only periods for which figures about areas the viewer does not hold
// exist. A single authority is published for whole financial years; England and the regions for
// runs of whole months (each month, built from protected authority-months, so any run of them
// reveals nothing a month does not). Both lie inside the data. Anything else is refused — never
// answered for a nearby period — so overlapping or one-day periods cannot be differenced.
import { isFinancialYear, isWholeMonths } from '$lib/stats/dates';
import { DisclosureError } from './errors';
import type { Regime } from './figures';

/** The data's whole months: first day of the first, last day of the last. */
export interface DataPeriod {
	first: string;
	last: string;
}

export function insideData(from: string, to: string, data: DataPeriod): boolean {
	return from >= data.first && to <= data.last;
}

/** Whether figures of this regime exist for the period. */
export function isPublished(regime: Regime, from: string, to: string, data: DataPeriod): boolean {
	if (regime === 'held') return true;
	if (!insideData(from, to, data)) return false;
	return regime === 'single' ? isFinancialYear(from, to) : isWholeMonths(from, to);
}

/** Refuses a period for which figures of this regime are not published, saying which exist. */
export function assertPublished(regime: Regime, from: string, to: string, data: DataPeriod): void {
	if (isPublished(regime, from, to, data)) return;
	throw new DisclosureError(
		regime === 'single'
			? `Figures for a single authority you do not hold are published for whole financial years (1 April to 31 March) between ${data.first} and ${data.last} only.`
			: `Figures for regions and England are published for whole months between ${data.first} and ${data.last} only.`
	);
}
