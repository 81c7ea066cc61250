import { AnalyticsUnavailableError, currentDataVersion } from '$lib/server/analytics/duckdb';
import type { LayoutServerLoad } from './$types';

export const load: LayoutServerLoad = async () => {
	try {
		const v = await currentDataVersion();
		return { data: { version: v.version, synthetic: v.synthetic, extracted: v.extracted } };
	} catch (e) {
		if (!(e instanceof AnalyticsUnavailableError)) throw e;
		return { data: null };
	}
};
