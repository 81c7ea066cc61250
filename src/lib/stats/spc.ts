// Statistical process control for monthly series: an XmR (individuals and moving range) chart
// read with the NHS "Making Data Count" rules, so a leader reacts to signals and not to noise.
//
// Limits: mean ± 2.66 × mean moving range (2.66 = 3 / d2, d2 = 1.128 for ranges of two points).
// Moving ranges above 3.267 × their mean (the upper range limit, D4 = 3.267) are screened out
// and the mean moving range recomputed once, as Making Data Count advises, so that a single
// step change does not inflate the limits.
//
// Special-cause rules (each point is tested; a point may be flagged by several):
// - a point outside the process limits;
// - a shift: 7 or more consecutive points on the same side of the mean (a point on the mean
//   breaks the run);
// - a trend: 7 or more consecutive points each higher (or each lower) than the one before
//   (an equal value breaks the run);
// - two of three consecutive points beyond two sigma on the same side (both are flagged).
// Missing months (suppressed or not applicable) are skipped: rules run over the points present.
import type { Polarity } from './polarity';

export const SPC_CONSTANTS = { limitFactor: 2.66, rangeLimitFactor: 3.267, d2: 1.128 } as const;
export const RUN_LENGTH = 7;
/** Fewer points than this and the chart is drawn but no verdict is given. */
export const MIN_POINTS = 12;

export type PointType =
	'common_cause' | 'special_cause_improvement' | 'special_cause_concern' | 'special_cause_neither';

export type SpcRule = 'outside_limits' | 'shift' | 'trend' | 'two_in_three';

export interface SpcPoint {
	x: string;
	value: number | null;
	type: PointType | null;
	rules: SpcRule[];
	/** +1 above the mean or rising, −1 below or falling; 0 when no rule applies. */
	direction: -1 | 0 | 1;
}

export type VariationIcon =
	| 'common_cause'
	| 'improvement_high'
	| 'improvement_low'
	| 'concern_high'
	| 'concern_low'
	| 'neither_high'
	| 'neither_low'
	| 'insufficient_data';

export type AssuranceIcon = 'consistently_pass' | 'consistently_fail' | 'hit_and_miss';

export interface SpcResult {
	points: SpcPoint[];
	n: number;
	mean: number | null;
	/** Mean moving range after screening. */
	movingRangeMean: number | null;
	lowerLimit: number | null;
	upperLimit: number | null;
	variation: { icon: VariationIcon; words: string };
	assurance: { icon: AssuranceIcon; words: string; target: number } | null;
}

export interface SpcOptions {
	polarity: Polarity;
	target?: number | null;
	screenOutliers?: boolean;
}

function mean(xs: number[]): number {
	return xs.reduce((a, b) => a + b, 0) / xs.length;
}

/** Indices of runs of at least `length` consecutive entries with the same non-zero sign. */
function runs(signs: number[], length: number): Map<number, number> {
	const flagged = new Map<number, number>();
	let start = 0;
	for (let i = 1; i <= signs.length; i++) {
		if (i === signs.length || signs[i] !== signs[start] || signs[i] === 0) {
			if (signs[start] !== 0 && i - start >= length) {
				for (let j = start; j < i; j++) flagged.set(j, signs[start]!);
			}
			start = i;
		}
	}
	return flagged;
}

/** Points (by index) in runs of 7 rising or falling values, with the run's direction. */
export function trendPoints(values: number[], length = RUN_LENGTH): Map<number, number> {
	// steps[i] compares value i+1 with value i; a run of k equal-signed steps spans k+1 points.
	const steps = values.slice(1).map((v, i) => Math.sign(v - values[i]!));
	const stepRuns = runs(steps, length - 1);
	const flagged = new Map<number, number>();
	for (const [i, s] of stepRuns) {
		flagged.set(i, s);
		flagged.set(i + 1, s);
	}
	return flagged;
}

/** Points in runs of 7 or more on one side of the mean. */
export function shiftPoints(values: number[], centre: number, length = RUN_LENGTH) {
	return runs(
		values.map((v) => Math.sign(v - centre)),
		length
	);
}

/** Points beyond two sigma that, with another such point on the same side, make 2 of 3. */
export function twoInThreePoints(values: number[], centre: number, twoSigma: number) {
	const side = values.map((v) => (v > centre + twoSigma ? 1 : v < centre - twoSigma ? -1 : 0));
	const flagged = new Map<number, number>();
	for (let i = 0; i + 2 < side.length; i++) {
		for (const s of [1, -1]) {
			const hits = [i, i + 1, i + 2].filter((j) => side[j] === s);
			if (hits.length >= 2) for (const j of hits) flagged.set(j, s);
		}
	}
	return flagged;
}

function classify(direction: number, polarity: Polarity): PointType {
	if (direction === 0) return 'common_cause';
	if (polarity === 'neutral') return 'special_cause_neither';
	const better = polarity === 'up' ? 1 : -1;
	return direction === better ? 'special_cause_improvement' : 'special_cause_concern';
}

function variationWords(icon: VariationIcon, polarity: Polarity): string {
	const better =
		polarity === 'up'
			? 'higher is better'
			: polarity === 'down'
				? 'lower is better'
				: 'no direction is better';
	switch (icon) {
		case 'common_cause':
			return 'Common cause variation: no significant change.';
		case 'improvement_high':
			return `Special cause variation, improving: unusually high (${better}).`;
		case 'improvement_low':
			return `Special cause variation, improving: unusually low (${better}).`;
		case 'concern_high':
			return `Special cause variation, concerning: unusually high (${better}).`;
		case 'concern_low':
			return `Special cause variation, concerning: unusually low (${better}).`;
		case 'neither_high':
			return 'Special cause variation: unusually high, neither better nor worse for this measure.';
		case 'neither_low':
			return 'Special cause variation: unusually low, neither better nor worse for this measure.';
		case 'insufficient_data':
			return `Too few points for a verdict (${MIN_POINTS} months are needed).`;
	}
}

/** Limits and verdicts for a series, oldest point first. */
export function xmr(series: { x: string; value: number | null }[], options: SpcOptions): SpcResult {
	const present = series.map((p, i) => ({ ...p, i })).filter((p) => p.value !== null);
	const values = present.map((p) => p.value!);
	const points: SpcPoint[] = series.map((p) => ({
		x: p.x,
		value: p.value,
		type: p.value === null ? null : 'common_cause',
		rules: [],
		direction: 0
	}));
	if (values.length < 2) {
		return {
			points,
			n: values.length,
			mean: values.length ? values[0]! : null,
			movingRangeMean: null,
			lowerLimit: null,
			upperLimit: null,
			variation: {
				icon: 'insufficient_data',
				words: variationWords('insufficient_data', options.polarity)
			},
			assurance: null
		};
	}
	const centre = mean(values);
	let ranges = values.slice(1).map((v, i) => Math.abs(v - values[i]!));
	let mr = mean(ranges);
	if (options.screenOutliers !== false) {
		const screened = ranges.filter((r) => r <= SPC_CONSTANTS.rangeLimitFactor * mr);
		if (screened.length > 0) ranges = screened;
		mr = mean(ranges);
	}
	const halfWidth = SPC_CONSTANTS.limitFactor * mr;
	const lower = centre - halfWidth;
	const upper = centre + halfWidth;
	const twoSigma = (2 * mr) / SPC_CONSTANTS.d2;

	// Each rule gives a direction per flagged point; the first rule listed wins a conflict.
	const rules: [SpcRule, Map<number, number>][] = [
		[
			'outside_limits',
			new Map(
				values.flatMap((v, i): [number, number][] =>
					v > upper ? [[i, 1]] : v < lower ? [[i, -1]] : []
				)
			)
		],
		['shift', shiftPoints(values, centre)],
		['two_in_three', twoInThreePoints(values, centre, twoSigma)],
		['trend', trendPoints(values)]
	];
	present.forEach((p, k) => {
		const point = points[p.i]!;
		for (const [rule, flagged] of rules) {
			const d = flagged.get(k);
			if (d === undefined) continue;
			point.rules.push(rule);
			if (point.direction === 0) point.direction = d as -1 | 1;
		}
		point.type = classify(point.direction, options.polarity);
	});

	const last = points[present[present.length - 1]!.i]!;
	let icon: VariationIcon;
	if (values.length < MIN_POINTS) icon = 'insufficient_data';
	else if (last.type === 'common_cause') icon = 'common_cause';
	else {
		const kind =
			last.type === 'special_cause_improvement'
				? 'improvement'
				: last.type === 'special_cause_concern'
					? 'concern'
					: 'neither';
		icon = `${kind}_${last.direction > 0 ? 'high' : 'low'}` as VariationIcon;
	}

	return {
		points,
		n: values.length,
		mean: centre,
		movingRangeMean: mr,
		lowerLimit: lower,
		upperLimit: upper,
		variation: { icon, words: variationWords(icon, options.polarity) },
		assurance: assurance(lower, upper, options.target ?? null, options.polarity)
	};
}

/** Assurance in a few words, for a tile or a table cell (the full words say why). */
export const ASSURANCE_SHORT: Record<AssuranceIcon, string> = {
	consistently_pass: 'met consistently',
	consistently_fail: 'missed consistently',
	hit_and_miss: 'hit and miss'
};

/** Whether the process, as it stands, can be relied on to meet a target. */
export function assurance(
	lower: number,
	upper: number,
	target: number | null,
	polarity: Polarity
): SpcResult['assurance'] {
	if (target === null || polarity === 'neutral') return null;
	const passesAll = polarity === 'up' ? lower >= target : upper <= target;
	const failsAll = polarity === 'up' ? upper < target : lower > target;
	if (passesAll)
		return {
			icon: 'consistently_pass',
			words:
				'The target will be met consistently: it lies outside the process limits, on the safe side.',
			target
		};
	if (failsAll)
		return {
			icon: 'consistently_fail',
			words:
				'The target will be missed consistently unless the process changes: it lies outside the process limits.',
			target
		};
	return {
		icon: 'hit_and_miss',
		words:
			'Hit and miss: the target lies within the process limits, so it will be met some months and missed in others.',
		target
	};
}
