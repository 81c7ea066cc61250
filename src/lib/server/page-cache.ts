// Dashboard pages as rendered, kept for the same viewer asking the same address again. A page
// is a pure function of what goes into its key: the account and everything that decides what
// it may see (role, authorities, agency), the address with its query, the analytics and
// published data versions the request reads, the version of leaders' targets and change
// points, the chart width the browser asked for and the day. So a kept page is byte for byte what rendering it again would give that viewer, and no
// other viewer's request can reach it. Only the dashboard's own pages and their page data are
// kept, only when answered 200 without setting a cookie, never anything an administrator
// manages. The audit log records a kept page exactly as it recorded the first rendering.
import { createHash } from 'node:crypto';
import { themes } from '$lib/metrics/themes';
import type { User } from './db/schema';
import { ByteBoundedLru } from './byte-lru';
import type { AuditNote } from './request';

// Not the board report: it says when it was generated.
const PAGES = [
	...themes.map((t) => t.id),
	'compare',
	'published',
	'reform',
	'reform/evaluation'
].join('|');
const KEPT_PATHS = new RegExp(
	`^/(?:(?:${PAGES}|metrics/[a-z0-9_]+|la/[A-Z0-9]+)(?:/__data\\.json)?|__data\\.json)?$`
);

/** Whether a request is for a page that may be kept. */
export function mayKeep(method: string, pathname: string): boolean {
	return method === 'GET' && KEPT_PATHS.test(pathname);
}

export interface KeyParts {
	user: Pick<User, 'id' | 'role' | 'laCodes' | 'agency'>;
	/** The address as the request gave it (page data's suffix and parameters included). */
	url: URL;
	dataVersion: string | null;
	publishedVersion: string | null;
	/** Moves whenever leaders change a target or change point (leadership/store.ts). */
	leadershipVersion: string;
	chartWidth: string | undefined;
	now: Date;
}

export function pageKey(p: KeyParts): string {
	return createHash('sha256')
		.update(
			JSON.stringify([
				p.user.id,
				p.user.role,
				p.user.laCodes,
				p.user.agency,
				p.url.pathname,
				p.url.search,
				p.dataVersion,
				p.publishedVersion,
				p.leadershipVersion,
				p.chartWidth ?? null,
				p.now.toISOString().slice(0, 10)
			])
		)
		.digest('base64url');
}

interface KeptPage {
	status: number;
	headers: [string, string][];
	body: Uint8Array;
	audit: AuditNote | undefined;
}

export class PageCache {
	private readonly pages: ByteBoundedLru<KeptPage>;
	hits = 0;
	misses = 0;

	constructor(private readonly budgetBytes: number) {
		this.pages = new ByteBoundedLru(budgetBytes, (page) => page.body.byteLength);
	}

	/** The kept page as a new response, with its audit note; undefined if none. */
	take(key: string): { response: Response; audit: AuditNote | undefined } | undefined {
		const page = this.pages.get(key);
		if (!page) {
			this.misses++;
			return undefined;
		}
		this.hits++;
		return {
			response: new Response(page.body.slice(), { status: page.status, headers: page.headers }),
			audit: page.audit
		};
	}

	/**
	 * Keeps a response if it may be kept, and returns one to send in its place (the body has
	 * been read).
	 */
	async keep(key: string, response: Response, audit: AuditNote | undefined): Promise<Response> {
		if (response.status !== 200 || response.headers.has('set-cookie') || !response.body)
			return response;
		const body = new Uint8Array(await response.arrayBuffer());
		const page: KeptPage = {
			status: response.status,
			headers: [...response.headers],
			body,
			audit
		};
		// A page larger than an eighth of the budget is sent but not kept.
		if (body.byteLength <= this.budgetBytes / 8) this.pages.set(key, page);
		else this.pages.delete(key);
		return new Response(body, { status: page.status, headers: page.headers });
	}

	get size(): number {
		return this.pages.size;
	}
}
