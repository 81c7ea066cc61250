// A partner's own agency drawn out of every measure broken down by agency: for the partnership
// and for each of its authorities, the agency's figure on each such measure — where the police
// (or health) was not in the room, did not report, answered slowly — on one table. Partners hold
// their authorities in detail, so these are the same figures the measure pages give by agency.
import { catalogue } from '$lib/metrics/catalogue';
import type { Figure, KeyFigure } from '$lib/metrics/result';
import type { AnalyticsSession } from './analytics/duckdb';
import type { Scope } from './analytics/engine/scope';
import { PARTNER_AGENCIES, type PartnerAgency } from './auth/users';
import { metricsFor, type View } from './view';

export interface LensMeasure {
	id: string;
	title: string;
	kind: string;
	unit: string;
	polarity: string;
}

export interface AgencyLens {
	agency: PartnerAgency;
	measures: LensMeasure[];
	/** The partnership first (when the page shows it), then each authority. */
	rows: { area: string; name: string; figures: Record<string, Figure> }[];
}

export const AGENCY_NAMES: Record<PartnerAgency, string> = { police: 'Police', health: 'Health' };

/** A partner's agency; null for any other role (or an agency the lens does not know). */
export function partnerAgencyOf(user: {
	role: string;
	agency: string | null;
}): PartnerAgency | null {
	if (user.role !== 'partner') return null;
	return PARTNER_AGENCIES.find((a) => a === user.agency) ?? null;
}

/** The measures of a theme (or every theme) that are broken down by agency, in catalogue order. */
export function agencyMeasureIds(theme?: string): string[] {
	return catalogue
		.filter((d) => d.breakdowns.includes('agency') && (!theme || d.theme === theme))
		.map((d) => d.id);
}

/** The agency's figures, for the partnership and each of the viewer's authorities. */
export async function agencyLens(
	s: AnalyticsSession,
	view: View,
	agency: PartnerAgency
): Promise<AgencyLens> {
	const ids = agencyMeasureIds();
	const held = view.viewer.las.filter((la) => view.facts.authorities.has(la));
	// The partnership's row asks exactly what the page's own scope asks, so the engine's cache
	// answers it once for both.
	const { scope } = view.filters;
	const areas: { area: string; name: string; scope: Scope }[] = [
		...(scope.kind === 'las'
			? [{ area: 'own', name: `All ${held.length} authorities`, scope }]
			: []),
		...held.map((la) => ({
			area: la,
			name: view.facts.authorities.get(la)?.name ?? la,
			scope: { kind: 'la', la } as Scope
		}))
	];
	const rows: AgencyLens['rows'] = [];
	let measures: LensMeasure[] = [];
	for (const a of areas) {
		const result = await metricsFor(
			s,
			{ viewer: view.viewer, filters: { ...view.filters, scope: a.scope } },
			{ ids, breakdown: 'agency' }
		);
		measures = result.metrics.map((m) => ({
			id: m.id,
			title: m.title,
			kind: m.kind,
			unit: m.unit,
			polarity: m.polarity
		}));
		rows.push({
			area: a.area,
			name: a.name,
			figures: Object.fromEntries(
				result.metrics.map((m) => [m.id, agencyFigure(m.breakdown, agency)])
			)
		});
	}
	return { agency, measures, rows };
}

/** The agency's row of a breakdown by agency; not available (:) when it has none. */
export function agencyFigure(breakdown: KeyFigure[], agency: string): Figure {
	const k = breakdown.find((b) => b.key === agency);
	return k
		? { value: k.value, numerator: k.numerator, denominator: k.denominator, symbol: k.symbol }
		: { value: null, numerator: null, denominator: null, symbol: ':' };
}
