// Health check for load balancers and monitoring: 200 with the loaded data's version, or 503
// while no usable database is loaded; `warm` says whether the opening pages of that version
// have been computed (see warm.ts), `preparing` whether a newly loaded file is being prepared.
// Needs no session, so it says whether the service is healthy and nothing about how it is used
// (no counters) and no figures.
import { json } from '@sveltejs/kit';
import {
	AnalyticsUnavailableError,
	currentDataVersion,
	preparingSwap
} from '$lib/server/analytics/duckdb';
import { isWarm } from '$lib/server/warm';
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
				warm: isWarm(v.version),
				preparing: preparingSwap()
			},
			{ headers }
		);
	} catch (e) {
		if (!(e instanceof AnalyticsUnavailableError)) throw e;
		return json({ status: 'unavailable', reason: e.message }, { status: 503, headers });
	}
};
