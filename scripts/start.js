// `npm start`: the embedded default. Builds the server when the build is missing or older than
// the source; when no analytics database exists, generates the synthetic demonstration extract
// into data/demo and loads it; when no published-figures store exists, reads DfE's published
// statistics shipped in data/published into one; then serves on PORT (default 3000).
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const root = process.cwd();
const stamp = path.join(root, 'build', '.source-stamp');

/** Newest modification time among the files that go into the build. @param {string} p */
function newest(p) {
	if (!fs.existsSync(p)) return 0;
	const s = fs.statSync(p);
	if (!s.isDirectory()) return s.mtimeMs;
	let m = 0;
	for (const e of fs.readdirSync(p)) m = Math.max(m, newest(path.join(p, e)));
	return m;
}

/** @param {string} cmd @param {string[]} args */
function run(cmd, args) {
	const r = spawnSync(cmd, args, { stdio: 'inherit' });
	if (r.status !== 0) process.exit(r.status ?? 1);
}

const inputs = ['src', 'static', 'svelte.config.js', 'vite.config.ts', 'package-lock.json'];
const sourceTime = Math.max(...inputs.map((p) => newest(path.join(root, p))));
const builtTime = fs.existsSync(stamp) ? Number(fs.readFileSync(stamp, 'utf8')) : 0;

if (!fs.existsSync(path.join(root, 'build', 'index.js')) || builtTime < sourceTime) {
	console.log('Building the server…');
	run('npx', ['vite', 'build', '--logLevel', 'error']);
	fs.writeFileSync(stamp, String(sourceTime));
}

const db = path.resolve(process.env.OVERSIGHT_DB || 'data/oversight.duckdb');
if (!fs.existsSync(db)) {
	const demo = path.join(root, 'data', 'demo');
	console.log(
		'No data loaded yet: generating the synthetic demonstration extract (fictional authorities)…'
	);
	if (!fs.existsSync(path.join(demo, 'manifest.json'))) {
		run('npx', ['tsx', 'scripts/generate.ts', '--out', demo]);
	}
	run('npx', ['tsx', 'scripts/load.ts', demo, '--db', db]);
}

const published = path.resolve(process.env.OVERSIGHT_PUBLISHED_DB || 'data/published.duckdb');
if (!fs.existsSync(published)) {
	console.log('Reading DfE’s published statistics for every authority in England…');
	run('npx', [
		'tsx',
		'scripts/published.ts',
		path.join(root, 'data', 'published'),
		'--db',
		published
	]);
}

const port = process.env.PORT || '3000';
// The server checks that form posts come from its own origin. Behind a TLS proxy set ORIGIN
// (e.g. https://oversight.example.gov.uk); on this machine it is plain http on localhost.
process.env.ORIGIN ||= `http://localhost:${port}`;
console.log(`CP Oversight is starting on ${process.env.ORIGIN}`);
console.log(
	'Sign in with an account from `npm run users`, or while the data is synthetic with a demonstration account listed on the sign-in page.'
);
await import(path.join(root, 'build', 'index.js'));
