// An authority's profile: who it is, then its headline tiles and signals. Any role may open an
// authority within its scope (a director only their own); any other code is answered 404 with
// no figures — the same answer whether the authority exists or not.
import { isGssCode } from '$lib/contract';
import { notFound } from '$lib/server/request';
import { signalsOf, tilesOf } from '$lib/components/summary';
import { publicFilters, summaryMetrics, withView } from '$lib/server/view';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ params, url }) => {
	if (!isGssCode(params.code)) notFound();
	// The profile's area is the path's authority; the filters decide whether it may be seen.
	const asked = new URL(url);
	asked.searchParams.set('area', params.code);
	return withView(asked, async (s, view) => {
		const { viewer, filters, facts } = view;
		const result = await summaryMetrics(s, view);
		const a = facts.authorities.get(params.code)!;
		const neighbours = facts.neighbours.get(a.code) ?? [];
		return {
			filters: publicFilters(filters),
			authority: {
				code: a.code,
				name: a.name,
				region: a.regionName,
				population: a.population,
				neighbours: neighbours.length,
				// Statistical neighbours are named only to those who may see every authority.
				neighbourNames:
					viewer.role === 'national'
						? neighbours.map((n) => ({ code: n, name: facts.authorities.get(n)?.name ?? n }))
						: null
			},
			from: result.from,
			to: result.to,
			controlled: result.controlled,
			tiles: tilesOf(result, filters.group),
			signals: signalsOf(result)
		};
	});
};
