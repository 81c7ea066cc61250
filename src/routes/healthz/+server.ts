// Health check for load balancers and monitoring: 200 with the loaded data's version, or 503
// while no usable database is loaded. Needs no session and reveals no figures.
import { json } from '@sveltejs/kit';
import { AnalyticsUnavailableError, currentDataVersion } from '$lib/server/analytics/duckdb';
import { metricCacheStats } from '$lib/server/analytics/metrics/engine';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = async () => {
	const headers = { 'cache-control': 'no-store' };
	try {
		const v = await currentDataVersion();
		return json(
			{
				status: 'ok',
				dataVersion: v.version,
				synthetic: v.synthetic,
				extracted: v.extracted,
				loadedAt: v.loadedAt,
				// Counts only: how well the result cache is doing, for operators.
				cache: (({ hits, misses, entries }) => ({ hits, misses, entries }))(metricCacheStats())
			},
			{ headers }
		);
	} catch (e) {
		if (!(e instanceof AnalyticsUnavailableError)) throw e;
		return json({ status: 'unavailable', reason: e.message }, { status: 503, headers });
	}
};
