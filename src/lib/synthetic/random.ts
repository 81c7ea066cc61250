// A small, fast, seeded random number generator (sfc32) and the draws the synthetic model
// needs. The same seed always gives the same sequence, on every machine.

function hashSeed(text: string): [number, number, number, number] {
	// cyrb128: spreads a string over four 32-bit words.
	let h1 = 1779033703,
		h2 = 3144134277,
		h3 = 1013904242,
		h4 = 2773480762;
	for (let i = 0; i < text.length; i++) {
		const k = text.charCodeAt(i);
		h1 = h2 ^ Math.imul(h1 ^ k, 597399067);
		h2 = h3 ^ Math.imul(h2 ^ k, 2869860233);
		h3 = h4 ^ Math.imul(h3 ^ k, 951274213);
		h4 = h1 ^ Math.imul(h4 ^ k, 2716044179);
	}
	h1 = Math.imul(h3 ^ (h1 >>> 18), 597399067);
	h2 = Math.imul(h4 ^ (h2 >>> 22), 2869860233);
	h3 = Math.imul(h1 ^ (h3 >>> 17), 951274213);
	h4 = Math.imul(h2 ^ (h4 >>> 19), 2716044179);
	return [(h1 ^ h2 ^ h3 ^ h4) >>> 0, (h2 ^ h1) >>> 0, (h3 ^ h1) >>> 0, (h4 ^ h1) >>> 0];
}

export class Random {
	private a: number;
	private b: number;
	private c: number;
	private d: number;
	private spare: number | null = null;

	constructor(seed: string) {
		[this.a, this.b, this.c, this.d] = hashSeed(seed);
		for (let i = 0; i < 12; i++) this.next();
	}

	/** Uniform in [0, 1). */
	next(): number {
		const t = (((this.a + this.b) | 0) + this.d) | 0;
		this.d = (this.d + 1) | 0;
		this.a = this.b ^ (this.b >>> 9);
		this.b = (this.c + (this.c << 3)) | 0;
		this.c = (this.c << 21) | (this.c >>> 11);
		this.c = (this.c + t) | 0;
		return (t >>> 0) / 4294967296;
	}

	chance(p: number): boolean {
		return this.next() < p;
	}

	/** Integer in [min, max]. */
	int(min: number, max: number): number {
		return min + Math.floor(this.next() * (max - min + 1));
	}

	uniform(min: number, max: number): number {
		return min + this.next() * (max - min);
	}

	normal(mean = 0, sd = 1): number {
		if (this.spare !== null) {
			const s = this.spare;
			this.spare = null;
			return mean + sd * s;
		}
		let u = 0,
			v = 0,
			s = 0;
		do {
			u = this.next() * 2 - 1;
			v = this.next() * 2 - 1;
			s = u * u + v * v;
		} while (s >= 1 || s === 0);
		const m = Math.sqrt((-2 * Math.log(s)) / s);
		this.spare = v * m;
		return mean + sd * u * m;
	}

	/** Poisson count with mean `lambda` (normal approximation above 50). */
	poisson(lambda: number): number {
		if (lambda <= 0) return 0;
		if (lambda > 50) return Math.max(0, Math.round(this.normal(lambda, Math.sqrt(lambda))));
		const l = Math.exp(-lambda);
		let k = 0,
			p = 1;
		do {
			k++;
			p *= this.next();
		} while (p > l);
		return k - 1;
	}

	pick<T>(items: readonly T[]): T {
		return items[Math.floor(this.next() * items.length)]!;
	}
}

/** Draws from a fixed discrete distribution in O(log n). */
export class Categorical<T> {
	private readonly cumulative: number[];
	constructor(
		readonly values: readonly T[],
		weights: readonly number[]
	) {
		const total = weights.reduce((a, b) => a + b, 0);
		let acc = 0;
		this.cumulative = weights.map((w) => (acc += w / total));
	}

	draw(rng: Random): T {
		const u = rng.next();
		let lo = 0,
			hi = this.cumulative.length - 1;
		while (lo < hi) {
			const mid = (lo + hi) >> 1;
			if (u < this.cumulative[mid]!) hi = mid;
			else lo = mid + 1;
		}
		return this.values[lo]!;
	}
}

export const clamp = (x: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, x));
