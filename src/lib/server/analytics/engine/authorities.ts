// Other authorities, as a viewer may see them: the one place that decides who is named. Central
// government sees every authority of the comparison group by name. Anyone else sees by name only
// the authorities they hold; the others appear only in the England-wide comparison, each as a
// coarse value with a size band shared by many and its quartile band, in an order that says
// nothing about which is which. In a group as small as statistical neighbours or a region, even
// that much could single one out, so there the viewer gets the group's median, not its points.
import crypto from 'node:crypto';
import type {
	AnonymousAuthority,
	AuthorityComparison,
	ComparisonGroup,
	Figure,
	NamedAuthority,
	SizeBand
} from '$lib/metrics/result';
import type { MetricDefinition } from '$lib/metrics/types';
import { coarsenValue, MIN_VALUES_FOR_RANK, sizeBands } from '$lib/stats/disclosure';
import { funnelCurve, funnelPosition } from '$lib/stats/funnel';
import { ranker } from '$lib/stats/quartiles';
import type { DataFacts } from './data-facts';
import type { ResolvedScope, Viewer } from './scope';

export interface ComparisonInput {
	def: MetricDefinition;
	facts: DataFacts;
	scope: ResolvedScope;
	viewer: Viewer;
	group: ComparisonGroup;
	/** Every authority's figure as published for the year (the same for every viewer). */
	published: Map<string, Figure>;
	/** The exact figures of the authorities the viewer holds. */
	held: Map<string, Figure>;
	/** England's published figure: the funnel's centre. */
	england: Figure | null;
}

export const ANONYMOUS_GROUP_NOTE =
	'Other authorities are shown one by one only among all authorities in England, where each is one of many; the median above summarises this group.';

// Ties among anonymous points are broken by a keyed hash, so their order is stable for one
// server but cannot be predicted (or compared between metrics) by anyone.
const ORDER_KEY = crypto.randomBytes(16);

function tieBreak(...parts: string[]): string {
	return crypto.createHmac('sha256', ORDER_KEY).update(parts.join('\n')).digest('hex');
}

/** The authorities of the group: a single authority and its neighbours, its region, or England. */
function members(input: ComparisonInput): { group: ComparisonGroup; codes: string[] } {
	const { facts, scope, group } = input;
	if (group === 'neighbours' && scope.kind === 'la')
		return { group, codes: [scope.las[0]!, ...(facts.neighbours.get(scope.las[0]!) ?? [])] };
	if (group === 'region' && scope.region)
		return { group, codes: [...(facts.regions.get(scope.region)?.las ?? [])] };
	return { group: 'england', codes: [...facts.authorities.keys()] };
}

export function compareAuthorities(input: ComparisonInput): AuthorityComparison {
	const { def, facts, scope, viewer, published, held, england } = input;
	const { group, codes } = members(input);
	const national = viewer.role === 'national';
	const selfCode = scope.kind === 'la' ? scope.las[0]! : null;
	const values = [...published.values()].flatMap((f) => (f.value === null ? [] : [f.value]));
	// Bands and ranks, as everywhere, only among enough published figures.
	const ranked = values.length >= MIN_VALUES_FOR_RANK ? ranker(values, def.polarity) : null;
	const bandOfValue = (v: number | null) => (v === null || !ranked ? null : ranked.band(v));
	const rankOfValue = (v: number | null) => (v === null || !ranked ? null : ranked.rank(v));
	const centre = def.kind === 'proportion' ? (england?.value ?? null) : null;

	const shownByName = codes.filter((c) => national || held.has(c));
	const named: NamedAuthority[] = shownByName.map((code) => {
		const f = held.get(code) ?? published.get(code)!;
		const a = facts.authorities.get(code)!;
		return {
			code,
			name: a.name,
			self: code === selfCode,
			value: f.value,
			numerator: f.numerator,
			denominator: f.denominator,
			symbol: f.symbol,
			band: bandOfValue(f.value),
			rank: rankOfValue(f.value),
			funnel:
				centre !== null && f.value !== null && f.denominator
					? funnelPosition(f.value, f.denominator, centre)
					: null
		};
	});

	const others = national ? [] : codes.filter((c) => !held.has(c));
	const individually = national || group === 'england';
	const bands = sizeBands(
		[...published.values()].flatMap((f) =>
			f.value !== null && f.denominator ? [f.denominator] : []
		)
	);
	const unnamed = individually
		? others.flatMap((code) => {
				const f = published.get(code)!;
				if (f.value === null) return [];
				const point: AnonymousAuthority = {
					value: coarsenValue(f.value, def.unit),
					size: bandOf(bands, f.denominator),
					band: bandOfValue(f.value)
				};
				return [{ point, order: tieBreak(facts.version, def.id, code) }];
			})
		: [];
	unnamed.sort((x, y) => x.point.value - y.point.value || (x.order < y.order ? -1 : 1));
	const anonymous = unnamed.map((u) => u.point);

	const xs = [
		...named.flatMap((a) => (a.value !== null && a.denominator ? [a.denominator] : [])),
		...anonymous.flatMap((a) => (a.size ? [a.size.x] : []))
	];
	const maxN = Math.max(0, ...xs);
	return {
		group,
		of: codes.length,
		named,
		anonymous,
		suppressed: others.filter((c) => published.get(c)!.symbol === 'c').length,
		note: individually || others.length === 0 ? null : ANONYMOUS_GROUP_NOTE,
		funnel: centre !== null && maxN > 0 ? { centre, curve: funnelCurve(maxN, centre) } : null
	};
}

function bandOf(bands: SizeBand[], denominator: number | null): SizeBand | null {
	if (!denominator) return null;
	return bands.find((b) => denominator >= b.from && (b.to === null || denominator <= b.to)) ?? null;
}
