// Which authorities a request covers, and whether the viewer may see them in detail. Scope is
// decided here, once, from the viewer the server established — never from what a page asks.
import { DisclosureError, MetricRequestError, ScopeForbiddenError } from './errors';
import type { Reference } from './reference';

export type Scope =
	| { kind: 'la'; la: string }
	| { kind: 'las'; las: string[]; name?: string }
	| { kind: 'region'; region: string }
	| { kind: 'england' };

export type Role = 'la_leader' | 'partner' | 'national';

/** Who is asking: their role and the authorities they may see in detail. */
export interface Viewer {
	role: Role;
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
	/** Figures are subject to disclosure control (the viewer does not hold every LA in detail). */
	controlled: boolean;
	/** Counts are rounded to the nearest 10 (regional and England aggregates under control). */
	rounded: boolean;
}

const LA_CODE = /^[A-Z][0-9]{8}$/;
const REGION_CODE = /^[A-Z][0-9]{8}$/;

export function resolveScope(scope: Scope, viewer: Viewer, ref: Reference): ResolvedScope {
	const held = new Set(viewer.role === 'national' ? [] : viewer.las);
	const regionOf = (las: string[]) => {
		const regions = new Set(las.map((la) => ref.authorities.get(la)!.regionCode));
		return regions.size === 1 ? [...regions][0]! : null;
	};
	switch (scope.kind) {
		case 'la': {
			if (!LA_CODE.test(scope.la) || !ref.authorities.has(scope.la))
				throw new MetricRequestError(
					`No authority with code ${JSON.stringify(scope.la)} is in the data.`
				);
			const own = held.has(scope.la);
			if (!own && viewer.role !== 'national') throw new ScopeForbiddenError();
			const a = ref.authorities.get(scope.la)!;
			return {
				kind: 'la',
				code: a.code,
				name: a.name,
				las: [a.code],
				region: a.regionCode,
				controlled: !own,
				rounded: false
			};
		}
		case 'las': {
			const las = [...new Set(scope.las)].sort();
			if (las.length === 0) throw new MetricRequestError('No authorities were given.');
			for (const la of las) {
				if (!LA_CODE.test(la) || !ref.authorities.has(la))
					throw new MetricRequestError(
						`No authority with code ${JSON.stringify(la)} is in the data.`
					);
			}
			const own = las.every((la) => held.has(la));
			if (!own && viewer.role !== 'national') throw new ScopeForbiddenError();
			return {
				kind: 'las',
				code: null,
				name:
					scope.name ??
					(las.length === 1 ? ref.authorities.get(las[0]!)!.name : `${las.length} authorities`),
				las,
				region: regionOf(las),
				controlled: !own,
				// A set of authorities shown to someone who does not hold them is an aggregate.
				rounded: !own && las.length > 1
			};
		}
		case 'region': {
			if (!REGION_CODE.test(scope.region) || !ref.regions.has(scope.region))
				throw new MetricRequestError(
					`No region with code ${JSON.stringify(scope.region)} is in the data.`
				);
			const r = ref.regions.get(scope.region)!;
			return {
				kind: 'region',
				code: scope.region,
				name: r.name,
				las: [...r.las],
				region: scope.region,
				controlled: true,
				rounded: true
			};
		}
		case 'england':
			return {
				kind: 'england',
				code: null,
				name: 'England',
				las: [...ref.authorities.keys()],
				region: null,
				controlled: true,
				rounded: true
			};
	}
}

/** 1 April to 31 March of the following year. */
export function isFinancialYear(from: string, to: string): boolean {
	const y = Number(from.slice(0, 4));
	return from === `${y}-04-01` && to === `${y + 1}-03-31`;
}

/**
 * Figures for single authorities under disclosure control are published for whole financial
 * years only. Overlapping periods (a rolling 12 months beside a financial year, or custom
 * dates) would let a suppressed month be worked out by subtracting one published total from
 * another; fixed, non-overlapping years cannot be differenced that way.
 */
export function assertControlledPeriod(from: string, to: string): void {
	if (!isFinancialYear(from, to))
		throw new DisclosureError(
			'Figures for a single authority under disclosure control are available for financial years (1 April to 31 March) only.'
		);
}
