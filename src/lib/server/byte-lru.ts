// A map that keeps its most recently used entries within a size budget: the server's kept
// drawings, compressed bodies and pages. Reading an entry makes it the most recent; adding one
// drops the least recently used until the total fits.
export class ByteBoundedLru<V> {
	private readonly entries = new Map<string, V>();
	private held = 0;

	constructor(
		private readonly budget: number,
		private readonly sizeOf: (value: V) => number
	) {}

	get(key: string): V | undefined {
		const value = this.entries.get(key);
		if (value !== undefined) {
			this.entries.delete(key);
			this.entries.set(key, value);
		}
		return value;
	}

	set(key: string, value: V): void {
		this.delete(key);
		this.entries.set(key, value);
		this.held += this.sizeOf(value);
		for (const [k, v] of this.entries) {
			if (this.held <= this.budget) break;
			this.entries.delete(k);
			this.held -= this.sizeOf(v);
		}
	}

	delete(key: string): void {
		const previous = this.entries.get(key);
		if (previous === undefined) return;
		this.entries.delete(key);
		this.held -= this.sizeOf(previous);
	}

	clear(): void {
		this.entries.clear();
		this.held = 0;
	}

	get size(): number {
		return this.entries.size;
	}
}
