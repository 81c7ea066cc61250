// npm run screenshots — regenerates docs/screenshots: every page at 1280×800 (desktop) and
// 390×844 (phone), as the signed-in role that page is for. Builds the server, loads a small
// synthetic extract into a private folder, serves it on a spare port and drives Chromium.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { loadExtract } from '../src/lib/server/analytics/load/loader';
import { loadPublished } from '../src/lib/server/published/store';
import { generateExtract } from '../src/lib/synthetic/generate';
import { launchChromium } from './lib/chromium';
import { bankHolidays, realAuthorityNames, referenceDir } from '../src/lib/server/reference-data';

const root = process.cwd();
const out = path.join(root, 'docs', 'screenshots');
const work = path.join(root, 'tests', '.tmp', 'screenshots');
const port = Number(process.env.SCREENSHOT_PORT ?? 4175);
const base = `http://127.0.0.1:${port}`;

const viewports = [
	{ name: 'desktop', width: 1280, height: 800 },
	{ name: 'phone', width: 390, height: 844 }
];

/** Each page, who looks at it, and what to wait for before the picture is taken. */
const pages: { name: string; path: string; as: string | null; waitFor?: string }[] = [
	{ name: 'sign-in', path: '/login', as: null },
	{ name: 'overview', path: '/', as: 'leader@demo.invalid', waitFor: '[data-chart] svg' },
	{
		name: 'theme-participation',
		path: '/participation',
		as: 'leader@demo.invalid',
		waitFor: '[data-chart] svg'
	},
	{
		name: 'metric-detail',
		path: '/metrics/icpc_15wd',
		as: 'leader@demo.invalid',
		waitFor: '[data-chart] svg'
	},
	{
		name: 'compare',
		path: '/compare?metric=icpc_15wd&group=england',
		as: 'national@demo.invalid',
		waitFor: '[data-chart] svg'
	},
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
	{ name: 'admin-users', path: '/admin/users', as: 'admin@demo.invalid' },
	{ name: 'accessibility', path: '/accessibility', as: null }
];

function run(cmd: string, args: string[]) {
	const r = spawnSync(cmd, args, { stdio: 'inherit' });
	if (r.status !== 0) process.exit(r.status ?? 1);
}

async function waitForServer(): Promise<void> {
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

async function signIn(page: Page, email: string) {
	await page.goto(`${base}/login`);
	await page.locator('#email').fill(email);
	await page.locator('#password').fill('demonstration only');
	await page.locator('button[type="submit"]').click();
	await page.waitForURL((u) => !u.pathname.startsWith('/login'));
}

async function shoot(browser: Browser) {
	fs.mkdirSync(out, { recursive: true });
	for (const v of viewports) {
		const sessions = new Map<string | null, Page>();
		for (const p of pages) {
			let page = sessions.get(p.as);
			if (!page) {
				const context = await browser.newContext({
					viewport: { width: v.width, height: v.height },
					deviceScaleFactor: 1,
					locale: 'en-GB',
					timezoneId: 'Europe/London'
				});
				page = await context.newPage();
				if (p.as) await signIn(page, p.as);
				sessions.set(p.as, page);
			}
			await page.goto(`${base}${p.path}`);
			if (p.waitFor) await page.locator(p.waitFor).first().waitFor();
			await page.evaluate(() => document.fonts.ready);
			const file = path.join(out, `${p.name}-${v.width}x${v.height}.png`);
			await page.screenshot({ path: file });
			console.log(`${path.relative(root, file)}`);
		}
		for (const page of sessions.values()) await page.context().close();
	}
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
	workers: 1
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

const server = spawn('node', ['build'], {
	stdio: ['ignore', 'ignore', 'inherit'],
	env: {
		...process.env,
		PORT: String(port),
		HOST: '127.0.0.1',
		ORIGIN: base,
		OVERSIGHT_DB: path.join(work, 'oversight.duckdb'),
		OVERSIGHT_PUBLISHED_DB: path.join(work, 'published.duckdb'),
		OVERSIGHT_APP_DB: path.join(work, 'app.sqlite')
	}
});
try {
	await waitForServer();
	const browser = await launchChromium();
	try {
		await shoot(browser);
	} finally {
		await browser.close();
	}
} finally {
	server.kill();
}
