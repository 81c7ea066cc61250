// What a figure is compared with: England and its region (published roll-ups, for whole
// months), and — for a single authority in a financial year — the median of its statistical
// neighbours' published figures, its quartile band and rank among every authority's, and the
// authorities of the chosen comparison group. Order statistics are given only over enough
// published values that none of them is one authority's own figure.
import type { Benchmarks, ComparisonGroup, Figure } from '$lib/metrics/result';
import type { MetricDefinition } from '$lib/metrics/types';
import { MIN_VALUES_FOR_MEDIAN, MIN_VALUES_FOR_RANK } from '$lib/stats/disclosure';
import { median, quartileBand, rank } from '$lib/stats/quartiles';
import { compareAuthorities } from './authorities';
import type { DataFacts } from './data-facts';
import type { ResolvedScope, Viewer } from './scope';

export interface BenchmarkInput {
	def: MetricDefinition;
	facts: DataFacts;
	scope: ResolvedScope;
	viewer: Viewer;
	/** The area's own figure as the viewer sees it. */
	own: Figure;
	england: Figure | null;
	region: Figure | null;
	/** Every authority's published figure for the year, when the period is one. */
	published: Map<string, Figure> | null;
	/** Exact figures of the authorities the viewer holds (for the year). */
	held: Map<string, Figure>;
	/** Add the comparison group's authorities, for this group. */
	authorities: ComparisonGroup | null;
}

const round1 = (x: number) => Math.round(x * 10) / 10;

export function benchmarksFor(input: BenchmarkInput): Benchmarks {
	const { def, facts, scope, own, published } = input;
	const region =
		input.region && scope.region && scope.kind !== 'region'
			? { code: scope.region, name: facts.regions.get(scope.region)!.name, ...input.region }
			: null;
	let neighbours: Benchmarks['neighbours'] = null;
	let band: Benchmarks['band'] = null;
	let position: Benchmarks['rank'] = null;
	if (published && scope.kind === 'la') {
		const la = scope.las[0]!;
		const list = facts.neighbours.get(la) ?? [];
		const values = list.flatMap((n) => {
			const v = published.get(n)?.value;
			return v === null || v === undefined ? [] : [v];
		});
		const m = values.length >= MIN_VALUES_FOR_MEDIAN ? median(values) : null;
		// Sent as shown (one decimal place): nothing finer than the page needs.
		neighbours = {
			value: m === null ? null : round1(m),
			published: values.length,
			of: list.length
		};
		const others = [...published]
			.filter(([code, f]) => code !== la && f.value !== null)
			.map(([, f]) => f.value!);
		if (own.value !== null && others.length + 1 >= MIN_VALUES_FOR_RANK) {
			const pool = [...others, own.value];
			band = quartileBand(pool, own.value, def.polarity);
			const r = rank(pool, own.value, def.polarity);
			position = r === null ? null : { position: r, of: pool.length };
		}
	}
	const authorities =
		input.authorities && published
			? compareAuthorities({
					def,
					facts,
					scope,
					viewer: input.viewer,
					group: input.authorities,
					published,
					held: input.held,
					england: input.england
				})
			: null;
	return { england: input.england, region, neighbours, band, rank: position, authorities };
}
