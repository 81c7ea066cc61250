// The default period of every page: the latest 12 complete months of data.
import { addDays, addMonths, monthStart } from '$lib/stats/dates';

/** The 12 whole months ending on the last month-end on or before the extraction date. */
export function latestTwelveMonths(extracted: string): { from: string; to: string } {
	const next = addDays(extracted, 1);
	const to = next.endsWith('-01') ? extracted : addDays(monthStart(extracted), -1);
	return { from: addMonths(addDays(to, 1), -12), to };
}
