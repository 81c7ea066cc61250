// What a metric request may ask for, checked before any data is read: known metrics and
// breakdowns, real dates in order, a period of at most ten years, a sane visiting standard.
// Each refusal names the parameter at fault. Not for: who may see what (scope.ts) or which
// periods are published (publication.ts).
import { isIsoDate } from '$lib/contract';
import {
	catalogue,
	DEFAULT_VISIT_WORKING_DAYS,
	findMetric,
	isBreakdownId
} from '$lib/metrics/catalogue';
import type { ComparisonGroup } from '$lib/metrics/result';
import type { BreakdownId, MetricDefinition } from '$lib/metrics/types';
import { dayNumber } from '$lib/stats/dates';
import { MetricRequestError } from './errors';
import type { CountSource } from './fetch';
import type { Scope, Viewer } from './scope';

export interface MetricRequest {
	scope: Scope;
	viewer: Viewer;
	from: string;
	to: string;
	/** Metric ids; all metrics when absent. */
	ids?: string[];
	/** 'default': each metric's first breakdown; 'none'; or one breakdown for every metric offering it. */
	breakdown?: BreakdownId | 'default' | 'none';
	/** Add the monthly series with SPC. */
	monthly?: boolean;
	/** Add statistical-neighbour, regional and England benchmarks, band and rank. */
	benchmarks?: boolean;
	/** Add the authorities of a comparison group (for funnel plots and rankings). */
	authorities?: boolean;
	/** The comparison group for `authorities`; England by default. */
	group?: ComparisonGroup;
	visitWorkingDays?: number;
	/** Force the source of a held area's counts (tests and the benchmark); 'auto' by default. */
	source?: 'auto' | CountSource;
	/** Use the result cache (default); false computes afresh (the benchmark's engine timings). */
	cache?: boolean;
}

export interface CheckedRequest {
	defs: MetricDefinition[];
	visitWorkingDays: number;
}

const GROUPS: ComparisonGroup[] = ['neighbours', 'region', 'england'];

function checkDate(name: string, value: string): void {
	if (!isIsoDate(value))
		throw new MetricRequestError(
			`${name} must be a date written YYYY-MM-DD; got ${JSON.stringify(value)}.`
		);
}

export function checkRequest(request: MetricRequest): CheckedRequest {
	checkDate('from', request.from);
	checkDate('to', request.to);
	if (request.from > request.to) throw new MetricRequestError('from must not be after to.');
	if (dayNumber(request.to) - dayNumber(request.from) > 366 * 10)
		throw new MetricRequestError('A period may span at most ten years.');
	const visitWorkingDays = request.visitWorkingDays ?? DEFAULT_VISIT_WORKING_DAYS;
	if (!Number.isInteger(visitWorkingDays) || visitWorkingDays < 1 || visitWorkingDays > 60)
		throw new MetricRequestError(
			'The visiting standard must be a whole number of working days from 1 to 60.'
		);
	if (
		request.breakdown &&
		!['default', 'none'].includes(request.breakdown) &&
		!isBreakdownId(request.breakdown)
	)
		throw new MetricRequestError(`Unknown breakdown ${JSON.stringify(request.breakdown)}.`);
	if (request.group !== undefined && !GROUPS.includes(request.group))
		throw new MetricRequestError(`Unknown comparison group ${JSON.stringify(request.group)}.`);
	const defs = (request.ids ?? catalogue.map((m) => m.id)).map((id) => {
		const def = findMetric(id);
		if (!def) throw new MetricRequestError(`Unknown metric ${JSON.stringify(id)}.`);
		return def;
	});
	return { defs, visitWorkingDays };
}
