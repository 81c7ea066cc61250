// Signs in through the real form, as one of the demonstration accounts the server creates while
// the data is synthetic.
import { expect, type Page } from '@playwright/test';

export const DEMO = {
	leader: 'leader@demo.invalid',
	police: 'police@demo.invalid',
	national: 'national@demo.invalid',
	admin: 'admin@demo.invalid'
} as const;

/** Directors of authorities in regions of several sizes, for the disclosure attacks. */
export const ADVERSARY_LEADERS = ['X00000004', 'X00000016', 'X00000021'].map((la) => ({
	la,
	email: `leader-${la.toLowerCase()}@e2e.invalid`
}));
export const ADVERSARY_PASSWORD = 'an adversary made by the tests';

/**
 * A director and a police partner of authorities no other test reads, so the targets and change
 * points the leadership tests set change no other test's figures.
 */
export const LEADERSHIP = {
	la: 'X00000010',
	partnerLas: ['X00000010', 'X00000011'],
	director: 'director-x00000010@e2e.invalid',
	partner: 'police-x00000010@e2e.invalid'
} as const;

/** A director of an authority no other test reads, whose reform go-live the tests record. */
export const REFORM = { la: 'X00000012', director: 'director-x00000012@e2e.invalid' } as const;

/** A real administrator, made for the tests as an operator would make one. */
export const E2E_ADMIN = { email: 'admin@e2e.invalid', password: 'an operator made this one' };

export async function signIn(
	page: Page,
	email: string = DEMO.leader,
	path = '/',
	password = email === E2E_ADMIN.email
		? E2E_ADMIN.password
		: email.endsWith('@e2e.invalid')
			? ADVERSARY_PASSWORD
			: 'demonstration only'
): Promise<void> {
	await page.goto(path === '/' ? '/login' : `/login?next=${encodeURIComponent(path)}`);
	await page.getByLabel('Email address').fill(email);
	await page.getByLabel('Password').fill(password);
	await page.getByRole('button', { name: 'Sign in' }).click();
	await expect(page.getByRole('button', { name: 'Sign out' })).toBeVisible();
}
