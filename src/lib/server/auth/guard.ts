// Which requests need a signed-in user: everything except signing in, the health check, the
// accessibility statement, a digest's unsubscribe link and static files. Deny by default: a new route is private unless it
// is added here.
const PUBLIC_PATHS = [
	/^\/login\/?$/,
	/^\/healthz\/?$/,
	/^\/accessibility\/?$/,
	/^\/favicon\.svg$/,
	/^\/robots\.txt$/,
	// An unsubscribe link from a digest: it carries its own key and changes only that.
	/^\/digest\/unsubscribe\/?$/,
	/^\/_app\//
];

export function isPublicPath(pathname: string): boolean {
	return PUBLIC_PATHS.some((p) => p.test(pathname));
}

/**
 * Where to go after sign-in: `next` read as a URL against this site's origin, kept only when it
 * stays on this origin (anything else, or anything that does not parse, goes home). Parsing as
 * a browser would is what makes `/\t/evil.example` or `/\\evil.example` resolve to another
 * host and so be refused; the path returned is re-serialised, so it never carries a raw control
 * character into a Location header.
 */
export function safeReturnPath(next: string | null | undefined, origin: string): string {
	if (!next || !next.startsWith('/')) return '/';
	let url: URL;
	try {
		url = new URL(next, origin);
	} catch {
		return '/';
	}
	if (url.origin !== new URL(origin).origin) return '/';
	if (/^\/(login|logout)(\/|$)/.test(url.pathname)) return '/';
	return `${url.pathname}${url.search}${url.hash}`;
}
