// The four themes of the dashboard, in the order leaders read them. Each metric in the
// catalogue belongs to exactly one theme (context measures sit on the overview).
export const themes = [
	{
		id: 'participation',
		title: 'Multi-agency participation',
		navLabel: 'Participation',
		summary:
			'Whether police, health and education take part in strategy discussions and conferences, share information promptly and challenge each other when they disagree.'
	},
	{
		id: 'decisions',
		title: 'Decision quality',
		navLabel: 'Decisions',
		summary:
			'Whether the statutory steps are triggered when they should be, and whether decisions hold: re-referrals, repeat plans, conversions between steps and case audit findings.'
	},
	{
		id: 'timeliness',
		title: 'Timeliness',
		navLabel: 'Timeliness',
		summary:
			'Whether assessments, initial and review conferences, and visits to children on plans happen within the statutory timescales.'
	},
	{
		id: 'workforce',
		title: 'Workforce expertise',
		navLabel: 'Workforce',
		summary:
			'Whether the children most at risk are held by experienced, specialist practitioners with manageable caseloads and stable allocation.'
	}
] as const;

export type Theme = (typeof themes)[number];
export type ThemeId = Theme['id'];

export function findTheme(id: string) {
	return themes.find((t) => t.id === id);
}
