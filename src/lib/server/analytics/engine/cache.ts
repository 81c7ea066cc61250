// The metric engine's result cache. A key names everything an answer depends on: the data
// version, the viewer's role and the authorities they hold, the scope asked for and every
// option of the request — so one viewer's answer can never be served to a viewer with another
// scope, and an answer about old data is never served after a load. Entries of other data
// versions are dropped as soon as a new version is seen. Answers are frozen, so no caller can
// change what the next caller receives. Concurrent identical requests share one computation.
export interface CacheStats {
	hits: number;
	misses: number;
	entries: number;
	version: string | null;
}

export class ResultCache<T> {
	private readonly entries = new Map<string, Promise<T>>();
	private version: string | null = null;
	private hits = 0;
	private misses = 0;

	constructor(private readonly maxEntries = 2000) {}

	async get(version: string, key: string, compute: () => Promise<T>): Promise<T> {
		// Data versions are named by load time, so they sort in load order. A request still
		// finishing on the previous file (during a swap) is answered but not cached, so the
		// cache does not flip between versions.
		if (this.version !== null && version < this.version) return deepFreeze(await compute());
		if (version !== this.version) {
			this.entries.clear();
			this.version = version;
		}
		const found = this.entries.get(key);
		if (found) {
			this.hits++;
			// Most recently used last, so the oldest is the first to go.
			this.entries.delete(key);
			this.entries.set(key, found);
			return found;
		}
		this.misses++;
		const pending = compute().then(deepFreeze);
		this.entries.set(key, pending);
		// A failure is not an answer: the next request tries again.
		pending.catch(() => {
			if (this.entries.get(key) === pending) this.entries.delete(key);
		});
		while (this.entries.size > this.maxEntries) {
			this.entries.delete(this.entries.keys().next().value!);
		}
		return pending;
	}

	clear(): void {
		this.entries.clear();
		this.version = null;
	}

	stats(): CacheStats {
		return {
			hits: this.hits,
			misses: this.misses,
			entries: this.entries.size,
			version: this.version
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
