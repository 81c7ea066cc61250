// The elements of the national reform an authority records, and the stages each goes through.
// Multi-agency child protection teams (a social worker, a police officer, a registered health
// practitioner and someone with education experience) and lead child protection practitioners
// holding every child protection case were tested from September 2023, joined by the Families
// First for Children pathfinders in 2024, and rolled out through the Families First Partnership
// programme from April 2025.

export const ELEMENTS = {
	macpt: {
		label: 'Multi-agency child protection team',
		stages: ['not_started', 'planned', 'live']
	},
	lcpp: {
		label: 'Lead child protection practitioners holding cases',
		stages: ['not_started', 'planned', 'live']
	},
	programme: {
		label: 'Programme wave',
		stages: ['none', 'test_2023', 'pathfinder_2024', 'families_first_2025']
	}
} as const;

export type Element = keyof typeof ELEMENTS;

export const STAGE_LABELS: Record<string, string> = {
	not_started: 'Not started',
	planned: 'Planned',
	live: 'Live',
	none: 'None',
	test_2023: 'Tested from September 2023',
	pathfinder_2024: 'Families First for Children pathfinder (2024)',
	families_first_2025: 'Families First Partnership programme (from April 2025)'
};

export function isElement(value: string): value is Element {
	return Object.hasOwn(ELEMENTS, value);
}

export function isStageOf(element: Element, stage: string): boolean {
	return (ELEMENTS[element].stages as readonly string[]).includes(stage);
}
