// Queries behind the overview page's first chart: referrals received each month over the
// latest twelve months in the data. Superseded by the metric engine's monthly series.
import type { MonthlyCount } from '$lib/charts/monthly-count';
import type { AnalyticsSession } from './duckdb';

export async function referralsByMonth(
	session: AnalyticsSession,
	months = 12
): Promise<MonthlyCount[]> {
	const rows = await session.query(
		`WITH bounds AS (
			SELECT date_trunc('month', max(referral_date))::DATE AS last FROM referrals
		), calendar AS (
			SELECT unnest(generate_series(last - to_months($months - 1), last, INTERVAL 1 MONTH))::DATE AS month
			FROM bounds WHERE last IS NOT NULL
		)
		SELECT c.month, count(r.referral_id) AS count
		FROM calendar c
		LEFT JOIN referrals r ON date_trunc('month', r.referral_date) = c.month
		GROUP BY c.month
		ORDER BY c.month`,
		{ months }
	);
	return rows.map((r) => ({ month: String(r.month), count: Number(r.count) }));
}
