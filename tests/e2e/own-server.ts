// A second server for tests that change its data under it (swaps, missing and corrupt files):
// the same build the other tests use, on its own port, reading its own files.
import { spawn, type ChildProcess } from 'node:child_process';

export interface OwnServer {
	base: string;
	process: ChildProcess;
}

export function startOwnServer(o: { port: number; db: string; appDb: string }): OwnServer {
	const base = `http://127.0.0.1:${o.port}`;
	const child = spawn('node', ['build'], {
		stdio: 'ignore',
		env: {
			...process.env,
			PORT: String(o.port),
			HOST: '127.0.0.1',
			ORIGIN: base,
			OVERSIGHT_DB: o.db,
			OVERSIGHT_APP_DB: o.appDb
		}
	});
	return { base, process: child };
}

/** The health check's status, or 0 while the server is not yet listening. */
export async function healthStatus(base: string): Promise<number> {
	return (await fetch(`${base}/healthz`).catch(() => null))?.status ?? 0;
}
