// Signs in over HTTP through the real sign-in form, as a browser without script would: for the
// benchmark and for tests that drive a server of their own.

export function postSignIn(base: string, email: string, password: string): Promise<Response> {
	return fetch(`${base}/login`, {
		method: 'POST',
		redirect: 'manual',
		headers: {
			'content-type': 'application/x-www-form-urlencoded',
			origin: base,
			accept: 'text/html'
		},
		body: new URLSearchParams({ email, password }).toString()
	});
}

/** Signs in and returns the session cookie (`session=…`), or throws. */
export async function signInCookie(base: string, email: string, password: string) {
	const res = await postSignIn(base, email, password);
	const cookie = res.headers.getSetCookie().find((c) => c.startsWith('session='));
	if (res.status !== 303 || !cookie) throw new Error(`sign-in as ${email} failed (${res.status})`);
	return cookie.split(';')[0]!;
}
