// The web half of the benchmark: the built server (`node build`) on a spare port, reading the
// benchmark database, measured as users meet it — server response times per page and role,
// sustained throughput under 20 concurrent clients (autocannon), and in Chromium the largest
// contentful paint, layout shift and JavaScript transferred per page — plus the server's peak
// resident memory, read from /proc.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
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

const quantile = (xs: number[], q: number) => {
	const s = [...xs].sort((a, b) => a - b);
	return s[Math.min(s.length - 1, Math.max(0, Math.ceil(q * s.length) - 1))]!;
};

export interface PageTiming {
	role: string;
	path: string;
	first: number;
	median: number;
	p95: number;
	bytes: number;
}

/** Time to the last byte of each page: the first request (cold cache), then `runs` repeats. */
export async function timePages(
	base: string,
	role: string,
	cookie: string,
	paths: string[],
	runs: number
): Promise<PageTiming[]> {
	const out: PageTiming[] = [];
	const get = async (p: string) => {
		const t = performance.now();
		const res = await fetch(base + p, { headers: { cookie }, redirect: 'manual' });
		const body = await res.arrayBuffer();
		if (res.status !== 200) throw new Error(`${p} answered ${res.status}`);
		return { ms: performance.now() - t, bytes: body.byteLength };
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
			bytes: first.bytes
		});
	}
	return out;
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
			headers: { cookie: q.cookie, accept: 'text/html' }
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
				const w = window as unknown as { __lcp: number; __cls: number };
				w.__lcp = 0;
				w.__cls = 0;
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
				const w = window as unknown as { __lcp: number; __cls: number };
				return { lcp: w.__lcp, cls: w.__cls };
			});
			out.push({
				role,
				path: p,
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
