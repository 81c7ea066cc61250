import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readConfig } from './config';

describe('readConfig', () => {
	it('uses defaults that work on a fresh clone', () => {
		const c = readConfig({});
		expect(c.port).toBe(3000);
		expect(c.analyticsDbPath).toBe(path.resolve('data/oversight.duckdb'));
		expect(c.appDbPath).toBe(path.resolve('data/app.sqlite'));
		expect([c.sessionIdleMinutes, c.sessionHours]).toEqual([30, 12]);
		expect([c.queryTimeoutSeconds, c.maxQueries, c.maxQueriesPerUser]).toEqual([30, 4, 2]);
	});

	it('takes the session timeouts from the environment', () => {
		const c = readConfig({ OVERSIGHT_SESSION_IDLE_MINUTES: '15', OVERSIGHT_SESSION_HOURS: '8' });
		expect([c.sessionIdleMinutes, c.sessionHours]).toEqual([15, 8]);
		expect(() => readConfig({ OVERSIGHT_SESSION_HOURS: '0' })).toThrow(/OVERSIGHT_SESSION_HOURS/);
	});

	it('takes overrides from the environment', () => {
		const c = readConfig({
			PORT: '8080',
			OVERSIGHT_DB: '/tmp/a.duckdb',
			OVERSIGHT_APP_DB: 'x.sqlite'
		});
		expect(c.port).toBe(8080);
		expect(c.analyticsDbPath).toBe('/tmp/a.duckdb');
		expect(c.appDbPath).toBe(path.resolve('x.sqlite'));
	});

	it('finds the server itself on the loopback unless told where', () => {
		expect(readConfig({}).internalUrl).toBe('http://127.0.0.1:3000');
		expect(readConfig({ HOST: '0.0.0.0', PORT: '8080' }).internalUrl).toBe('http://127.0.0.1:8080');
		expect(readConfig({ HOST: '10.0.0.5', PORT: '8080' }).internalUrl).toBe('http://10.0.0.5:8080');
		expect(readConfig({ HOST: '::1' }).internalUrl).toBe('http://[::1]:3000');
		expect(
			readConfig({ OVERSIGHT_INTERNAL_URL: 'http://app.internal:9000/ignored' }).internalUrl
		).toBe('http://app.internal:9000');
		expect(() => readConfig({ OVERSIGHT_INTERNAL_URL: 'file:///x' })).toThrow(
			/OVERSIGHT_INTERNAL_URL/
		);
	});

	it('sends mail only when told where and from whom', () => {
		expect(readConfig({})).toMatchObject({ smtpUrl: null, mailFrom: null });
		const c = readConfig({
			OVERSIGHT_SMTP_URL: 'smtp://user:secret@mail.example:587',
			OVERSIGHT_MAIL_FROM: 'CP Oversight <oversight@example.gov.uk>'
		});
		expect(c.smtpUrl).toBe('smtp://user:secret@mail.example:587');
		expect(() => readConfig({ OVERSIGHT_SMTP_URL: 'smtp://mail.example' })).toThrow(
			/OVERSIGHT_MAIL_FROM/
		);
		expect(() =>
			readConfig({ OVERSIGHT_SMTP_URL: 'http://mail.example', OVERSIGHT_MAIL_FROM: 'a@b.example' })
		).toThrow(/smtp:\/\//);
		expect(readConfig({ ORIGIN: 'https://oversight.example/' }).origin).toBe(
			'https://oversight.example'
		);
	});

	it('refuses a port that is not a whole number in range', () => {
		expect(() => readConfig({ PORT: 'abc' })).toThrow(/PORT must be a whole number/);
		expect(() => readConfig({ PORT: '70000' })).toThrow(/PORT/);
	});
});
