// The period a page shows: `from` and `to` from the URL when both are valid dates, otherwise
// the latest 12 whole months of data. The engine checks the period again (and refuses periods
// disclosure control does not allow).
import { latestTwelveMonths } from './viewer';

const DATE = /^\d{4}-\d{2}-\d{2}$/;

export function periodFrom(url: URL, extracted: string | null): { from: string; to: string } {
	const from = url.searchParams.get('from');
	const to = url.searchParams.get('to');
	if (from && to && DATE.test(from) && DATE.test(to)) return { from, to };
	return latestTwelveMonths(extracted ?? new Date().toISOString().slice(0, 10));
}
