// Which requests need a signed-in user: everything except signing in, the health check, the
// accessibility statement and static files. Deny by default: a new route is private unless it
// is added here.
const PUBLIC_PATHS = [
	/^\/login\/?$/,
	/^\/healthz\/?$/,
	/^\/accessibility\/?$/,
	/^\/favicon\.svg$/,
	/^\/robots\.txt$/,
	/^\/_app\//
];

export function isPublicPath(pathname: string): boolean {
	return PUBLIC_PATHS.some((p) => p.test(pathname));
}

/** A same-site path to return to after sign-in; anything else (other hosts, `//x`) goes home. */
export function safeReturnPath(next: string | null | undefined): string {
	if (!next || !next.startsWith('/') || next.startsWith('//') || next.startsWith('/\\')) return '/';
	if (next.startsWith('/login') || next.startsWith('/logout')) return '/';
	return next;
}
