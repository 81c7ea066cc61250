// The reform evaluation for one measure: authorities whose multi-agency child protection team
// went live against those not yet live, aligned on months since go-live (the event study), the
// estimated change with its 95% interval, and authorities before and after their go-live — as
// reform/views.ts allows the viewer to see them.
import { isHttpError } from '@sveltejs/kit';
import { catalogue, findMetric } from '$lib/metrics/catalogue';
import { appDb } from '$lib/server/db/client';
import { goLivesFrom, METHOD, notEvaluable, OPENING_MEASURE } from '$lib/server/reform/evaluation';
import { registerNow } from '$lib/server/reform/register';
import { evaluationFor, evaluationView, MIN_GROUP } from '$lib/server/reform/views';
import { noteServed, notFound } from '$lib/server/request';
import {
	LAST_YEAR,
	NAMED_AREAS,
	publishedEvaluation,
	publishedMeasureFor,
	publishedNotEvaluable
} from '$lib/server/reform/published-evaluation';
import { withFacts, withPublished } from '$lib/server/view';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ url }) => {
	const def = findMetric(url.searchParams.get('metric') || OPENING_MEASURE);
	if (!def) notFound();
	const page = await withFacts(async (facts, viewer, _user, s) => {
		const metric = {
			id: def.id,
			title: def.title,
			unit: def.unit,
			polarity: def.polarity,
			definition: def.definition
		};
		const measures = catalogue
			.filter((d) => d.theme !== 'context' || !notEvaluable(d))
			.map((d) => ({ id: d.id, title: d.title, evaluable: notEvaluable(d) === null }));
		const why = notEvaluable(def);
		const { goLive, source } = goLivesFrom(registerNow(appDb()), s.dataVersion.simulatedGoLive);
		const evaluation =
			why === null && facts.store.metrics.has(def.id)
				? evaluationView(await evaluationFor(s, facts, def, goLive), facts, viewer, goLive, source)
				: null;
		noteServed({ page: 'reform evaluation', metric: def.id });
		return {
			metric,
			measures,
			notEvaluable: why ?? (evaluation ? null : 'The data in service has no figures for it.'),
			evaluation,
			method: METHOD,
			minGroup: MIN_GROUP,
			named: viewer.role === 'national',
			simulated: Object.values(source).includes('simulated')
		};
	});
	return { ...page, published: await publishedFor(def.id) };
};

/** The same question asked of DfE's published statistics, or why it cannot be. */
async function publishedFor(metricId: string) {
	const measure = publishedMeasureFor(metricId);
	const base = { lastYear: LAST_YEAR, named: NAMED_AREAS.map((a) => ({ ...a })) };
	if (!measure)
		return {
			...base,
			result: null,
			why: 'DfE publishes no figure that stands beside this measure.'
		};
	const why = publishedNotEvaluable(measure);
	if (why) return { ...base, result: null, why };
	try {
		const result = await withPublished((s) => publishedEvaluation(s, measure));
		return {
			...base,
			result,
			why: result
				? null
				: 'The published statistics read into this service have no authority figures for it year by year.'
		};
	} catch (e) {
		if (isHttpError(e) && e.status === 503)
			return { ...base, result: null, why: 'DfE’s published statistics have not been read in.' };
		throw e;
	}
}
