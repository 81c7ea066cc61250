// Figures from DfE's published statistics for an area and a financial year, in the shape the
// metric engine answers in (value, numerator, denominator, symbol for each measure), so the
// `metrics` command, pages and downloads say the same thing whichever source they read. A
// financial year April to March is DfE's children in need year ending that March, and holds
// the workforce census of the September inside it.
import {
	financialYearOf,
	publishedMeasures,
	releaseOf,
	sourceOf,
	type PublishedMeasure
} from '$lib/published/catalogue';
import type { AnalyticsSession } from '../analytics/duckdb';
import { MetricRequestError } from '../analytics/engine/errors';
import { literal } from '../analytics/load/sql';

export type PublishedScope =
	{ kind: 'la'; la: string } | { kind: 'region'; region: string } | { kind: 'england' };

export interface PublishedMetric {
	id: string;
	title: string;
	unit: string;
	/** The case-data metric it stands beside, if any. */
	metric: string | null;
	value: number | null;
	numerator: number | null;
	denominator: number | null;
	/** DfE's symbol when there is no value (c, x, z, u, low). */
	symbol: string | null;
	/** The figure is a joint return of two authorities (their codes), or null. */
	joint: string | null;
	/** "DfE, year ending 31 March 2025" or "DfE, at 30 September 2024". */
	source: string;
	difference: string | null;
}

export interface PublishedResponse {
	scope: { kind: PublishedScope['kind']; code: string; name: string };
	from: string;
	to: string;
	dataVersion: string;
	metrics: PublishedMetric[];
}

const ENGLAND = 'E92000001';

/** The DfE years a financial year covers, or an error saying what periods are published. */
export function publishedYears(from: string, to: string): { cin: number; csww: number } {
	const years = financialYearOf(from, to);
	if (!years)
		throw new MetricRequestError(
			'Published statistics are annual: ask for a financial year, 1 April to 31 March of the next year.'
		);
	return years;
}

/** Each published measure's figure for the area in the financial year from..to. */
export async function publishedMetrics(
	session: AnalyticsSession,
	request: { scope: PublishedScope; from: string; to: string; ids?: string[] }
): Promise<PublishedResponse> {
	const years = publishedYears(request.from, request.to);
	const code =
		request.scope.kind === 'la'
			? request.scope.la
			: request.scope.kind === 'region'
				? request.scope.region
				: ENGLAND;
	const measures = request.ids
		? request.ids.map((id) => {
				const m = publishedMeasures.find((p) => p.id === id);
				if (!m) throw new MetricRequestError(`No published measure is called ${id}.`);
				return m;
			})
		: publishedMeasures;
	const rows = await session.query(
		`SELECT measure, year, area_name, level, value, numerator, denominator, symbol, joint
		FROM published_figures
		WHERE area_code = $code AND ((year = $cin AND measure IN (${list(measures, 'cin')}))
			OR (year = $csww AND measure IN (${list(measures, 'csww')})))`,
		{ code, cin: years.cin, csww: years.csww }
	);
	const levels = { la: ['la'], region: ['region'], england: ['england'] }[request.scope.kind];
	const found = rows.filter((r) => levels.includes(String(r.level)));
	if (found.length === 0 && rows.length === 0)
		throw new MetricRequestError(`The published statistics hold nothing for ${code} in that year.`);
	const byMeasure = new Map(found.map((r) => [String(r.measure), r]));
	return {
		scope: {
			kind: request.scope.kind,
			code,
			name: String(found[0]?.area_name ?? rows[0]?.area_name ?? code)
		},
		from: request.from,
		to: request.to,
		dataVersion: session.dataVersion.version,
		metrics: measures.map((m) => {
			const r = byMeasure.get(m.id);
			const year = releaseOf(m) === 'cin' ? years.cin : years.csww;
			return {
				id: m.id,
				title: m.title,
				unit: m.unit,
				metric: m.metric,
				value: (r?.value as number | null) ?? null,
				numerator: (r?.numerator as number | null) ?? null,
				denominator: (r?.denominator as number | null) ?? null,
				symbol: r ? ((r.symbol as string | null) ?? null) : 'x',
				joint: (r?.joint as string | null) ?? null,
				source: sourceOf(m, year),
				difference: m.difference
			};
		})
	};
}

/** The catalogue's ids of one release's measures, as an SQL list (NULL if there are none). */
function list(ms: PublishedMeasure[], release: 'cin' | 'csww'): string {
	const ids = ms.filter((m) => releaseOf(m) === release).map((m) => literal(m.id));
	return ids.length ? ids.join(', ') : 'NULL';
}
