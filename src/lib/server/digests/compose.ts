// The words of one digest, as plain text and as HTML. A digest carries verdicts and links, never
// a figure: email leaves the service's access control (it is forwarded, kept in mailboxes,
// read on phones), so it says which measures show a signal, in the words of the verdict, and
// links to the page behind sign-in where the figure is — with its disclosure control. So no
// count, rate or suppressed cell is ever in a message, small or not.
import type { VariationIcon } from '$lib/stats/spc';
import { FREQUENCY_LABELS, type Frequency } from './periods';
import { escapeHtml } from '../html';

export interface DigestSignal {
	id: string;
	title: string;
	icon: VariationIcon;
	/** The verdict in words, as the pages say it. */
	words: string;
}

export interface DigestAction {
	title: string;
	agencyLabel: string;
	owner: string;
	due: string;
	overdue: boolean;
}

export interface DigestContent {
	frequency: Frequency;
	/** The period in words ("the week beginning 30 November 2026"). */
	periodWords: string;
	/** The area the digest is about, as the pages name it, and its filter for links. */
	areaName: string;
	areaQuery: string;
	/** Every signal now, concerning first; those in `fresh` are new since the last digest. */
	signals: DigestSignal[];
	fresh: Set<string>;
	/** Actions overdue or due soon, for those who hold the area (null: not theirs to see). */
	actions: DigestAction[] | null;
	data: { version: string; extracted: string | null; isNew: boolean };
	/** The service's address, for links. */
	origin: string;
	unsubscribeUrl: string;
}

export interface Message {
	subject: string;
	text: string;
	html: string;
}

/** How a signal is known from one digest to the next: the measure and its verdict. */
export function signalKey(s: Pick<DigestSignal, 'id' | 'icon'>): string {
	return `${s.id}:${s.icon}`;
}

/** Whether a digest has anything to say: new signals, actions to chase, or new data. */
export function hasNews(c: DigestContent): boolean {
	return c.fresh.size > 0 || (c.actions?.length ?? 0) > 0 || c.data.isNew;
}

interface Section {
	heading: string;
	/** Each item: its text, and the page it links to (absolute). */
	items: { text: string; href?: string }[];
	/** A line after the list. */
	after?: { text: string; href?: string };
}

export function composeDigest(c: DigestContent): Message {
	const link = (path: string) =>
		`${c.origin}${path}${path.includes('?') ? '&' : '?'}${c.areaQuery}`;
	const fresh = c.signals.filter((s) => c.fresh.has(signalKey(s)));
	const still = c.signals.length - fresh.length;
	const overdue = c.actions?.filter((a) => a.overdue).length ?? 0;

	const sections: Section[] = [];
	sections.push({
		heading: 'New signals',
		items: fresh.length
			? fresh.map((s) => ({ text: `${s.title}: ${s.words}`, href: link(`/metrics/${s.id}`) }))
			: [{ text: 'No measure shows a new special-cause signal.' }],
		after: still
			? {
					text: `${still} other ${still === 1 ? 'measure still shows' : 'measures still show'} the signal ${still === 1 ? 'it' : 'they'} showed in your last digest.`,
					href: link('/')
				}
			: undefined
	});
	if (c.actions) {
		sections.push({
			heading: 'Actions overdue or due in the next 14 days',
			items: c.actions.length
				? c.actions.map((a) => ({
						text: `${a.overdue ? 'Overdue: ' : ''}${a.title} (${a.agencyLabel}, ${a.owner}, due ${a.due})`,
						href: link('/actions')
					}))
				: [{ text: 'None.' }]
		});
	}
	sections.push({
		heading: 'Data',
		items: [
			{
				text: `${c.data.isNew ? 'New data loaded' : 'No new data since your last digest'}: version ${c.data.version}${c.data.extracted ? `, extracted ${c.data.extracted}` : ''}.`,
				href: `${c.origin}/data`
			}
		]
	});

	const counts = [
		fresh.length ? `${fresh.length} new ${fresh.length === 1 ? 'signal' : 'signals'}` : null,
		overdue ? `${overdue} ${overdue === 1 ? 'action' : 'actions'} overdue` : null,
		c.data.isNew ? 'new data' : null
	].filter(Boolean);
	const subject = `CP Oversight: ${c.areaName}, ${c.periodWords}${counts.length ? ` — ${counts.join(', ')}` : ''}`;
	const title =
		c.frequency === 'loads'
			? `Digest for ${c.areaName}: new data loaded`
			: `${FREQUENCY_LABELS[c.frequency]} digest for ${c.areaName}, ${c.periodWords}`;
	const why =
		'No figures are in this email, which leaves the protection of the service: sign in to see them, under the same rules on small numbers as always.';
	const footer = [
		why,
		`Change how often you hear from us: ${c.origin}/account`,
		`Unsubscribe: ${c.unsubscribeUrl}`
	];
	return {
		subject,
		text: toText(title, sections, footer),
		html: toHtml(title, sections, why, c)
	};
}

function toText(title: string, sections: Section[], footer: string[]): string {
	const out = [title, ''];
	for (const s of sections) {
		out.push(s.heading, '-'.repeat(s.heading.length));
		for (const i of s.items) out.push(`- ${i.text}${i.href ? `\n  ${i.href}` : ''}`);
		if (s.after) out.push(`${s.after.text}${s.after.href ? ` ${s.after.href}` : ''}`);
		out.push('');
	}
	out.push(...footer);
	return out.join('\n') + '\n';
}

function toHtml(title: string, sections: Section[], why: string, c: DigestContent): string {
	const a = (text: string, href?: string) =>
		href ? `<a href="${escapeHtml(href)}">${escapeHtml(text)}</a>` : escapeHtml(text);
	const body = sections
		.map(
			(s) =>
				`<h2>${escapeHtml(s.heading)}</h2>\n<ul>\n${s.items.map((i) => `<li>${a(i.text, i.href)}</li>`).join('\n')}\n</ul>${s.after ? `\n<p>${a(s.after.text, s.after.href)}</p>` : ''}`
		)
		.join('\n');
	return `<!doctype html>
<html lang="en-GB"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title></head>
<body style="font-family: Arial, sans-serif; line-height: 1.4; color: #0b0c0c">
<h1 style="font-size: 1.4em">${escapeHtml(title)}</h1>
${body}
<p style="color: #484949">${escapeHtml(why)}</p>
<p><a href="${escapeHtml(`${c.origin}/account`)}">Change how often you hear from us</a> · <a href="${escapeHtml(c.unsubscribeUrl)}">Unsubscribe</a></p>
</body></html>
`;
}
