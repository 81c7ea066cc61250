// Sign-in rate limiting, in memory (one server process): at most 5 failed attempts per account
// and 20 per client address in any 15 minutes. Past the limit, sign-in is refused — even with
// the right password — until the window has moved on. A success clears the account's count.
export interface RateLimits {
	perAccount: number;
	perAddress: number;
	windowMs: number;
}

export const SIGN_IN_LIMITS: RateLimits = { perAccount: 5, perAddress: 20, windowMs: 15 * 60_000 };

export class SignInLimiter {
	private readonly failures = new Map<string, number[]>();

	constructor(private readonly limits: RateLimits = SIGN_IN_LIMITS) {}

	private recent(key: string, now: number): number[] {
		const kept = (this.failures.get(key) ?? []).filter((t) => now - t < this.limits.windowMs);
		if (kept.length) this.failures.set(key, kept);
		else this.failures.delete(key);
		return kept;
	}

	/** Whether another attempt for this account from this address may be tried now. */
	allowed(account: string, address: string, now: number): boolean {
		return (
			this.recent(`a:${account}`, now).length < this.limits.perAccount &&
			this.recent(`ip:${address}`, now).length < this.limits.perAddress
		);
	}

	recordFailure(account: string, address: string, now: number): void {
		for (const key of [`a:${account}`, `ip:${address}`])
			this.failures.set(key, [...this.recent(key, now), now]);
	}

	recordSuccess(account: string): void {
		this.failures.delete(`a:${account}`);
	}
}
