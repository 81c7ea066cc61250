// The board pack in the benchmark: time to print `/report.pdf` for a viewer (the first print
// of a start includes launching Chromium), its pages and size, the memory the printing
// browser takes at its peak, and a check that every tile figure of the report page is in the
// file's text.
import fs from 'node:fs';
import { pdfTextByPage } from '../../src/lib/server/pdf/pdf-pages';
import { quantile, type Server } from './bench-web';

export interface PackBench {
	role: string;
	/** The first print after the server started, in ms (Chromium starts with it). */
	first: number;
	median: number;
	max: number;
	pages: number;
	bytes: number;
	/** Tile figures of the report page found in the file's text, of all the page shows. */
	figuresFound: number;
	figuresShown: number;
}

/** Processes descended from `pid` (the server's printing browser and its helpers). */
function descendants(pid: number): number[] {
	const parent = new Map<number, number>();
	for (const d of fs.readdirSync('/proc')) {
		if (!/^\d+$/.test(d)) continue;
		try {
			const stat = fs.readFileSync(`/proc/${d}/stat`, 'utf8');
			// The command name is in parentheses and may hold spaces: the fields follow its close.
			const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
			parent.set(Number(d), ppid);
		} catch {
			// gone meanwhile
		}
	}
	const out: number[] = [];
	const walk = (p: number) => {
		for (const [child, pp] of parent) {
			if (pp !== p) continue;
			out.push(child);
			walk(child);
		}
	};
	walk(pid);
	return out;
}

/**
 * The memory the processes take together: their proportional set sizes, so pages they share
 * (Chromium's processes share much) are counted once between them, not once each.
 */
function proportionalMb(pids: number[]): number {
	let kb = 0;
	for (const p of pids) {
		try {
			kb += Number(
				/^Pss:\s+(\d+)/m.exec(fs.readFileSync(`/proc/${p}/smaps_rollup`, 'utf8'))?.[1] ?? 0
			);
		} catch {
			// gone meanwhile
		}
	}
	return kb / 1024;
}

/** Samples the memory of the server's child processes until stopped; the peak, MB. */
export function watchChildMemory(server: Server) {
	let peak = 0;
	const timer = setInterval(() => {
		peak = Math.max(peak, proportionalMb(descendants(server.process.pid!)));
	}, 100);
	return {
		stop(): number {
			clearInterval(timer);
			return Math.round(peak);
		}
	};
}

async function timedPack(base: string, query: string, cookie: string) {
	const t = performance.now();
	const res = await fetch(`${base}/report.pdf${query}`, { headers: { cookie } });
	const body = new Uint8Array(await res.arrayBuffer());
	if (res.status !== 200) throw new Error(`/report.pdf${query} answered ${res.status}`);
	return { ms: performance.now() - t, body };
}

export async function boardPacks(
	base: string,
	role: string,
	cookie: string,
	runs: number
): Promise<PackBench> {
	const query = '';
	const first = await timedPack(base, query, cookie);
	const times: number[] = [];
	for (let i = 0; i < runs; i++) times.push((await timedPack(base, query, cookie)).ms);
	const html = await (
		await fetch(`${base}/report${query}`, { headers: { cookie, accept: 'text/html' } })
	).text();
	const shown = [...html.matchAll(/data-value[^>]*>([^<]+)</g)].map((m) => m[1]!.trim());
	const pages = await pdfTextByPage(first.body);
	const text = pages.join(' ');
	return {
		role,
		first: first.ms,
		median: quantile(times, 0.5),
		max: Math.max(...times),
		pages: pages.length,
		bytes: first.body.length,
		figuresFound: shown.filter((f) => text.includes(f.replace(/&amp;/g, '&'))).length,
		figuresShown: shown.length
	};
}
