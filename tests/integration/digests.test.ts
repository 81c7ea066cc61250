// Digests end to end: subscribers on a loaded synthetic database, a real SMTP server started here
// (smtp-server), and what arrives — to whom, about what, with which links, and never a figure.
// Then the failures: a mail server that refuses connections or never answers leaves the message
// queued, the next run sends it, and nothing is ever sent twice.
import net from 'node:net';
import path from 'node:path';
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatFigure } from '$lib/components/format';
import { withAnalytics, type AnalyticsSession } from '$lib/server/analytics/duckdb';
import { createUser, viewerOf, type UserScope } from '$lib/server/auth/users';
import { appDb, type AppDb } from '$lib/server/db/client';
import type { User } from '$lib/server/db/schema';
import { smtpMailer } from '$lib/server/digests/deliver';
import { runDigests } from '$lib/server/digests/run';
import { recentMessages, setSubscription } from '$lib/server/digests/store';
import { raiseAction } from '$lib/server/leadership/actions';
import { summaryMetrics, viewOf } from '$lib/server/view-figures';
import { loadGenerated, useScratchFolder } from '../fixtures/loaded';

const ORIGIN = 'https://oversight.example';
const FROM = 'CP Oversight <oversight@example.gov.uk>';
const MONDAY = new Date('2026-11-30T07:00:00Z');
const NEXT_MONDAY = new Date('2026-12-07T07:00:00Z');
const OVERDUE_ACTION = 'Book initial conferences before the strategy meeting';

const scratch = useScratchFolder('digests');
let dbPath: string;
let las: string[];
let app: AppDb;
const users: Record<'a' | 'b' | 'police' | 'national', User> = {} as never;

/** A mail server that keeps what it is given. */
async function startMailServer() {
	const received: ParsedMail[] = [];
	const envelopes: string[][] = [];
	const server = new SMTPServer({
		authOptional: true,
		disabledCommands: ['STARTTLS'],
		logger: false,
		onData(stream, session, done) {
			envelopes.push(session.envelope.rcptTo.map((r) => r.address));
			simpleParser(stream).then((m) => {
				received.push(m);
				done();
			}, done);
		}
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const port = (server.server.address() as net.AddressInfo).port;
	return {
		url: `smtp://127.0.0.1:${port}`,
		received,
		envelopes,
		close: () => new Promise<void>((resolve) => server.close(() => resolve()))
	};
}

/** A port nothing listens on: connections are refused. */
async function refusingPort(): Promise<number> {
	const s = net.createServer();
	await new Promise<void>((resolve) => s.listen(0, '127.0.0.1', resolve));
	const port = (s.address() as net.AddressInfo).port;
	await new Promise<void>((resolve) => s.close(() => resolve()));
	return port;
}

/** A server that takes the connection and never says a word. */
async function silentServer() {
	const sockets: net.Socket[] = [];
	const s = net.createServer((socket) => sockets.push(socket));
	await new Promise<void>((resolve) => s.listen(0, '127.0.0.1', resolve));
	return {
		url: `smtp://127.0.0.1:${(s.address() as net.AddressInfo).port}`,
		close: () => {
			for (const socket of sockets) socket.destroy();
			return new Promise<void>((resolve) => s.close(() => resolve()));
		}
	};
}

const run = (now: Date, url: string | null, timeouts = { connectSeconds: 5, replySeconds: 5 }) =>
	withAnalytics(async (s) => {
		const mailer = url ? smtpMailer(url, FROM, timeouts) : null;
		try {
			return await runDigests(s, app, { now, origin: ORIGIN, mailer });
		} finally {
			mailer?.close();
		}
	}, dbPath);

const statuses = () =>
	recentMessages(app)
		.map((r) => `${r.email} ${r.message.period} ${r.message.status}`)
		.sort();

beforeAll(async () => {
	// The leaders' items the pages read come from the process's app database: this test's own.
	process.env.OVERSIGHT_APP_DB = path.join(scratch(), 'app.sqlite');
	({ dbPath, las } = await loadGenerated(scratch(), {
		authorities: 3,
		years: 2,
		seed: 'digests',
		workers: 2
	}));
	app = appDb();
	const password = 'a long enough password for tests';
	const make = (email: string, scope: UserScope) => createUser(app, { email, password, ...scope });
	users.a = await make('director-a@la.invalid', {
		role: 'la_leader',
		laCodes: [las[0]!],
		agency: null
	});
	users.b = await make('director-b@la.invalid', {
		role: 'la_leader',
		laCodes: [las[1]!],
		agency: null
	});
	users.police = await make('police@partner.invalid', {
		role: 'partner',
		laCodes: [las[0]!, las[1]!],
		agency: 'police'
	});
	users.national = await make('official@national.invalid', {
		role: 'national',
		laCodes: [],
		agency: null
	});
	for (const u of Object.values(users)) setSubscription(app, u.id, 'weekly', MONDAY);
	raiseAction(app, users.a, {
		area: `la:${las[0]}`,
		metricId: 'icpc_15wd',
		month: null,
		title: OVERDUE_ACTION,
		agency: 'local_authority',
		owner: 'Head of safeguarding',
		due: '2026-11-01',
		route: 'test'
	});
}, 180_000);

/** The overview figures an account sees, as the pages format them (none may be in its mail). */
async function figuresOf(s: AnalyticsSession, u: User): Promise<string[]> {
	const view = await viewOf(s, viewerOf(u), new URL(`${ORIGIN}/`));
	const result = await summaryMetrics(s, view);
	return result.metrics
		.flatMap((m) => [m, ...(m.months ?? [])].map((f) => formatFigure(f, m.kind, m.unit)))
		.filter((f) => /\d[.,]\d|%|per /.test(f));
}

describe('digests by email', () => {
	let mail: Awaited<ReturnType<typeof startMailServer>>;
	beforeAll(async () => {
		mail = await startMailServer();
	});
	afterAll(() => mail.close());

	it('sends each subscriber their own scope: signals, actions and data, with links, no figures', async () => {
		const { made, delivery } = await run(MONDAY, mail.url);
		expect(made).toMatchObject({ queued: 4, nothingNew: 0, errors: [] });
		expect(delivery).toMatchObject({ sent: 4, retry: 0, failed: 0 });
		expect(mail.envelopes.flat().sort()).toEqual(
			[users.a, users.b, users.police, users.national].map((u) => u.email).sort()
		);
		const to = (u: User) => mail.received[mail.envelopes.findIndex((e) => e[0] === u.email)];

		const [a, b, police, national] = [users.a, users.b, users.police, users.national].map(to);
		const names = await withAnalytics(async (s) => {
			const nameOf = async (u: User) =>
				(await summaryMetrics(s, await viewOf(s, viewerOf(u), new URL(`${ORIGIN}/`)))).scope.name;
			return { a: await nameOf(users.a), b: await nameOf(users.b) };
		}, dbPath);
		// Each names its own area and links to it; neither director hears of the other.
		expect(a!.subject).toContain(names.a);
		expect(a!.text).not.toContain(names.b);
		expect(b!.subject).toContain(names.b);
		expect(b!.text).not.toContain(names.a);
		expect(a!.text).toContain(`${ORIGIN}/actions?area=`);
		for (const m of [a, b, police, national]) {
			for (const href of m!.text!.match(/https?:\/\/\S+/g) ?? [])
				expect(href.startsWith(`${ORIGIN}/`), href).toBe(true);
			expect(m!.text).toContain('No figures are in this email');
			// One-click unsubscribe (RFC 8058) on every message.
			const header = (name: string) =>
				m!.headerLines.find((h) => h.key === name)?.line.replace(/\s+/g, ' ');
			expect(header('list-unsubscribe-post')).toBe(
				'List-Unsubscribe-Post: List-Unsubscribe=One-Click'
			);
			expect(header('list-unsubscribe')).toMatch(
				/^List-Unsubscribe: <https:\/\/oversight\.example\/digest\/unsubscribe\?token=[a-z2-7]{32}>/
			);
		}
		// The overdue action is the director's to chase; the police partnership's area is another.
		expect(a!.text).toContain(`Overdue: ${OVERDUE_ACTION}`);
		expect(b!.text).not.toContain(OVERDUE_ACTION);
		expect(police!.text).not.toContain(OVERDUE_ACTION);
		expect(national!.text).not.toContain('Actions');
		// No figure any of them could see on their overview is in their mail.
		await withAnalytics(async (s) => {
			for (const [u, m] of [
				[users.a, a],
				[users.b, b],
				[users.police, police],
				[users.national, national]
			] as const) {
				const figures = await figuresOf(s, u);
				expect(figures.length).toBeGreaterThan(10);
				for (const f of figures) expect(m!.text, `${u.email}: ${f}`).not.toContain(f);
			}
		}, dbPath);
	});

	it('makes and sends nothing more when run again in the same week', async () => {
		const before = mail.received.length;
		const { made, delivery } = await run(MONDAY, mail.url);
		expect(made).toMatchObject({ queued: 0, nothingNew: 0, already: 4 });
		expect(delivery.sent).toBe(0);
		expect(mail.received.length).toBe(before);
	});

	it('keeps a message queued while the mail server refuses or never answers, then sends it once', async () => {
		const before = mail.received.length;
		// A week later nothing has changed but the director's overdue action: one message.
		const refused = await run(NEXT_MONDAY, `smtp://127.0.0.1:${await refusingPort()}`);
		expect(refused.made).toMatchObject({ queued: 1, nothingNew: 3 });
		expect(refused.delivery).toMatchObject({ sent: 0, retry: 1 });
		expect(statuses()).toContain(`${users.a.email} 2026-W50 queued`);

		const silent = await silentServer();
		const timedOut = await run(NEXT_MONDAY, silent.url, { connectSeconds: 1, replySeconds: 1 });
		await silent.close();
		expect(timedOut.made.queued).toBe(0);
		expect(timedOut.delivery).toMatchObject({ sent: 0, retry: 1 });
		const queued = recentMessages(app).find(
			(r) => r.message.period === '2026-W50' && r.message.status === 'queued'
		)!;
		expect(queued.message.attempts).toBe(2);
		expect(queued.message.lastError).toBeTruthy();
		expect(mail.received.length).toBe(before);

		const recovered = await run(NEXT_MONDAY, mail.url);
		expect(recovered.delivery).toMatchObject({ sent: 1, retry: 0 });
		expect(mail.received.length).toBe(before + 1);
		expect(mail.envelopes.at(-1)).toEqual([users.a.email]);
		expect(mail.received.at(-1)!.text).toContain(`Overdue: ${OVERDUE_ACTION}`);
		// And never again.
		await run(NEXT_MONDAY, mail.url);
		expect(mail.received.length).toBe(before + 1);
		expect(statuses().filter((s) => s.includes('2026-W50'))).toEqual(
			[
				`${users.a.email} 2026-W50 sent`,
				`${users.b.email} 2026-W50 nothing_new`,
				`${users.national.email} 2026-W50 nothing_new`,
				`${users.police.email} 2026-W50 nothing_new`
			].sort()
		);
	}, 60_000);

	it('goes to the in-app outbox when no mail server is configured, and not to those who left', async () => {
		setSubscription(app, users.b.id, 'monthly', MONDAY);
		setSubscription(app, users.police.id, 'off', MONDAY);
		const before = mail.received.length;
		const { made, delivery } = await run(new Date('2026-12-15T07:00:00Z'), null);
		// A new week: the director's overdue action again; b's first monthly digest has nothing
		// new since b's last weekly one; the police lead has left.
		expect(made).toMatchObject({ queued: 1, nothingNew: 2, errors: [] });
		expect(delivery.outbox).toBe(1);
		expect(mail.received.length).toBe(before);
		expect(statuses()).toContain(`${users.a.email} 2026-W51 outbox`);
		expect(statuses()).toContain(`${users.b.email} 2026-12 nothing_new`);
		expect(statuses().some((s) => s.startsWith(users.police.email) && s.includes('W51'))).toBe(
			false
		);
	});
});
