// The reform tracker: where multi-agency child protection teams are live — every authority's
// stage now, by region and over time — and the implementation register, which national users
// keep for any authority and directors for their own (see reform/views.ts for who sees what).
import { fail } from '@sveltejs/kit';
import { appDb } from '$lib/server/db/client';
import { field } from '$lib/server/leadership/form-actions';
import { ELEMENTS, STAGE_LABELS, type Element } from '$lib/server/reform/elements';
import {
	mayRecord,
	NOTE_MAX,
	recordEntries,
	RegisterError,
	registerHistory,
	registerNow
} from '$lib/server/reform/register';
import { rolloutView, stagesNow } from '$lib/server/reform/views';
import { noteServed, requireUser } from '$lib/server/request';
import { withFacts } from '$lib/server/view';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async () =>
	withFacts(async (facts, viewer, user, s) => {
		const db = appDb();
		const stages = stagesNow(facts, registerNow(db), s.dataVersion.simulatedGoLive);
		const view = rolloutView(facts, viewer, stages);
		const recordable = [...facts.authorities.values()]
			.filter((a) => mayRecord(user, a.code))
			.map((a) => ({ code: a.code, name: a.name }));
		// The register's history for the authorities the viewer holds (directors: their own).
		const history = viewer.las
			.filter((la) => facts.authorities.has(la))
			.map((la) => ({
				code: la,
				name: facts.authorities.get(la)!.name,
				entries: registerHistory(db, la).map((e) => ({
					element: ELEMENTS[e.element as Element]?.label ?? e.element,
					stage: STAGE_LABELS[e.stage] ?? e.stage,
					date: e.date,
					note: e.note,
					recordedBy: e.recordedBy,
					recordedAt: e.recordedAt.toISOString().slice(0, 16).replace('T', ' ')
				}))
			}));
		noteServed({ page: 'reform rollout', named: view.named });
		return {
			view,
			history,
			recordable,
			elements: Object.entries(ELEMENTS).map(([id, e]) => ({
				id,
				label: e.label,
				stages: e.stages.map((s) => ({ id: s, label: STAGE_LABELS[s] ?? s }))
			})),
			noteMax: NOTE_MAX
		};
	});

export const actions: Actions = {
	record: async ({ request, url }) => {
		const user = requireUser();
		const form = await request.formData();
		// One choice names the element and its stage (macpt:live), so the form needs no script.
		const [element = '', stage = ''] = field(form, 'change').split(':');
		const entry = {
			laCode: field(form, 'la_code'),
			element,
			stage,
			date: field(form, 'date'),
			note: field(form, 'note')
		};
		try {
			const added = await withFacts((facts) =>
				recordEntries(appDb(), user, [entry], {
					knownLas: new Set(facts.authorities.keys()),
					route: url.pathname
				})
			);
			return {
				done: added
					? `Recorded for ${entry.laCode}: ${ELEMENTS[entry.element as Element].label}, ${(STAGE_LABELS[entry.stage] ?? entry.stage).toLowerCase()} from ${entry.date}.`
					: 'That is already the register’s entry: nothing changed.'
			};
		} catch (e) {
			if (e instanceof RegisterError)
				return fail(400, {
					problem: e.message,
					field: e.column === 'element' || e.column === 'stage' ? 'change' : (e.column ?? null),
					values: { ...entry, change: field(form, 'change') }
				});
			throw e;
		}
	}
};
