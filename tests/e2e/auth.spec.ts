import { expect, test } from '@playwright/test';
import { expectNoAxeViolations } from './axe';
import { DEMO, signIn } from './sign-in';

test('a visitor without a session is sent to sign in, which passes axe', async ({ page }) => {
	await page.goto('/timeliness');
	await expect(page).toHaveURL(/\/login\?next=%2Ftimeliness$/);
	await expect(page.getByRole('heading', { level: 1, name: 'Sign in' })).toBeVisible();
	await expect(page.getByRole('navigation', { name: 'Themes' })).toHaveCount(0);
	// While the data is synthetic the demonstration accounts are listed.
	await expect(page.getByRole('cell', { name: DEMO.national })).toBeVisible();
	await expectNoAxeViolations(page);
});

test('a wrong password gets one message, the same as an unknown account', async ({ page }) => {
	const messages: string[] = [];
	for (const [email, password] of [
		[DEMO.leader, 'not the right password'],
		['nobody@demo.invalid', 'demonstration only']
	]) {
		await page.goto('/login');
		await page.getByLabel('Email address').fill(email!);
		await page.getByLabel('Password').fill(password!);
		await page.getByRole('button', { name: 'Sign in' }).click();
		const summary = page.getByRole('alert');
		await expect(summary).toBeVisible();
		messages.push((await summary.textContent())!.trim());
		await expect(page).toHaveTitle(/^Error: /);
	}
	expect(messages[0]).toBe(messages[1]);
	await expectNoAxeViolations(page);
});

test('signing in returns to the page asked for; signing out ends the session', async ({ page }) => {
	await signIn(page, DEMO.leader, '/timeliness');
	await expect(page).toHaveURL(/\/timeliness$/);
	const cookies = await page.context().cookies();
	const session = cookies.find((c) => c.name === 'session')!;
	expect(session.httpOnly).toBe(true);
	expect(session.sameSite).toBe('Lax');
	await page.getByRole('button', { name: 'Sign out' }).click();
	await expect(page).toHaveURL(/\/login$/);
	// The old token is worthless now, even if replayed.
	await page.context().addCookies([session]);
	await page.goto('/');
	await expect(page).toHaveURL(/\/login/);
});

test('a sign-out posted from another site is refused', async ({ page }) => {
	await signIn(page);
	const res = await page.request.post('/logout', {
		headers: {
			origin: 'https://evil.example',
			'content-type': 'application/x-www-form-urlencoded'
		},
		data: ''
	});
	expect(res.status()).toBe(403);
	await page.goto('/');
	await expect(page.getByRole('button', { name: 'Sign out' })).toBeVisible();
});

test('a request without a session gets 401, and one from another origin 403', async ({
	request,
	baseURL
}) => {
	const json = { 'content-type': 'application/json' };
	const same = await request.post('/participation', {
		data: {},
		headers: { ...json, origin: baseURL! }
	});
	expect(same.status()).toBe(401);
	expect(await same.text()).not.toMatch(/referral/i);
	const none = await request.post('/participation', { data: {}, headers: json });
	expect(none.status()).toBe(403);
	const other = await request.post('/participation', {
		data: {},
		headers: { ...json, origin: 'https://evil.example' }
	});
	expect(other.status()).toBe(403);
});
