// A measure page's panel of targets, change points and commentary: what it shows for the
// viewer's area, and the form actions that change them. Forms post plain fields, so they work without script; the
// area comes from the form but is checked against the signed-in account on every write, and a
// change to an area the account does not hold is answered as if the page did not exist.
import { addMonths, monthInWords } from '$lib/stats/dates';
import { appDb } from '../db/client';
import type { View } from '../view';
import { areaOf, holdsArea } from './area';
import { change, field } from './form-actions';
import {
	commentaryVersions,
	publishVersion,
	saveCommentary,
	type CommentaryVersion,
	type Saved
} from './commentary';
import {
	addChangePoint,
	parseTargetValue,
	readLeadership,
	removeChangePoint,
	requireHolder,
	setRecalculation,
	setTarget,
	targetHistory
} from './store';

/** How far past the data a target or a change may be dated: a plan for the year ahead. */
const MONTHS_AHEAD = 12;

export interface MeasurePanel {
	area: string;
	/** Months a target or change may be dated, newest first. */
	months: { value: string; label: string }[];
	/** The month forms open on: the last month of the page's period. */
	openingMonth: string;
	targets: { from: string; value: number | null; setBy: string; setAt: string }[];
	changes: {
		id: number;
		month: string;
		label: string;
		addedBy: string;
		recalculated: boolean;
		/** A go-live from the implementation register: changed there, not here. */
		fromRegister: boolean;
	}[];
	/** Commentary for the period's last month: every version, newest first. */
	commentary: {
		month: string;
		versions: (Omit<CommentaryVersion, 'savedAt'> & { savedAt: string })[];
	};
}

function monthsOffered(first: string, last: string): MeasurePanel['months'] {
	const out: MeasurePanel['months'] = [];
	for (let m = addMonths(`${last}-01`, MONTHS_AHEAD).slice(0, 7); m >= first;) {
		out.push({ value: m, label: monthInWords(m) });
		m = addMonths(`${m}-01`, -1).slice(0, 7);
	}
	return out;
}

/** The panel for the page's area, or null when the viewer does not hold it. */
export function measurePanel(view: View, metricId: string): MeasurePanel | null {
	const area = areaOf(view.filters.scope);
	if (area === null || !holdsArea(view.viewer, area)) return null;
	const period = view.facts.period;
	const items = readLeadership(appDb(), area);
	const first = period?.first.slice(0, 7) ?? view.filters.from.slice(0, 7);
	const last = period?.last.slice(0, 7) ?? view.filters.to.slice(0, 7);
	return {
		area,
		months: monthsOffered(first, last),
		openingMonth: view.filters.to.slice(0, 7),
		targets: targetHistory(appDb(), area, metricId).map((t) => ({
			from: t.fromMonth,
			value: t.value,
			setBy: t.setBy,
			setAt: t.setAt.toISOString()
		})),
		commentary: {
			month: view.filters.to.slice(0, 7),
			versions: commentaryVersions(appDb(), area, metricId, view.filters.to.slice(0, 7)).map(
				(v) => ({ ...v, savedAt: v.savedAt.toISOString() })
			)
		},
		changes: items.changes.map((c) => ({
			id: c.id,
			month: c.month,
			label: c.label,
			addedBy: c.addedBy,
			recalculated: c.recalculated.has(metricId),
			fromRegister: c.fromRegister ?? false
		}))
	};
}

function savedInWords(saved: Saved): string {
	if (saved.conflict)
		return `Saved as draft version ${saved.version}, not published: ${saved.conflict.author} saved version ${saved.conflict.version} while you were writing. Both are kept below; publish the one to keep.`;
	return saved.status === 'published'
		? `Commentary published (version ${saved.version}).`
		: `Draft saved (version ${saved.version}); it is not shown until it is published.`;
}

type ActionEvent = { request: Request; url: URL; params: { id: string } };

/** The measure page's form actions. */
export const measureActions = {
	target: ({ request, url, params }: ActionEvent) =>
		change(request, url, 'leadership', (form, user, route) => {
			const area = field(form, 'area');
			// Whether the area is held is answered before anything about what was typed.
			requireHolder(user, area);
			const value = parseTargetValue(field(form, 'value'), params.id);
			const fromMonth = field(form, 'from');
			setTarget(appDb(), user, {
				area,
				metricId: params.id,
				fromMonth,
				value,
				route
			});
			return value === null
				? `No target from ${monthInWords(fromMonth)}.`
				: `Target set from ${monthInWords(fromMonth)}.`;
		}),
	change: ({ request, url, params }: ActionEvent) =>
		change(request, url, 'leadership', (form, user, route) => {
			const month = field(form, 'month');
			addChangePoint(appDb(), user, {
				area: field(form, 'area'),
				month,
				label: field(form, 'label'),
				recalculateFor: form.get('recalculate') === 'on' ? params.id : null,
				route
			});
			return `Change point added for ${monthInWords(month)}.`;
		}),
	recalculate: ({ request, url, params }: ActionEvent) =>
		change(request, url, 'leadership', (form, user, route) => {
			const on = field(form, 'on') === 'true';
			setRecalculation(appDb(), user, {
				area: field(form, 'area'),
				id: Number(field(form, 'id')),
				metricId: params.id,
				on,
				route
			});
			return on
				? 'Process limits now recalculated from that change.'
				: 'Process limits no longer recalculated from that change.';
		}),
	commentary: ({ request, url, params }: ActionEvent) =>
		change(request, url, 'commentary', (form, user, route) => {
			const based = field(form, 'basedOn');
			const month = field(form, 'month');
			const saved = saveCommentary(appDb(), user, {
				area: field(form, 'area'),
				metricId: params.id,
				month,
				body: field(form, 'body'),
				basedOn: based === '' ? null : Number(based),
				publish: field(form, 'publish') === 'true',
				route
			});
			return savedInWords(saved);
		}),
	publishVersion: ({ request, url, params }: ActionEvent) =>
		change(request, url, 'commentary', (form, user, route) =>
			savedInWords(
				publishVersion(appDb(), user, {
					area: field(form, 'area'),
					metricId: params.id,
					month: field(form, 'month'),
					version: Number(field(form, 'version')),
					route
				})
			)
		),
	removeChange: ({ request, url }: ActionEvent) =>
		change(request, url, 'leadership', (form, user, route) => {
			removeChangePoint(appDb(), user, {
				area: field(form, 'area'),
				id: Number(field(form, 'id')),
				route
			});
			return 'Change point removed from every chart of the area.';
		})
};
