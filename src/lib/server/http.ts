// Turns analytics failures into HTTP answers for pages: no usable database → 503 with a
// message a user can act on. Anything else is a bug and surfaces as a 500.
import { error } from '@sveltejs/kit';
import {
	AnalyticsUnavailableError,
	withAnalytics,
	type AnalyticsSession
} from './analytics/duckdb';

export async function withAnalyticsOr503<T>(work: (s: AnalyticsSession) => Promise<T>): Promise<T> {
	try {
		return await withAnalytics(work);
	} catch (e) {
		if (e instanceof AnalyticsUnavailableError) {
			error(503, `The dashboard has no data to show. ${e.message}`);
		}
		throw e;
	}
}
