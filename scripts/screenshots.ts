// npm run screenshots — regenerates docs/screenshots: every page at 1280×800 (desktop) and
// 390×844 (phone), as the signed-in role that page is for. Builds the server, loads a small
// synthetic extract into a private folder, serves it on a spare port and drives Chromium.
// A second instance shows a deployment holding one real authority's census returns, as a
// director sees it with DfE's published benchmarks: no real child's records exist here, so
// its returns are generated ones written under County Durham's code, and the picture says so.
// Every page pictured is also checked with axe (WCAG 2.2 A and AA); any violation fails the run.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { loadExtract } from '../src/lib/server/analytics/load/loader';
import { createUser } from '../src/lib/server/auth/users';
import { openAppDb } from '../src/lib/server/db/client';
import { loadPublished } from '../src/lib/server/published/store';
import { generateExtract } from '../src/lib/synthetic/generate';
import { MODELLED_EFFECTS } from '../src/lib/synthetic/reform';
import { axeViolations } from './lib/axe';
import { launchChromium } from './lib/chromium';
import { bankHolidays, realAuthorityNames, referenceDir } from '../src/lib/server/reference-data';

const root = process.cwd();
/** Where the pictures go: docs/screenshots, or the folder after --out (pictures from before a change). */
const outAt = process.argv.indexOf('--out');
const out =
	outAt > 0 ? path.resolve(process.argv[outAt + 1]!) : path.join(root, 'docs', 'screenshots');
const work = path.join(root, 'tests', '.tmp', 'screenshots');
const port = Number(process.env.SCREENSHOT_PORT ?? 4175);

/** The demonstration instance, and one holding a single real authority's returns. */
const instances = {
	demo: { port, db: 'oversight.duckdb', app: 'app.sqlite' },
	real: { port: port + 1, db: 'real.duckdb', app: 'app-real.sqlite' }
} as const;
type Instance = keyof typeof instances;
const baseOf = (i: Instance) => `http://127.0.0.1:${instances[i].port}`;

/** The authority the real instance holds (DfE code and GSS code), and its director. */
const REAL = { dfe: '840', code: 'E06000047', email: 'director@durham.example' };
const PASSWORDS: Record<Instance, string> = {
	demo: 'demonstration only',
	real: 'screenshots only, never served'
};

const viewports = [
	{ name: 'desktop', width: 1280, height: 800 },
	{ name: 'phone', width: 390, height: 844 }
];

interface Shot {
	name: string;
	path: string;
	as: string | null;
	waitFor?: string;
	/** What the picture is of, when it is not the top of the page. */
	scrollTo?: string;
	instance?: Instance;
}

/** The pages a meeting opens, as the director, the police lead and central government see them. */
function meetingRoomPages(): Shot[] {
	const roles = [
		['director', 'leader@demo.invalid'],
		['police', 'police@demo.invalid'],
		['national', 'national@demo.invalid']
	] as const;
	return roles.flatMap(([role, as]) => [
		{ name: `overview-${role}`, path: '/', as, waitFor: '[data-chart] svg' },
		{
			name: `theme-participation-${role}`,
			path: '/participation',
			as,
			waitFor: '[data-chart] svg'
		},
		{ name: `metric-detail-${role}`, path: '/metrics/icpc_15wd', as, waitFor: '[data-chart] svg' },
		{ name: `compare-${role}`, path: '/compare?metric=icpc_15wd', as, waitFor: '[data-chart] svg' }
	]);
}

/** Three years, so limits recalculated from a change have twelve months on each side. */
const THREE_YEARS = 'period=custom&from=2022-04-01&to=2025-03-31';

/** What a board keeps beside the figures, as the director sees it (see leadershipItems). */
function leadershipPages(): Shot[] {
	const as = 'leader@demo.invalid';
	return [
		{ name: 'leadership-tile', path: '/', as, scrollTo: '[data-tile="icpc_15wd"]' },
		{
			name: 'leadership-spc-change-point',
			path: `/metrics/icpc_15wd?${THREE_YEARS}`,
			as,
			waitFor: '[data-chart] svg',
			scrollTo: `figure[aria-labelledby="icpc_15wd-trend-title"]`
		},
		{ name: 'leadership-actions', path: '/actions', as },
		{ name: 'leadership-report-actions', path: '/report', as, scrollTo: '[data-report-actions]' }
	];
}

/** Each page, who looks at it, and what to wait for before the picture is taken. */
const pages: Shot[] = [
	{ name: 'sign-in', path: '/login', as: null },
	...meetingRoomPages(),
	{ name: 'authority-profile', path: '/la/X00000002', as: 'police@demo.invalid' },
	{ name: 'board-report', path: '/report', as: 'leader@demo.invalid', waitFor: '[data-chart] svg' },
	{
		name: 'published-england',
		path: '/published',
		as: 'national@demo.invalid',
		waitFor: 'figure svg[role="img"]'
	},
	{
		name: 'published-authority',
		path: '/published?measure=rereferral_12m&area=E06000047',
		as: 'leader@demo.invalid',
		waitFor: 'figure svg[role="img"]'
	},
	{
		name: 'real-authority-benchmarks',
		path: '/metrics/rereferral_12m?period=2024-25',
		as: REAL.email,
		waitFor: '[data-chart] svg',
		scrollTo: '.app-benchmarks',
		instance: 'real'
	},
	...leadershipPages(),
	...(['director', 'national'] as const).flatMap((role) => {
		const as = role === 'director' ? 'leader@demo.invalid' : 'national@demo.invalid';
		return [
			{ name: `reform-rollout-${role}`, path: '/reform', as, waitFor: '[data-chart] svg' },
			{
				name: `reform-evaluation-${role}`,
				path: '/reform/evaluation',
				as,
				waitFor: '[data-chart] svg'
			},
			{
				name: `reform-event-study-${role}`,
				path: '/reform/evaluation',
				as,
				waitFor: '[data-chart] svg',
				scrollTo: 'figure[aria-labelledby="reform-event-study-title"]'
			}
		];
	}),
	{ name: 'account-digest', path: '/account', as: 'leader@demo.invalid' },
	{ name: 'admin-users', path: '/admin/users', as: 'admin@demo.invalid' },
	{ name: 'accessibility', path: '/accessibility', as: null }
];

function run(cmd: string, args: string[]) {
	const r = spawnSync(cmd, args, { stdio: 'inherit' });
	if (r.status !== 0) process.exit(r.status ?? 1);
}

async function waitForServer(base: string): Promise<void> {
	for (let i = 0; i < 120; i++) {
		try {
			if ((await fetch(`${base}/healthz`)).ok) return;
		} catch {
			// not listening yet
		}
		await new Promise((r) => setTimeout(r, 500));
	}
	throw new Error('the server did not start');
}

async function signIn(page: Page, instance: Instance, email: string) {
	await page.goto(`${baseOf(instance)}/login`);
	await page.locator('#email').fill(email);
	await page.locator('#password').fill(PASSWORDS[instance]);
	await page.locator('button[type="submit"]').click();
	await page.waitForURL((u) => !u.pathname.startsWith('/login'));
}

/** How tall each page is: a page a meeting has to scroll through is a page it will not read. */
const heights: string[] = [];

/**
 * A target, a change point with limits recalculated from it, published commentary and two
 * actions (one overdue), made through the pages' own forms as the director would.
 */
async function leadershipItems(browser: Browser): Promise<void> {
	const context = await browser.newContext();
	const page = await context.newPage();
	await signIn(page, 'demo', 'leader@demo.invalid');
	const la = (await page.locator('header').textContent())!.match(/X\d{8}/)![0];
	const post = async (route: string, action: string, form: Record<string, string>) => {
		const res = await page.request.post(`${baseOf('demo')}${route}?/${action}&${THREE_YEARS}`, {
			form: { area: `la:${la}`, ...form },
			headers: { origin: baseOf('demo'), accept: 'text/html' }
		});
		if (res.status() !== 200) throw new Error(`${route} ${action}: ${res.status()}`);
	};
	const measure = '/metrics/icpc_15wd';
	await post(measure, 'target', { value: '85', from: '2022-04' });
	await post(measure, 'change', {
		month: '2023-10',
		label: 'Multi-agency child protection team went live',
		recalculate: 'on'
	});
	await post(measure, 'commentary', {
		month: '2025-03',
		basedOn: '',
		publish: 'true',
		body: 'Conferences within 15 working days have held above the target since the multi-agency team went live.\n\n- Police now attend every initial conference\n- Review the rota at the June board'
	});
	const action = { month: '2025-03', metric: 'icpc_15wd' };
	await post('/actions', 'raise', {
		...action,
		title: 'Book initial conferences at the strategy discussion',
		agency: 'local_authority',
		owner: 'Head of Service, child protection',
		due: '2099-06-30'
	});
	await post('/actions', 'raise', {
		...action,
		title: 'Agree a police attendance rota for conferences',
		agency: 'police',
		owner: 'Detective Inspector, public protection',
		due: '2025-01-31'
	});
	await context.close();
}

async function shoot(browser: Browser): Promise<string[]> {
	const failures: string[] = [];
	fs.mkdirSync(out, { recursive: true });
	for (const v of viewports) {
		const sessions = new Map<string, Page>();
		for (const p of pages) {
			const instance = p.instance ?? 'demo';
			const who = `${instance} ${p.as}`;
			let page = sessions.get(who);
			if (!page) {
				const context = await browser.newContext({
					viewport: { width: v.width, height: v.height },
					deviceScaleFactor: 1,
					locale: 'en-GB',
					timezoneId: 'Europe/London'
				});
				page = await context.newPage();
				if (p.as) await signIn(page, instance, p.as);
				sessions.set(who, page);
			}
			await page.goto(`${baseOf(instance)}${p.path}`);
			if (p.waitFor) await page.locator(p.waitFor).first().waitFor();
			await page.evaluate(() => document.fonts.ready);
			if (p.scrollTo)
				await page
					.locator(p.scrollTo)
					.first()
					.evaluate((e) => e.scrollIntoView({ block: 'center' }));
			const file = path.join(out, `${p.name}-${v.width}x${v.height}.png`);
			await page.screenshot({ path: file });
			heights.push(
				`${p.name} at ${v.width}×${v.height}: ${await page.evaluate(() => document.documentElement.scrollHeight)} px tall`
			);
			const found = await axeViolations(page);
			failures.push(...found.map((f) => `${p.name} at ${v.width}×${v.height}: ${f}`));
			console.log(`${path.relative(root, file)}${found.length ? ` — axe: ${found.length}` : ''}`);
		}
		for (const page of sessions.values()) await page.context().close();
	}
	return failures;
}

console.log('Building the server…');
run('npx', ['vite', 'build', '--logLevel', 'error']);
fs.rmSync(work, { recursive: true, force: true });
fs.mkdirSync(work, { recursive: true });
await generateExtract({
	out: path.join(work, 'extract'),
	authorities: 12,
	years: 3,
	end: '2025-03-31',
	seed: 'screenshots',
	bankHolidays: bankHolidays(),
	realNames: realAuthorityNames(),
	workers: 1,
	// Half going live, so the reform evaluation has groups of at least five to show.
	reform: { effects: { ...MODELLED_EFFECTS }, adopters: 6 }
});
await loadExtract({
	dir: path.join(work, 'extract'),
	dbPath: path.join(work, 'oversight.duckdb'),
	referenceDir
});
await loadPublished({
	dir: path.join(root, 'data', 'published'),
	dbPath: path.join(work, 'published.duckdb'),
	referenceDir,
	loadedBy: 'screenshots'
});
await realInstance();

/**
 * The real instance: one generated authority's census returns (and nothing else), written under
 * County Durham's DfE code and loaded as a real submission is, pseudonymised; its director's
 * account made as an administrator would.
 */
async function realInstance(): Promise<void> {
	const generated = path.join(work, 'generated');
	await generateExtract({
		out: generated,
		authorities: 1,
		years: 2,
		end: '2025-03-31',
		seed: 'screenshots-real',
		bankHolidays: bankHolidays(),
		realNames: realAuthorityNames(),
		workers: 1,
		format: 'xml'
	});
	const returns = path.join(work, 'returns');
	fs.mkdirSync(returns);
	for (const f of fs.readdirSync(generated).filter((n) => n.endsWith('.xml')))
		fs.writeFileSync(
			path.join(returns, f.replace(/-\d{3}-/, `-${REAL.dfe}-`)),
			fs
				.readFileSync(path.join(generated, f), 'utf8')
				.replace(/<LEA>\d{3}<\/LEA>/g, `<LEA>${REAL.dfe}</LEA>`)
		);
	await loadExtract({
		dir: returns,
		dbPath: path.join(work, instances.real.db),
		referenceDir,
		pseudonymiseKey: Buffer.from('a key used for the screenshots only')
	});
	const app = openAppDb(path.join(work, instances.real.app));
	await createUser(app, {
		email: REAL.email,
		password: PASSWORDS.real,
		role: 'la_leader',
		laCodes: [REAL.code],
		agency: null
	});
}

function serve(instance: Instance) {
	const i = instances[instance];
	return spawn('node', ['build'], {
		stdio: ['ignore', 'ignore', 'inherit'],
		env: {
			...process.env,
			PORT: String(i.port),
			HOST: '127.0.0.1',
			ORIGIN: baseOf(instance),
			OVERSIGHT_DB: path.join(work, i.db),
			OVERSIGHT_PUBLISHED_DB: path.join(work, 'published.duckdb'),
			OVERSIGHT_APP_DB: path.join(work, i.app)
		}
	});
}

const servers = [serve('demo'), serve('real')];
try {
	await waitForServer(baseOf('demo'));
	await waitForServer(baseOf('real'));
	const browser = await launchChromium();
	try {
		await leadershipItems(browser);
		const failures = await shoot(browser);
		console.log(heights.join('\n'));
		if (failures.length) {
			console.error(`axe found ${failures.length} violations:\n${failures.join('\n')}`);
			process.exitCode = 1;
		}
	} finally {
		await browser.close();
	}
} finally {
	for (const s of servers) s.kill();
}
