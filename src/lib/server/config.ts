// The one place that reads the environment. The server, every script and the tests import
// this module, so a setting means the same thing everywhere. Relative paths resolve against
// the project root (the working directory of `npm start`, `npm test` and the scripts).
import path from 'node:path';

export interface Config {
	/** TCP port the web server listens on. */
	port: number;
	/** The DuckDB analytics file the server reads and the loader replaces. */
	analyticsDbPath: string;
	/** The DuckDB file of DfE's published statistics (`npm run published` replaces it). */
	publishedDbPath: string;
	/** The SQLite file for users, sessions, audit log and other app state. */
	appDbPath: string;
	/** Minutes without a request after which a session ends. */
	sessionIdleMinutes: number;
	/** Hours after sign-in after which a session ends. */
	sessionHours: number;
	/** Seconds a page's analytics work may take before it is stopped. */
	queryTimeoutSeconds: number;
	/** Analytics units of work running at once, for everyone together. */
	maxQueries: number;
	/** Analytics units of work one user may have running at once. */
	maxQueriesPerUser: number;
	/** Replaced submissions kept per authority, so that they can be put back. */
	submissionsKept: number;
	/**
	 * Seconds a newly loaded file may spend having its opening pages computed before it is put
	 * in service regardless (the file in service serves meanwhile).
	 */
	prepareSeconds: number;
	/** The Chromium executable that prints the board pack. */
	chromiumPath: string;
	/**
	 * Where the server itself answers, for the board-pack printer to fetch the report's style
	 * sheets and fonts (public files only): this process's own port on the loopback by default.
	 */
	internalUrl: string;
	/** Seconds one board pack may take to print before it is abandoned. */
	pdfSeconds: number;
	/** The address people use (adapter-node's ORIGIN), for links in email. */
	origin: string;
	/** The mail server digests go through (smtp:// or smtps://), or null: the in-app outbox. */
	smtpUrl: string | null;
	/** The sender digests come from. */
	mailFrom: string | null;
}

function positiveInt(name: string, raw: string | undefined, fallback: number): number {
	if (raw === undefined || raw === '') return fallback;
	const n = Number(raw);
	if (!Number.isInteger(n) || n <= 0 || n > 65535) {
		throw new Error(`${name} must be a whole number between 1 and 65535, got "${raw}"`);
	}
	return n;
}

function filePath(raw: string | undefined, fallback: string): string {
	return path.resolve(raw && raw.trim() !== '' ? raw : fallback);
}

/**
 * The server's own address as seen from its machine: OVERSIGHT_INTERNAL_URL if given (needed
 * when it listens on a socket), else the host it listens on (the loopback when that is every
 * interface) and its port.
 */
function internalUrl(env: NodeJS.ProcessEnv): string {
	const given = env.OVERSIGHT_INTERNAL_URL?.trim();
	if (given) {
		const url = new URL(given);
		if (url.protocol !== 'http:' && url.protocol !== 'https:') {
			throw new Error(`OVERSIGHT_INTERNAL_URL must be an http or https address, got "${given}"`);
		}
		return url.origin;
	}
	const host = env.HOST && !['0.0.0.0', '::', ''].includes(env.HOST) ? env.HOST : '127.0.0.1';
	return `http://${host.includes(':') ? `[${host}]` : host}:${positiveInt('PORT', env.PORT, 3000)}`;
}

/** The mail server and sender for digests: both, or neither (messages stay in the outbox). */
function mail(env: NodeJS.ProcessEnv): Pick<Config, 'smtpUrl' | 'mailFrom'> {
	const smtpUrl = env.OVERSIGHT_SMTP_URL?.trim() || null;
	const mailFrom = env.OVERSIGHT_MAIL_FROM?.trim() || null;
	if (smtpUrl) {
		const protocol = URL.canParse(smtpUrl) ? new URL(smtpUrl).protocol : null;
		if (protocol !== 'smtp:' && protocol !== 'smtps:') {
			throw new Error('OVERSIGHT_SMTP_URL must be an smtp:// or smtps:// address');
		}
		if (!mailFrom) throw new Error('OVERSIGHT_MAIL_FROM must be set with OVERSIGHT_SMTP_URL');
	}
	return { smtpUrl, mailFrom };
}

/** Reads the configuration from an environment (process.env by default). */
export function readConfig(env: NodeJS.ProcessEnv = process.env): Config {
	return {
		port: positiveInt('PORT', env.PORT, 3000),
		analyticsDbPath: filePath(env.OVERSIGHT_DB, 'data/oversight.duckdb'),
		publishedDbPath: filePath(env.OVERSIGHT_PUBLISHED_DB, 'data/published.duckdb'),
		appDbPath: filePath(env.OVERSIGHT_APP_DB, 'data/app.sqlite'),
		sessionIdleMinutes: positiveInt(
			'OVERSIGHT_SESSION_IDLE_MINUTES',
			env.OVERSIGHT_SESSION_IDLE_MINUTES,
			30
		),
		sessionHours: positiveInt('OVERSIGHT_SESSION_HOURS', env.OVERSIGHT_SESSION_HOURS, 12),
		queryTimeoutSeconds: positiveInt(
			'OVERSIGHT_QUERY_TIMEOUT_SECONDS',
			env.OVERSIGHT_QUERY_TIMEOUT_SECONDS,
			30
		),
		maxQueries: positiveInt('OVERSIGHT_MAX_QUERIES', env.OVERSIGHT_MAX_QUERIES, 4),
		maxQueriesPerUser: positiveInt(
			'OVERSIGHT_MAX_QUERIES_PER_USER',
			env.OVERSIGHT_MAX_QUERIES_PER_USER,
			2
		),
		submissionsKept: positiveInt('OVERSIGHT_SUBMISSIONS_KEPT', env.OVERSIGHT_SUBMISSIONS_KEPT, 3),
		prepareSeconds: positiveInt('OVERSIGHT_PREPARE_SECONDS', env.OVERSIGHT_PREPARE_SECONDS, 60),
		chromiumPath: env.OVERSIGHT_CHROMIUM || '/usr/bin/chromium',
		internalUrl: internalUrl(env),
		pdfSeconds: positiveInt('OVERSIGHT_PDF_SECONDS', env.OVERSIGHT_PDF_SECONDS, 60),
		origin: new URL(env.ORIGIN?.trim() || `http://localhost:${positiveInt('PORT', env.PORT, 3000)}`)
			.origin,
		...mail(env)
	};
}

let cached: Config | undefined;

/** The process's configuration, read once. */
export function config(): Config {
	cached ??= readConfig();
	return cached;
}
