import { describe, expect, it } from 'vitest';
import { isPublicPath, safeReturnPath } from './guard';

describe('route guard', () => {
	it('keeps every page private except sign-in, health, the accessibility statement and static files', () => {
		for (const p of [
			'/login',
			'/healthz',
			'/accessibility',
			'/favicon.svg',
			'/_app/immutable/x.js'
		])
			expect(isPublicPath(p), p).toBe(true);
		for (const p of [
			'/',
			'/participation',
			'/metrics/icpc_15wd',
			'/admin/users',
			'/logout',
			'/login/../admin',
			'/healthz/x'
		])
			expect(isPublicPath(p), p).toBe(false);
	});

	it('returns only to same-site paths after sign-in', () => {
		expect(safeReturnPath('/timeliness?from=2024-04-01')).toBe('/timeliness?from=2024-04-01');
		for (const bad of [
			'https://evil.example/',
			'//evil.example',
			'/\\evil.example',
			'javascript:alert(1)',
			'',
			null,
			'/login'
		])
			expect(safeReturnPath(bad)).toBe('/');
	});
});
