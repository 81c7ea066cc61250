// DfE's published statistics as the benchmarks of one authority's real case data: where DfE
// publishes the same measure for the year asked, England, the region, the statistical
// neighbours' median and the authority's quartile band and rank among every other authority
// come from DfE's figures for that year, named and labelled with their source, rather than from
// whatever other authorities this instance happens to hold (often none). Synthetic data never
// gets them: no real figure is set beside an invented one.
import {
	financialYearOf,
	publishedMeasures,
	releaseOf,
	sourceOf,
	type PublishedMeasure
} from '$lib/published/catalogue';
import type { Benchmarks, Figure, GssSymbol } from '$lib/metrics/result';
import type { MetricDefinition } from '$lib/metrics/types';
import { median, quartileBand, rank } from '$lib/stats/quartiles';
import { config } from '../../config';
import { AnalyticsUnavailableError, withAnalytics } from '../duckdb';
import { literal } from '../load/sql';

export interface PublishedBenchmarkInput {
	la: string;
	region: { code: string; name: string } | null;
	from: string;
	to: string;
	/** Each metric with the authority's own figure from its case data. */
	metrics: { def: MetricDefinition; own: Figure }[];
}

export type PublishedBenchmarks = Omit<Benchmarks, 'authorities' | 'published'> & {
	published: NonNullable<Benchmarks['published']>;
};

/** DfE's symbols in the engine's: x, u and low are "not available" for a comparison. */
function symbolOf(s: string | null): GssSymbol | null {
	if (s === null) return null;
	return s === 'c' || s === 'z' ? s : ':';
}

const figureOf = (r: Record<string, unknown> | undefined): Figure =>
	r
		? {
				value: (r.value as number | null) ?? null,
				numerator: (r.numerator as number | null) ?? null,
				denominator: (r.denominator as number | null) ?? null,
				symbol: symbolOf((r.symbol as string | null) ?? null)
			}
		: { value: null, numerator: null, denominator: null, symbol: ':' };

/**
 * The published benchmarks of each metric DfE publishes for the financial year from..to, and
 * whose figures for that year are loaded; an empty map when the period is not a financial year
 * or no published statistics are loaded.
 */
export async function publishedBenchmarks(
	input: PublishedBenchmarkInput,
	dbPath: string = config().publishedDbPath
): Promise<Map<string, PublishedBenchmarks>> {
	const out = new Map<string, PublishedBenchmarks>();
	const years = financialYearOf(input.from, input.to);
	if (!years) return out;
	const wanted = input.metrics.flatMap(({ def, own }) => {
		const m = publishedMeasures.find((p) => p.metric === def.id);
		return m ? [{ def, own, m, year: releaseOf(m) === 'cin' ? years.cin : years.csww }] : [];
	});
	if (wanted.length === 0) return out;
	try {
		await withAnalytics(async (s) => {
			// Its neighbours in DfE's 2025 model, closest first, whether or not this instance
			// holds their data.
			const neighbours = (
				await s.query(
					`SELECT neighbour_code FROM published_neighbours
					WHERE model = '2025' AND la_code = $la AND neighbour_code IS NOT NULL ORDER BY rank`,
					{ la: input.la }
				)
			).map((r) => String(r.neighbour_code));
			// Every wanted measure's figures for its year, in one read.
			const rows = await s.query(
				`SELECT measure, level, area_code, value, numerator, denominator, symbol, joint
				FROM published_figures WHERE level IN ('england', 'region', 'la')
					AND (${wanted.map((w) => `(measure = ${literal(w.m.id)} AND year = ${w.year})`).join(' OR ')})`
			);
			// A measure whose release file is not loaded, or not yet out for that year, is left
			// to the comparison with the authorities this instance holds.
			for (const w of wanted) {
				const own = rows.filter((r) => r.measure === w.m.id);
				if (own.length > 0) out.set(w.def.id, benchmarksOf(own, input, neighbours, w));
			}
		}, dbPath);
	} catch (e) {
		if (e instanceof AnalyticsUnavailableError) return new Map();
		throw e;
	}
	return out;
}

/** One measure's benchmarks from its published figures for the year (`rows`). */
function benchmarksOf(
	rows: Record<string, unknown>[],
	input: PublishedBenchmarkInput,
	neighbours: string[],
	w: { def: MetricDefinition; own: Figure; m: PublishedMeasure; year: number }
): PublishedBenchmarks {
	const england = rows.find((r) => r.level === 'england');
	const region = input.region
		? rows.find((r) => r.level === 'region' && r.area_code === input.region!.code)
		: undefined;
	const las = rows.filter((r) => r.level === 'la');
	const byCode = new Map(las.map((r) => [String(r.area_code), r]));
	// The authority's own published figure (and a joint return it is part of) is left out: it is
	// compared with the others, not with itself.
	const ownJoint = byCode.get(input.la)?.joint ?? null;
	const others = new Map<string, number>();
	for (const r of las) {
		if (r.area_code === input.la || (ownJoint && r.joint === ownJoint) || r.value === null)
			continue;
		others.set(String(r.joint ?? r.area_code), Number(r.value));
	}
	const neighbourValues = neighbours.flatMap((n) => {
		const v = byCode.get(n)?.value;
		return typeof v === 'number' ? [v] : [];
	});
	const m = median(neighbourValues);
	const value = w.own.value;
	const pool = value === null ? [] : [...others.values(), value];
	const position = value === null ? null : rank(pool, value, w.def.polarity);
	return {
		england: figureOf(england),
		region: input.region ? { ...input.region, ...figureOf(region) } : null,
		neighbours: {
			value: m,
			published: neighbourValues.length,
			of: neighbours.length
		},
		band: value === null ? null : quartileBand(pool, value, w.def.polarity),
		rank: position === null ? null : { position, of: pool.length },
		published: {
			source: sourceOf(w.m, w.year),
			difference: w.m.difference,
			reported: byCode.has(input.la)
				? { ...figureOf(byCode.get(input.la)), joint: (ownJoint as string | null) ?? null }
				: null
		}
	};
}
