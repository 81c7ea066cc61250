// Runs the end-to-end tests: checks Chromium is installed (failing loudly, never skipping),
// builds the server, prepares the test database, then hands over to Playwright.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';

const chromium = process.env.OVERSIGHT_CHROMIUM || '/usr/bin/chromium';
if (!fs.existsSync(chromium)) {
	console.error(
		`e2e: Chromium not found at ${chromium}; install it with "apt-get update && apt-get install -y chromium" (or set OVERSIGHT_CHROMIUM).`
	);
	process.exit(1);
}

/** @param {string} cmd @param {string[]} args */
function run(cmd, args) {
	const r = spawnSync(cmd, args, { stdio: 'inherit', env: process.env });
	if (r.status !== 0) process.exit(r.status ?? 1);
}

run('npx', ['vite', 'build', '--logLevel', 'warn']);
run('npx', ['tsx', 'tests/fixtures/prepare-e2e.ts']);
run('npx', ['playwright', 'test', ...process.argv.slice(2)]);
