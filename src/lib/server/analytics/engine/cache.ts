// The metric engine's result cache. A key names everything an answer depends on: the data
// version, the viewer's role and the authorities they hold, the scope asked for and every
// option of the request — so one viewer's answer can never be served to a viewer with another
// scope, and an answer about old data is never served as the new data's. Answers of the two
// newest data versions are kept: while a newly loaded file is being prepared (its answers
// computed before it is put in service), the file still in service keeps its answers; older
// versions are dropped as soon as a newer one is seen. Answers are frozen, so no caller can
// change what the next caller receives. Concurrent identical requests share one computation.
export interface CacheStats {
	hits: number;
	misses: number;
	entries: number;
	/** The newest data version seen. */
	version: string | null;
}

/** Data versions whose answers are kept: the one in service and the one being prepared. */
const VERSIONS_KEPT = 2;

export class ResultCache<T> {
	private readonly entries = new Map<string, Promise<T>>();
	/** Versions with answers kept, oldest first. */
	private versions: string[] = [];
	private hits = 0;
	private misses = 0;

	constructor(private readonly maxEntries = 2000) {}

	async get(version: string, key: string, compute: () => Promise<T>): Promise<T> {
		// Data versions are named by load time, so they sort in load order. A request still
		// finishing on a file older than those kept is answered but not cached.
		if (!this.keep(version)) return deepFreeze(await compute());
		const entry = `${version}\u0000${key}`;
		const found = this.entries.get(entry);
		if (found) {
			this.hits++;
			// Most recently used last, so the oldest is the first to go.
			this.entries.delete(entry);
			this.entries.set(entry, found);
			return found;
		}
		this.misses++;
		const pending = compute().then(deepFreeze);
		this.entries.set(entry, pending);
		// A failure is not an answer: the next request tries again.
		pending.catch(() => {
			if (this.entries.get(entry) === pending) this.entries.delete(entry);
		});
		while (this.entries.size > this.maxEntries) {
			this.entries.delete(this.entries.keys().next().value!);
		}
		return pending;
	}

	/** Whether answers about `version` are kept, dropping versions a newer one retires. */
	private keep(version: string): boolean {
		if (this.versions.includes(version)) return true;
		const newest = this.versions.at(-1);
		if (newest !== undefined && version < newest) return false;
		this.versions.push(version);
		while (this.versions.length > VERSIONS_KEPT) {
			const prefix = `${this.versions.shift()!}\u0000`;
			for (const k of this.entries.keys()) if (k.startsWith(prefix)) this.entries.delete(k);
		}
		return true;
	}

	clear(): void {
		this.entries.clear();
		this.versions = [];
	}

	stats(): CacheStats {
		return {
			hits: this.hits,
			misses: this.misses,
			entries: this.entries.size,
			version: this.versions.at(-1) ?? null
		};
	}
}

export function deepFreeze<T>(value: T): T {
	if (value && typeof value === 'object' && !Object.isFrozen(value)) {
		Object.freeze(value);
		for (const v of Object.values(value)) deepFreeze(v);
	}
	return value;
}

/** A stable text key for a plain JSON-like value: object keys sorted at every level. */
export function stableKey(value: unknown): string {
	if (Array.isArray(value)) return `[${value.map(stableKey).join(',')}]`;
	if (value && typeof value === 'object')
		return `{${Object.keys(value)
			.filter((k) => (value as Record<string, unknown>)[k] !== undefined)
			.sort()
			.map((k) => `${JSON.stringify(k)}:${stableKey((value as Record<string, unknown>)[k])}`)
			.join(',')}}`;
	return JSON.stringify(value);
}
