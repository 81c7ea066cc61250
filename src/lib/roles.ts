// The roles an account may have, declared once: accounts store them, the engine decides scope
// by the three that view data, and pages show their names.

/** Every role, in the order pages list them. */
export const ROLES = ['la_leader', 'partner', 'national', 'admin'] as const;
export type Role = (typeof ROLES)[number];

/** The roles that view data; an administrator manages accounts and sees no data. */
export const VIEWER_ROLES = ['la_leader', 'partner', 'national'] as const;
export type ViewerRole = (typeof VIEWER_ROLES)[number];

export const ROLE_LABELS: Record<Role, string> = {
	la_leader: 'LA leader',
	partner: 'Safeguarding partner',
	national: 'National',
	admin: 'Administrator'
};

export function isRole(value: string): value is Role {
	return (ROLES as readonly string[]).includes(value);
}

export function isViewerRole(value: string): value is ViewerRole {
	return (VIEWER_ROLES as readonly string[]).includes(value);
}
