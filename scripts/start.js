// `npm start`: the embedded default. Builds the server when the build is missing or older than
// the source, makes sure there is data to show, then serves on PORT (default 3000).
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

const inputs = ['src', 'static', 'svelte.config.js', 'vite.config.ts', 'package-lock.json'];
const sourceTime = Math.max(...inputs.map((p) => newest(path.join(root, p))));
const builtTime = fs.existsSync(stamp) ? Number(fs.readFileSync(stamp, 'utf8')) : 0;

if (!fs.existsSync(path.join(root, 'build', 'index.js')) || builtTime < sourceTime) {
	console.log('Building the server…');
	const r = spawnSync('npx', ['vite', 'build', '--logLevel', 'warn'], { stdio: 'inherit' });
	if (r.status !== 0) process.exit(r.status ?? 1);
	fs.writeFileSync(stamp, String(sourceTime));
}

const port = process.env.PORT || '3000';
console.log(`CP Oversight is starting on http://localhost:${port}`);
await import(path.join(root, 'build', 'index.js'));
