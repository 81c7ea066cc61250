// The adversary's arithmetic: integer bounds on unknown counts, tightened to a fixed point over
// linear equalities ("a total is the sum of its parts"). This is the interval attack statistical
// offices run against their own tables: every published figure narrows some sum; narrowing
// spreads to the parts and back up to other totals; a count whose lower and upper bounds meet
// has been recovered.
export class Bounds {
	readonly lo: number[] = [];
	readonly hi: number[] = [];
	private readonly names = new Map<string, number>();
	private readonly equalities: { total: number; parts: number[] }[] = [];

	/** The variable called `name`, created unbounded (at least 0) on first use. */
	node(name: string): number {
		let id = this.names.get(name);
		if (id === undefined) {
			id = this.lo.length;
			this.lo.push(0);
			this.hi.push(Infinity);
			this.names.set(name, id);
		}
		return id;
	}

	has(name: string): boolean {
		return this.names.has(name);
	}

	/** `total` = the sum of `parts`. */
	sum(total: number, parts: number[]): void {
		this.equalities.push({ total, parts });
	}

	/** Narrows a variable to [lo, hi]. */
	bound(id: number, lo: number, hi: number): void {
		this.lo[id] = Math.max(this.lo[id]!, Math.ceil(lo));
		this.hi[id] = Math.min(this.hi[id]!, Math.floor(hi));
	}

	/** Propagates to a fixed point (or `rounds` passes); returns whether the bounds stayed consistent. */
	propagate(rounds = 200): boolean {
		for (let r = 0; r < rounds; r++) {
			let changed = false;
			for (const { total, parts } of this.equalities) {
				// total = Σ parts: each side bounds the other.
				let loSum = 0;
				let hiSum = 0;
				let hiInf = 0;
				for (const p of parts) {
					loSum += this.lo[p]!;
					if (this.hi[p] === Infinity) hiInf++;
					else hiSum += this.hi[p]!;
				}
				changed = this.tighten(total, loSum, hiInf ? Infinity : hiSum) || changed;
				const tLo = this.lo[total]!;
				const tHi = this.hi[total]!;
				for (const p of parts) {
					const othersLo = loSum - this.lo[p]!;
					const othersHi =
						this.hi[p] === Infinity
							? hiInf > 1
								? Infinity
								: hiSum
							: hiInf
								? Infinity
								: hiSum - this.hi[p]!;
					changed = this.tighten(p, tLo - othersHi, tHi - othersLo) || changed;
				}
			}
			if (!changed) break;
		}
		return this.lo.every((l, i) => l <= this.hi[i]!);
	}

	private tighten(id: number, lo: number, hi: number): boolean {
		const newLo = Math.max(this.lo[id]!, Number.isFinite(lo) ? Math.ceil(lo) : this.lo[id]!);
		const newHi = Math.min(this.hi[id]!, Number.isFinite(hi) ? Math.floor(hi) : this.hi[id]!);
		if (newLo === this.lo[id] && newHi === this.hi[id]) return false;
		this.lo[id] = newLo;
		this.hi[id] = newHi;
		return true;
	}

	/** The value a variable is pinned to, or null. */
	pinned(name: string): number | null {
		const id = this.names.get(name);
		if (id === undefined) return null;
		return this.lo[id] === this.hi[id] ? this.lo[id]! : null;
	}
}

/**
 * The exact counts behind a value given beside rounded counts, if the value was computed from
 * exact counts and only one pair in the rounding intervals gives it. A value that equals the
 * rounded counts' own ratio says nothing more, and is left alone.
 */
export function invertRounding(
	value: number,
	numerator: number,
	denominator: number,
	scale: number
): { num: number; den: number } | null {
	if (denominator === 0) return null;
	const close = (a: number, b: number) => Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(b));
	if (close((scale * numerator) / denominator, value)) return null;
	const found: { num: number; den: number }[] = [];
	for (let d = Math.max(1, denominator - 5); d <= denominator + 4; d++)
		for (let n = Math.max(0, numerator - 5); n <= numerator + 4; n++)
			if (close((scale * n) / d, value)) found.push({ num: n, den: d });
	return found.length === 1 ? found[0]! : null;
}
