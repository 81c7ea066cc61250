import adapter from '@sveltejs/adapter-node';
import { vitePreprocess } from '@sveltejs/vite-plugin-svelte';

/** @type {import('@sveltejs/kit').Config} */
const config = {
	preprocess: vitePreprocess(),
	kit: {
		adapter: adapter({ out: 'build' }),
		// Posts from another origin are refused by the server's own hook (src/hooks.server.ts) for
		// every content type, form or not. It makes one exception SvelteKit's own check cannot: a
		// mail program's one-click unsubscribe (RFC 8058), which posts without an Origin and
		// carries its own key instead of a session.
		csrf: { trustedOrigins: ['*'] },
		// Scripts carry a hash; no inline script runs without one. Hashes rather than nonces, so
		// a page is the same bytes each time it is made for the same viewer (and can be kept
		// for them: src/lib/server/page-cache.ts). Observable Plot writes a <style> element and
		// style attributes into its SVG, hence 'unsafe-inline' for styles only.
		csp: {
			mode: 'hash',
			directives: {
				'default-src': ['self'],
				'script-src': ['self'],
				'style-src': ['self', 'unsafe-inline'],
				'img-src': ['self', 'data:'],
				'font-src': ['self'],
				'connect-src': ['self'],
				'object-src': ['none'],
				'base-uri': ['self'],
				'form-action': ['self'],
				'frame-ancestors': ['none']
			}
		}
	}
};

export default config;
