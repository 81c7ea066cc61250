// The action log of the chosen area: every action with its owner, agency, due date, status and
// progress, overdue first; a form to raise one (from a measure, when the address names it) and,
// on each action its agency keeps, a form to record progress. Central government does not see
// local actions (see leadership/area.ts); the page says so.
import { catalogue, findMetric } from '$lib/metrics/catalogue';
import { areaOf, holdsArea } from '$lib/server/leadership/area';
import {
	actionsFor,
	describeAction,
	AGENCIES,
	AGENCY_LABELS,
	agencyOf,
	mayRaiseFor,
	mayUpdate,
	raiseAction,
	STATUS_LABELS,
	STATUSES,
	updateAction
} from '$lib/server/leadership/actions';
import { change, field } from '$lib/server/leadership/form-actions';
import { appDb } from '$lib/server/db/client';
import { requireUser } from '$lib/server/request';
import { publicFilters, withView } from '$lib/server/view';
import type { Actions, PageServerLoad } from './$types';

const today = () => new Date().toISOString().slice(0, 10);

export const load: PageServerLoad = async ({ url }) => {
	const user = requireUser();
	return withView(url, async (_s, view) => {
		const area = areaOf(view.filters.scope);
		const held = area !== null && holdsArea(view.viewer, area);
		const metric = findMetric(url.searchParams.get('metric') ?? '');
		const actions = held ? actionsFor(appDb(), area, today()) : [];
		return {
			filters: publicFilters(view.filters),
			scopeName: view.filters.options.areas.find((a) => a.value === view.filters.area)?.label,
			area: held ? area : null,
			month: view.filters.to.slice(0, 7),
			metric: metric ? { id: metric.id, title: metric.title } : null,
			measures: catalogue.map((d) => ({ id: d.id, title: d.title })),
			agencies: AGENCIES.filter((a) => mayRaiseFor(user, a)).map((a) => ({
				id: a,
				label: AGENCY_LABELS[a]
			})),
			ownAgency: agencyOf(user),
			statuses: STATUSES.map((s) => ({ id: s, label: STATUS_LABELS[s] })),
			today: today(),
			actions: actions.map((a) => ({ ...describeAction(a), mayUpdate: mayUpdate(user, a) }))
		};
	});
};

export const actions: Actions = {
	raise: ({ request, url }) =>
		change(request, url, 'actions', (form, user, route) => {
			const metricId = field(form, 'metric') || null;
			raiseAction(appDb(), user, {
				area: field(form, 'area'),
				metricId,
				month: metricId ? field(form, 'month') || null : null,
				title: field(form, 'title'),
				agency: field(form, 'agency'),
				owner: field(form, 'owner'),
				due: field(form, 'due'),
				route
			});
			return 'Action raised.';
		}),
	update: ({ request, url }) =>
		change(request, url, 'actions', (form, user, route) => {
			updateAction(appDb(), user, {
				area: field(form, 'area'),
				id: Number(field(form, 'id')),
				status: field(form, 'status'),
				note: field(form, 'note'),
				route
			});
			return 'Progress recorded.';
		})
};
