// The default period of every page: the latest 12 complete months of data.
import { addDays, addMonths, lastMonthEndOnOrBefore } from '$lib/stats/dates';

/** The 12 whole months ending on the last month-end on or before the extraction date. */
export function latestTwelveMonths(extracted: string): { from: string; to: string } {
	const to = lastMonthEndOnOrBefore(extracted);
	return { from: addMonths(addDays(to, 1), -12), to };
}
