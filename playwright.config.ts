// End-to-end tests: Playwright drives Debian's Chromium (never a downloaded browser) against the
// built server (`node build`) on a private port, reading a database prepared by scripts/e2e.js.
import path from 'node:path';
import { defineConfig } from '@playwright/test';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from './scripts/lib/chromium';

const root = import.meta.dirname;
const port = Number(process.env.E2E_PORT ?? 4173);
const tmp = path.join(root, 'tests/.tmp/e2e');

export default defineConfig({
	testDir: path.join(root, 'tests/e2e'),
	outputDir: path.join(root, 'test-results'),
	fullyParallel: false,
	workers: 2,
	retries: 0,
	reporter: [['list']],
	timeout: 30_000,
	// Two workers share two cores with the server; a cold first page can take a few seconds.
	expect: { timeout: 15_000 },
	use: {
		baseURL: `http://127.0.0.1:${port}`,
		browserName: 'chromium',
		locale: 'en-GB',
		timezoneId: 'Europe/London',
		launchOptions: {
			executablePath: CHROMIUM_PATH,
			args: [...CHROMIUM_ARGS, '--disable-sync', '--disable-quic']
		}
	},
	webServer: {
		command: 'node build',
		cwd: root,
		url: `http://127.0.0.1:${port}/healthz`,
		reuseExistingServer: false,
		timeout: 60_000,
		stdout: 'pipe',
		env: {
			PORT: String(port),
			HOST: '127.0.0.1',
			ORIGIN: `http://127.0.0.1:${port}`,
			OVERSIGHT_DB: path.join(tmp, 'oversight.duckdb'),
			OVERSIGHT_PUBLISHED_DB: path.join(tmp, 'published.duckdb'),
			OVERSIGHT_APP_DB: path.join(tmp, 'app.sqlite')
		}
	}
});
