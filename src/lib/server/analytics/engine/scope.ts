// Which authorities a request covers, and under which regime the viewer sees them: held (in
// detail), a single authority they do not hold, or an aggregate (region or England). Scope is
// decided here, once, from the viewer the server established — never from what a page asks.
import { isGssCode } from '$lib/contract';
import type { ViewerRole } from '$lib/roles';
import { DisclosureError, MetricRequestError, ScopeForbiddenError } from './errors';
import type { Regime } from './figures';
import type { DataFacts } from './data-facts';

export type Scope =
	| { kind: 'la'; la: string }
	| { kind: 'las'; las: string[]; name?: string }
	| { kind: 'region'; region: string }
	| { kind: 'england' };

/** Who is asking: their role and the authorities they may see in detail. */
export interface Viewer {
	role: ViewerRole;
	/** Authorities the viewer holds in detail; empty for `national`. */
	las: string[];
}

export interface ResolvedScope {
	kind: Scope['kind'];
	/** The LA or region code, when there is one. */
	code: string | null;
	name: string;
	las: string[];
	/** The region the scope lies in (for the regional benchmark), when it lies in one. */
	region: string | null;
	/** How the viewer sees the area: `held` in detail, else under disclosure control. */
	regime: Regime;
}

export function resolveScope(scope: Scope, viewer: Viewer, facts: DataFacts): ResolvedScope {
	const held = new Set(viewer.role === 'national' ? [] : viewer.las);
	const regionOf = (las: string[]) => {
		const regions = new Set(las.map((la) => facts.authorities.get(la)!.regionCode));
		return regions.size === 1 ? [...regions][0]! : null;
	};
	switch (scope.kind) {
		case 'la': {
			if (!isGssCode(scope.la) || !facts.authorities.has(scope.la))
				throw new MetricRequestError(
					`No authority with code ${JSON.stringify(scope.la)} is in the data.`
				);
			const own = held.has(scope.la);
			if (!own && viewer.role !== 'national') throw new ScopeForbiddenError();
			const a = facts.authorities.get(scope.la)!;
			return {
				kind: 'la',
				code: a.code,
				name: a.name,
				las: [a.code],
				region: a.regionCode,
				regime: own ? 'held' : 'single'
			};
		}
		case 'las': {
			const las = [...new Set(scope.las)].sort();
			if (las.length === 0) throw new MetricRequestError('No authorities were given.');
			for (const la of las) {
				if (!isGssCode(la) || !facts.authorities.has(la))
					throw new MetricRequestError(
						`No authority with code ${JSON.stringify(la)} is in the data.`
					);
			}
			const own = las.every((la) => held.has(la));
			if (!own && viewer.role !== 'national') throw new ScopeForbiddenError();
			// Any set of authorities could be differenced against another; only regions and
			// England are published as aggregates.
			if (!own)
				throw new DisclosureError(
					'Figures for a group of authorities you do not hold are published for regions and England only.'
				);
			return {
				kind: 'las',
				code: null,
				name:
					scope.name ??
					(las.length === 1 ? facts.authorities.get(las[0]!)!.name : `${las.length} authorities`),
				las,
				region: regionOf(las),
				regime: 'held'
			};
		}
		case 'region': {
			if (!isGssCode(scope.region) || !facts.regions.has(scope.region))
				throw new MetricRequestError(
					`No region with code ${JSON.stringify(scope.region)} is in the data.`
				);
			const r = facts.regions.get(scope.region)!;
			return {
				kind: 'region',
				code: scope.region,
				name: r.name,
				las: [...r.las],
				region: scope.region,
				regime: 'aggregate'
			};
		}
		case 'england':
			return {
				kind: 'england',
				code: null,
				name: 'England',
				las: [...facts.authorities.keys()],
				region: null,
				regime: 'aggregate'
			};
	}
}
