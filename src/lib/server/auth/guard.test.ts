import { describe, expect, it } from 'vitest';
import { isPublicPath, safeReturnPath } from './guard';

describe('route guard', () => {
	it('keeps every page private except sign-in, health, the accessibility statement and static files', () => {
		for (const p of [
			'/login',
			'/healthz',
			'/accessibility',
			'/favicon.svg',
			'/digest/unsubscribe',
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

	it('returns only to same-origin paths after sign-in, read as a browser reads them', () => {
		const origin = 'https://oversight.example';
		expect(safeReturnPath('/timeliness?from=2024-04-01', origin)).toBe(
			'/timeliness?from=2024-04-01'
		);
		expect(safeReturnPath('/metrics/icpc_15wd?area=own#trend', origin)).toBe(
			'/metrics/icpc_15wd?area=own#trend'
		);
		for (const bad of [
			'https://evil.example/',
			'//evil.example',
			'/\\evil.example',
			'/\t/evil.example',
			'/\n/evil.example',
			'/\r\n/evil.example',
			'\t//evil.example',
			'javascript:alert(1)',
			'',
			null,
			'/login',
			'/login?next=/x',
			'/logout'
		])
			expect(safeReturnPath(bad, origin), JSON.stringify(bad)).toBe('/');
	});

	it('never returns a control character that could split a Location header', () => {
		const origin = 'http://127.0.0.1:3000';
		const control = (s: string) => [...s].some((c) => c.charCodeAt(0) < 32 || c === '\x7f');
		for (const tricky of [
			'/a\r\nSet-Cookie:x=1',
			'/a%0d%0aSet-Cookie:x=1',
			'/a?b=\u0000c',
			'/\u0001'
		])
			expect(control(safeReturnPath(tricky, origin)), JSON.stringify(tricky)).toBe(false);
		expect(safeReturnPath('/a\r\nb', origin)).toBe('/ab');
	});
});
