// Sign-in throttling, in memory (one server process), built so that it cannot be turned against
// an account's owner:
// - failures are counted per account *and* client address: 5 in any 15 minutes from one
//   address stop that address trying that account, while the owner, elsewhere, is not locked out;
// - 20 failures from one address in 15 minutes stop that address trying any account;
// - failures against one account from anywhere slow every further attempt at it (a delay that
//   doubles per failure, capped), which blunts guessing spread over many addresses without ever
//   refusing the owner.
// Refused attempts are counted, so the audit log can record them in aggregate rather than one
// row each.
export interface RateLimits {
	/** Failures of one account from one address before that pair is refused. */
	perPair: number;
	/** Failures from one address (any accounts) before that address is refused. */
	perAddress: number;
	windowMs: number;
	/** Failures of one account (any addresses) before attempts at it are slowed. */
	slowAfter: number;
	/** The longest an attempt is held back. */
	maxDelayMs: number;
}

export const SIGN_IN_LIMITS: RateLimits = {
	perPair: 5,
	perAddress: 20,
	windowMs: 15 * 60_000,
	slowAfter: 5,
	maxDelayMs: 8_000
};

/** The delay before the first slowed attempt; each further failure doubles it. */
const FIRST_DELAY_MS = 250;

/** Past this many keys the map is swept of expired ones (an attacker can invent many keys). */
const SWEEP_AT = 10_000;

export class SignInLimiter {
	private readonly failures = new Map<string, number[]>();
	private readonly refusals = new Map<string, { since: number; count: number }>();

	constructor(readonly limits: RateLimits = SIGN_IN_LIMITS) {}

	private recent(key: string, now: number): number[] {
		const kept = (this.failures.get(key) ?? []).filter((t) => now - t < this.limits.windowMs);
		if (kept.length) this.failures.set(key, kept);
		else this.failures.delete(key);
		return kept;
	}

	/** The key that refuses this attempt, or null when it may be tried. */
	private refusedBy(account: string, address: string, now: number): string | null {
		const pair = `p:${account}\n${address}`;
		if (this.recent(pair, now).length >= this.limits.perPair) return pair;
		const ip = `ip:${address}`;
		if (this.recent(ip, now).length >= this.limits.perAddress) return ip;
		return null;
	}

	/** Whether an attempt at this account from this address may be tried now. */
	allowed(account: string, address: string, now: number): boolean {
		return this.refusedBy(account, address, now) === null;
	}

	/**
	 * Records a refused attempt and returns how many attempts the same limit has refused in a
	 * row (1 for the first), so a caller can log the first and then only every tenfold count.
	 */
	noteRefusal(account: string, address: string, now: number): number {
		const key = this.refusedBy(account, address, now);
		if (key === null) return 0;
		const run = this.refusals.get(key);
		const fresh = !run || now - run.since >= this.limits.windowMs;
		const next = fresh ? { since: now, count: 1 } : { since: run.since, count: run.count + 1 };
		this.refusals.set(key, next);
		return next.count;
	}

	/** How long to hold back an attempt at this account (0 until it has failed often). */
	delayMs(account: string, now: number): number {
		const over = this.recent(`a:${account}`, now).length - this.limits.slowAfter;
		if (over < 0) return 0;
		return Math.min(this.limits.maxDelayMs, FIRST_DELAY_MS * 2 ** Math.min(over, 30));
	}

	recordFailure(account: string, address: string, now: number): void {
		for (const key of [`p:${account}\n${address}`, `ip:${address}`, `a:${account}`])
			this.failures.set(key, [...this.recent(key, now), now]);
		if (this.failures.size > SWEEP_AT) this.sweep(now);
	}

	/** A success clears that account's failures (a returning owner is not slowed again). */
	recordSuccess(account: string, address: string): void {
		this.failures.delete(`p:${account}\n${address}`);
		this.failures.delete(`a:${account}`);
	}

	private sweep(now: number): void {
		for (const key of [...this.failures.keys()]) this.recent(key, now);
		for (const [key, run] of [...this.refusals])
			if (now - run.since >= this.limits.windowMs) this.refusals.delete(key);
	}
}
