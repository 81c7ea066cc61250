import { describe, expect, it } from 'vitest';
import { composeDigest, hasNews, signalKey, type DigestContent } from './compose';

const concern = {
	id: 'icpc_15wd',
	title: 'Initial conferences within 15 working days',
	icon: 'concern_low' as const,
	words: 'Special cause variation, concerning: unusually low (higher is better).'
};
const improving = {
	id: 'agency_sw',
	title: 'Agency social workers',
	icon: 'improvement_low' as const,
	words: 'Special cause variation, improving: unusually low (lower is better).'
};

function content(over: Partial<DigestContent> = {}): DigestContent {
	return {
		frequency: 'weekly',
		periodWords: 'the week beginning 30 November 2026',
		areaName: 'Larkmoor',
		areaQuery: 'area=X00000010',
		signals: [concern, improving],
		fresh: new Set([signalKey(concern)]),
		actions: [
			{
				title: 'Book conferences <earlier>',
				agencyLabel: 'Local authority',
				owner: 'Head of service',
				due: '2026-11-20',
				overdue: true
			}
		],
		data: { version: 'v2', extracted: '2026-10-31', isNew: true },
		origin: 'https://oversight.example',
		unsubscribeUrl: 'https://oversight.example/digest/unsubscribe?token=abc',
		...over
	};
}

describe('composeDigest', () => {
	it('lists the new signals with links, counts the rest, and chases the actions', () => {
		const m = composeDigest(content());
		expect(m.subject).toBe(
			'CP Oversight: Larkmoor, the week beginning 30 November 2026 — 1 new signal, 1 action overdue, new data'
		);
		expect(m.text).toContain(
			`- ${concern.title}: ${concern.words}\n  https://oversight.example/metrics/icpc_15wd?area=X00000010`
		);
		// The improving signal was in the last digest: counted, not listed again.
		expect(m.text).not.toContain(improving.title);
		expect(m.text).toContain(
			'1 other measure still shows the signal it showed in your last digest.'
		);
		expect(m.text).toContain(
			'- Overdue: Book conferences <earlier> (Local authority, Head of service, due 2026-11-20)'
		);
		expect(m.text).toContain('New data loaded: version v2, extracted 2026-10-31.');
		expect(m.text).toContain('Unsubscribe: https://oversight.example/digest/unsubscribe?token=abc');
		// In HTML, what people typed is text, never markup.
		expect(m.html).toContain('Book conferences &lt;earlier&gt;');
		expect(m.html).not.toContain('<earlier>');
		expect(m.html).toContain(
			'<a href="https://oversight.example/metrics/icpc_15wd?area=X00000010">'
		);
	});

	it('says plainly when nothing is new, and has no news to send then', () => {
		const quiet = content({
			fresh: new Set(),
			actions: [],
			data: { version: 'v2', extracted: '2026-10-31', isNew: false }
		});
		expect(hasNews(quiet)).toBe(false);
		const m = composeDigest(quiet);
		expect(m.text).toContain('No measure shows a new special-cause signal.');
		expect(m.text).toContain('2 other measures still show the signal they showed');
		expect(m.subject).toBe('CP Oversight: Larkmoor, the week beginning 30 November 2026');
		expect(hasNews(content({ fresh: new Set(), actions: [] }))).toBe(true); // new data
	});

	it('leaves actions out for a viewer who holds no area', () => {
		const m = composeDigest(
			content({ actions: null, areaName: 'England', areaQuery: 'area=england' })
		);
		expect(m.text).not.toContain('Actions');
		expect(m.text).toContain('/metrics/icpc_15wd?area=england');
	});
});
