// What leaders keep beside the figures, measured as the director meets it: their authority given
// a target on every measure, a change point with limits recalculated for one, published
// commentary on every headline measure and a log of actions, each through the pages' own form
// posts (timed); then how long a page takes when it is rendered afresh after a save (kept
// pages are keyed on the leaders' items, so a save makes every page of the area new again).
import http from 'node:http';
import { catalogue } from '../../src/lib/metrics/catalogue';
import { getPage, quantile } from './bench-web';

/** One form post as a browser without script sends it; its time to the last byte. */
function postForm(
	base: string,
	p: string,
	cookie: string,
	fields: Record<string, string>
): Promise<{ ms: number; status: number }> {
	const body = new URLSearchParams(fields).toString();
	const t = performance.now();
	return new Promise((resolve, reject) => {
		const req = http.request(
			base + p,
			{
				method: 'POST',
				headers: {
					cookie,
					origin: base,
					accept: 'text/html',
					'content-type': 'application/x-www-form-urlencoded',
					'content-length': Buffer.byteLength(body)
				}
			},
			(res) => {
				res.resume();
				res.on('end', () => resolve({ ms: performance.now() - t, status: res.statusCode ?? 0 }));
				res.on('error', reject);
			}
		);
		req.on('error', reject);
		req.end(body);
	});
}

export interface LeadershipTimings {
	/** Every save, including those made before each page timed after a save. */
	saves: { count: number; median: number; p95: number };
	actions: number;
	afterSave: { path: string; median: number; p95: number }[];
}

const ACTIONS = 20;
const AFTER_SAVE_RUNS = 10;

export async function leadershipEdits(base: string, cookie: string): Promise<LeadershipTimings> {
	const home = await fetch(`${base}/`, { headers: { cookie } });
	const la = /\b([A-Z]\d{8})\b/.exec(await home.text())?.[1];
	if (!la) throw new Error("the director's authority was not found on the overview");
	const area = `la:${la}`;
	const saves: number[] = [];
	const save = async (p: string, action: string, fields: Record<string, string>) => {
		const r = await postForm(base, `${p}?/${action}`, cookie, { area, ...fields });
		if (r.status !== 200) throw new Error(`${p} ${action} answered ${r.status}`);
		saves.push(r.ms);
	};
	for (const d of catalogue)
		await save(`/metrics/${d.id}`, 'target', {
			value: d.unit === '%' ? '80' : '10',
			from: '2021-04'
		});
	await save('/metrics/icpc_15wd', 'change', {
		month: '2023-04',
		label: 'Multi-agency child protection team went live',
		recalculate: 'on'
	});
	const month = /name="month" value="(\d{4}-\d{2})"/.exec(
		await (await fetch(`${base}/metrics/icpc_15wd`, { headers: { cookie } })).text()
	)?.[1];
	if (!month) throw new Error('the measure page offered no commentary month');
	for (const d of catalogue.filter((c) => c.headline))
		await save(`/metrics/${d.id}`, 'commentary', {
			month,
			basedOn: '',
			publish: 'true',
			body: `What ${d.title.toLowerCase()} shows this month, and what the partnership is doing about it.`
		});
	for (let i = 0; i < ACTIONS; i++)
		await save('/actions', 'raise', {
			month,
			metric: catalogue[i % catalogue.length]!.id,
			title: `Action ${i + 1} agreed at the board`,
			agency: (['local_authority', 'police', 'health'] as const)[i % 3]!,
			owner: 'Head of Service',
			due: i % 4 === 0 ? '2024-01-31' : '2099-06-30'
		});

	const afterSave = [];
	for (const p of ['/', '/metrics/icpc_15wd']) {
		const ms: number[] = [];
		for (let i = 0; i < AFTER_SAVE_RUNS; i++) {
			await save('/metrics/icpc_15wd', 'target', { value: String(80 + (i % 5)), from: '2021-04' });
			const r = await getPage(base, p, cookie);
			if (r.status !== 200) throw new Error(`${p} answered ${r.status}`);
			ms.push(r.ms);
		}
		afterSave.push({ path: p, median: quantile(ms, 0.5), p95: quantile(ms, 0.95) });
	}
	return {
		saves: { count: saves.length, median: quantile(saves, 0.5), p95: quantile(saves, 0.95) },
		actions: ACTIONS,
		afterSave
	};
}
