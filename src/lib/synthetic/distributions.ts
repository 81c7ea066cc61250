// The calibration data of the simulation: how referrals spread over the year, where they come
// from, who the children are, which factors assessments record, how long plans last, and how
// long each step takes, from England's published statistics where they exist.
import { codes } from '../contract';
import { Categorical, type Random } from './random';

// Monthly seasonality of referrals (January = 0): dips in the school summer and Christmas
// holidays, peaks in the autumn term.
export const season = [1.0, 1.02, 1.06, 0.94, 1.04, 1.04, 0.99, 0.78, 1.02, 1.1, 1.12, 0.89];
export const seasonMean = season.reduce((a, b) => a + b, 0) / 12;

// Year effects on referral volumes (financial years from 2020-21), lower in the pandemic year.
export const yearEffect = (fy: number) => (fy <= 2020 ? 0.95 : 1.0);

// Sources other than police (whose share is each authority's own parameter), 2020 split.
export const otherSourceGroups = new Categorical(
	[
		'schools',
		'health',
		'LA services',
		'individual',
		'other',
		'other legal',
		'education services',
		'anonymous',
		'unknown',
		'housing'
	],
	[18.2, 15.0, 14.1, 8.1, 4.9, 3.9, 2.1, 2.1, 1.4, 1.3]
);
export const codesByGroup = new Map<string, string[]>();
for (const [code, group] of Object.entries(codes.referralSources)) {
	codesByGroup.set(group, [...(codesByGroup.get(group) ?? []), code]);
}
export const needs = new Categorical(
	['N1', 'N4', 'N5', 'N9', 'N2', 'N3', 'N6', 'N8', 'N7', 'N0'],
	[45, 15, 17, 8, 4, 4, 3, 2, 1, 1]
);
// Ethnicity mixes (CIN codes): England outside London, and London.
const ethnicityOrder = [
	'WBRI',
	'WOTH',
	'WIRI',
	'WROM',
	'MWBC',
	'MWBA',
	'MWAS',
	'MOTH',
	'APKN',
	'ABAN',
	'AIND',
	'AOTH',
	'BAFR',
	'BCRB',
	'BOTH',
	'CHNE',
	'OOTH',
	'REFU',
	'NOBT'
];
export const ethnicityNational = new Categorical(
	ethnicityOrder,
	[64, 6, 0.3, 0.7, 2.5, 1, 1.2, 2.5, 4, 1.5, 1.2, 1.5, 4, 1.5, 1, 0.2, 2.5, 0.4, 3]
);
export const ethnicityLondon = new Categorical(
	ethnicityOrder,
	[28, 14, 0.5, 1, 5, 1.5, 2, 6, 3, 5, 3, 4, 12, 5, 3, 0.5, 4, 0.5, 3]
);
// Age at referral in years (0–17): many babies, a teenage peak.
export const ageAtReferral = new Categorical(
	[0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17],
	[9, 6, 6, 6, 6, 6, 5.5, 5.5, 5.5, 5.5, 5.5, 5.5, 6, 6.5, 6.5, 6, 5, 3]
);
export const ordinaryFactors = new Categorical(
	[
		'4B',
		'3A',
		'3B',
		'2B',
		'1B',
		'4A',
		'6A',
		'6B',
		'5B',
		'10A',
		'14A',
		'15A',
		'7A',
		'13A',
		'3C',
		'20',
		'21',
		'9A'
	],
	[18, 16, 10, 8, 6, 6, 4, 3, 3, 3, 3, 3, 2, 2, 3, 4, 4, 1]
);
export const abuseFactors = new Categorical(
	['16A', '17A', '18C', '19C', '11A', '24A', '18B', '19B', '12A', '23A', '22A'],
	[34, 30, 12, 6, 5, 5, 3, 2, 1, 1, 1]
);
export const categories = new Categorical(
	['NEG', 'EMO', 'PHY', 'SAB', 'MUL'],
	[50.5, 35.7, 7.4, 3.8, 2.6]
);
// Length of plans (months), before they are fitted to review dates.
export const planLengthMonths = new Categorical(
	[1.5, 2.5, 3.5, 4.5, 6, 7.5, 8.5, 10, 12, 15, 19, 25, 30],
	[9, 6.9, 6, 6, 11.5, 11.5, 11, 10.5, 10, 8, 6, 2.4, 1]
);
export const endReasons = new Categorical(
	['no_longer_at_risk', 'moved_away', 'looked_after', 'other'],
	[78, 8, 10, 4]
);

/** Bins of working days: [from, to, weight]. */
export type DayBins = [number, number, number][];

/** Working days from referral to authorisation, in England's 2025 bins. */
export const assessmentBins: DayBins = [
	[0, 0, 1.8],
	[1, 10, 11.7],
	[11, 20, 17.3],
	[21, 30, 15.8],
	[31, 40, 20.2],
	[41, 45, 18.9],
	[46, 50, 5.8],
	[51, 60, 4.3],
	[61, 90, 4.2]
];

/** Working days from the start of an enquiry to the initial conference. */
export const icpcDelayBins: DayBins = [
	[1, 10, 8.7],
	[11, 15, 72.7],
	[16, 20, 8.9],
	[21, 45, 9.7]
];

/** A number of working days from the bins, with a share `within` at or below `cut`. */
export function drawBin(rng: Random, bins: DayBins, within: number, cut: number): number {
	// Re-weights the bins so that a share `within` falls at or below `cut`.
	let inside = 0,
		outside = 0;
	for (const [lo, , w] of bins) {
		if (lo <= cut) inside += w;
		else outside += w;
	}
	const wantInside = rng.chance(within);
	let u = rng.next() * (wantInside ? inside : outside);
	for (const [lo, hi, w] of bins) {
		if (lo <= cut !== wantInside) continue;
		if ((u -= w) <= 0) return rng.int(lo, hi);
	}
	return bins[bins.length - 1]![1];
}

/**
 * An agency's attendance at a meeting: attended with chance `pAttend`, otherwise sent a report
 * only (about `reportOnly` of all) or absent.
 */
export function drawAttendance(rng: Random, pAttend: number, reportOnly = 0.08): string {
	return rng.chance(pAttend)
		? 'attended'
		: rng.chance(reportOnly / (1 - pAttend + 1e-9))
			? 'report_only'
			: 'absent';
}
