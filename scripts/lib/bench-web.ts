// The web half of the benchmark: the built server (`node build`) on a spare port, reading the
// benchmark database, measured as users meet it — server response times per page and role
// after a start and after a data swap, bytes on the wire, sustained throughput under 20
// concurrent clients (autocannon), and in Chromium the first paint, largest contentful paint,
// when the chart is in the page, layout shift and JavaScript transferred per page — plus the
// server's peak resident memory, read from /proc.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import autocannon from 'autocannon';
import { launchChromium } from './chromium';

export interface Server {
	base: string;
	process: ChildProcess;
	/** Peak resident memory so far (MB), from the kernel's high-water mark. */
	peakRssMb(): number;
	stop(): Promise<void>;
}

export async function startServer(o: { dbPath: string; appDb: string; port: number }) {
	const base = `http://127.0.0.1:${o.port}`;
	const child = spawn('node', ['build'], {
		stdio: ['ignore', 'ignore', 'inherit'],
		env: {
			...process.env,
			PORT: String(o.port),
			HOST: '127.0.0.1',
			ORIGIN: base,
			OVERSIGHT_DB: o.dbPath,
			OVERSIGHT_APP_DB: o.appDb,
			NODE_ENV: 'production'
		}
	});
	for (let i = 0; ; i++) {
		try {
			if ((await fetch(`${base}/healthz`)).ok) break;
		} catch {
			// not listening yet
		}
		if (i > 240) throw new Error('the server did not start within 2 minutes');
		await new Promise((r) => setTimeout(r, 500));
	}
	const server: Server = {
		base,
		process: child,
		peakRssMb() {
			const status = fs.readFileSync(`/proc/${child.pid}/status`, 'utf8');
			const kb = Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? 0);
			return Math.round(kb / 1024);
		},
		stop: () =>
			new Promise((resolve) => {
				child.once('exit', () => resolve());
				child.kill();
			})
	};
	return server;
}

export const quantile = (xs: number[], q: number) => {
	const s = [...xs].sort((a, b) => a - b);
	return s[Math.min(s.length - 1, Math.max(0, Math.ceil(q * s.length) - 1))]!;
};

export interface PageTiming {
	role: string;
	path: string;
	first: number;
	median: number;
	p95: number;
	/** HTML as sent to a browser (brotli) and as sent to a client that accepts no encoding. */
	bytes: number;
	bytesUncompressed: number;
}

/** One GET as a browser sends it (brotli accepted) or not; bytes as they crossed the wire. */
export function getPage(
	base: string,
	p: string,
	cookie: string,
	compressed = true
): Promise<{ ms: number; bytes: number; status: number }> {
	const t = performance.now();
	return new Promise((resolve, reject) => {
		const req = http.get(
			base + p,
			{
				headers: {
					cookie,
					accept: 'text/html',
					...(compressed ? { 'accept-encoding': 'br, gzip' } : {})
				}
			},
			(res) => {
				let bytes = 0;
				res.on('data', (d: Buffer) => (bytes += d.length));
				res.on('end', () =>
					resolve({ ms: performance.now() - t, bytes, status: res.statusCode ?? 0 })
				);
				res.on('error', reject);
			}
		);
		req.on('error', reject);
	});
}

/** Time to the last byte of each page: the first request, then `runs` repeats. */
export async function timePages(
	base: string,
	role: string,
	cookie: string,
	paths: string[],
	runs: number
): Promise<PageTiming[]> {
	const out: PageTiming[] = [];
	const get = async (p: string, compressed = true) => {
		const r = await getPage(base, p, cookie, compressed);
		if (r.status !== 200) throw new Error(`${p} answered ${r.status}`);
		return r;
	};
	for (const p of paths) {
		const first = await get(p);
		const warm: number[] = [];
		for (let i = 0; i < runs; i++) warm.push((await get(p)).ms);
		out.push({
			role,
			path: p,
			first: first.ms,
			median: quantile(warm, 0.5),
			p95: quantile(warm, 0.95),
			bytes: first.bytes,
			bytesUncompressed: (await get(p, false)).bytes
		});
	}
	return out;
}

interface Health {
	dataVersion?: string;
	warm?: boolean;
}

async function health(base: string): Promise<Health> {
	try {
		return (await (await fetch(`${base}/healthz`)).json()) as Health;
	} catch {
		return {};
	}
}

/** Waits until the server serves `version` (any, if not given) with its opening pages computed. */
export async function waitUntilWarm(base: string, version?: string): Promise<number> {
	const t = performance.now();
	for (;;) {
		const h = await health(base);
		if (h.warm && (!version || h.dataVersion === version)) return performance.now() - t;
		if (performance.now() - t > 15 * 60_000) throw new Error('the server did not warm up');
		await new Promise((r) => setTimeout(r, 100));
	}
}

/**
 * Swaps a new data version in under the running server as the loader does (a finished file
 * renamed over the one in service): the same figures under a new version, so none of the
 * server's cached answers count for it.
 */
export async function swapInNewVersion(dbPath: string): Promise<string> {
	const next = path.join(path.dirname(dbPath), `.swap-${path.basename(dbPath)}`);
	fs.copyFileSync(dbPath, next);
	const version = `${new Date().toISOString().replace(/[-:]/g, '').slice(0, 15)}Z-bench`;
	const db = await DuckDBInstance.create(next);
	const c = await db.connect();
	try {
		await c.run(`UPDATE meta SET value = $v WHERE key = 'data_version'`, { v: version });
	} finally {
		c.closeSync();
		db.closeSync();
	}
	fs.renameSync(next, dbPath);
	return version;
}

/**
 * Requests a page over and over until the server serves `version` with its opening pages
 * computed: how the people using it fare while a new file is being prepared.
 */
export async function readWhileSwapping(
	base: string,
	p: string,
	cookie: string,
	version: string
): Promise<{ ms: number; requests: number; median: number; max: number }> {
	const t = performance.now();
	const times: number[] = [];
	for (;;) {
		times.push((await getPage(base, p, cookie)).ms);
		const h = await health(base);
		if (h.dataVersion === version && h.warm) break;
		await new Promise((r) => setTimeout(r, 50));
	}
	return {
		ms: performance.now() - t,
		requests: times.length,
		median: quantile(times, 0.5),
		max: Math.max(...times)
	};
}

export interface LoadResult {
	connections: number;
	seconds: number;
	requests: number;
	perSecond: number;
	errors: number;
	non2xx: number;
	latencyP50: number;
	latencyP99: number;
}

/** 20 clients requesting the pages in turn (each role's own) for `seconds`. */
export async function sustained(
	base: string,
	requests: { path: string; cookie: string }[],
	connections = 20,
	seconds = 30
): Promise<LoadResult> {
	const r = await autocannon({
		url: base,
		connections,
		duration: seconds,
		requests: requests.map((q) => ({
			method: 'GET',
			path: q.path,
			headers: { cookie: q.cookie, accept: 'text/html', 'accept-encoding': 'br, gzip' }
		}))
	});
	return {
		connections,
		seconds,
		requests: r.requests.total,
		perSecond: r.requests.average,
		errors: r.errors + r.timeouts,
		non2xx: r.non2xx,
		latencyP50: r.latency.p50,
		latencyP99: r.latency.p99
	};
}

export interface Vitals {
	role: string;
	path: string;
	/** First contentful paint. */
	fcp: number;
	/** When the page first held a chart's SVG (null: the page has none). */
	chart: number | null;
	lcp: number;
	cls: number;
	jsBytes: number;
	jsFiles: number;
}

/** First visit of each page in a fresh Chromium context: LCP, CLS and script bytes transferred. */
export async function browserVitals(
	base: string,
	role: string,
	cookie: string,
	paths: string[]
): Promise<Vitals[]> {
	const browser = await launchChromium();
	const [name, value] = cookie.split('=') as [string, string];
	const out: Vitals[] = [];
	try {
		for (const p of paths) {
			const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
			await context.addCookies([{ name, value, url: base }]);
			const page = await context.newPage();
			// Compressed bytes on the wire for every script, as Chromium's network layer counts them.
			const cdp = await context.newCDPSession(page);
			await cdp.send('Network.enable');
			const scripts = new Map<string, number>();
			const types = new Map<string, string>();
			cdp.on('Network.responseReceived', (e) => types.set(e.requestId, e.type));
			cdp.on('Network.loadingFinished', (e) => {
				if (types.get(e.requestId) === 'Script') scripts.set(e.requestId, e.encodedDataLength);
			});
			await page.addInitScript(() => {
				const w = window as unknown as { __lcp: number; __cls: number; __chart: number | null };
				w.__lcp = 0;
				w.__cls = 0;
				w.__chart = null;
				// The parser adds nodes as the HTML arrives: the first mutation that leaves a chart's
				// SVG in the page is when it got there (from the server, or drawn by script).
				const seen = new MutationObserver(() => {
					if (document.querySelector('.app-chart svg[role="img"]')) {
						w.__chart = performance.now();
						seen.disconnect();
					}
				});
				seen.observe(document, { childList: true, subtree: true });
				new PerformanceObserver((list) => {
					for (const e of list.getEntries()) w.__lcp = e.startTime;
				}).observe({ type: 'largest-contentful-paint', buffered: true });
				new PerformanceObserver((list) => {
					for (const e of list.getEntries() as (PerformanceEntry & {
						value: number;
						hadRecentInput: boolean;
					})[])
						if (!e.hadRecentInput) w.__cls += e.value;
				}).observe({ type: 'layout-shift', buffered: true });
			});
			await page.goto(base + p, { waitUntil: 'networkidle' });
			// Let charts draw, then read the figures.
			await page.waitForTimeout(500);
			const v = await page.evaluate(() => {
				const w = window as unknown as { __lcp: number; __cls: number; __chart: number | null };
				const fcp = performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? 0;
				return { lcp: w.__lcp, cls: w.__cls, chart: w.__chart, fcp };
			});
			out.push({
				role,
				path: p,
				fcp: v.fcp,
				chart: v.chart,
				lcp: v.lcp,
				cls: v.cls,
				jsBytes: [...scripts.values()].reduce((a, b) => a + b, 0),
				jsFiles: scripts.size
			});
			await context.close();
		}
	} finally {
		await browser.close();
	}
	return out;
}
