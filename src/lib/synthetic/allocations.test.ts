import { describe, expect, it } from 'vitest';
import { allocationKey } from './allocations';

describe('allocationKey', () => {
	it('gives each child, worker and day a number of its own', () => {
		const keys = new Set<number>();
		for (const child of [0, 1, 2 ** 20 - 1])
			for (const worker of [0, 1, 2 ** 16 - 1])
				for (const day of [-(2 ** 16) + 1, -1, 0, 1, 20_000, 2 ** 16 - 1])
					keys.add(allocationKey(child, worker, day));
		expect(keys.size).toBe(3 * 3 * 6);
	});

	it('stays an exact integer at its largest', () => {
		const largest = allocationKey(2 ** 20 - 1, 2 ** 16 - 1, 2 ** 16 - 1);
		expect(Number.isSafeInteger(largest)).toBe(true);
		// One day less is one less: nothing lost to rounding.
		expect(largest - allocationKey(2 ** 20 - 1, 2 ** 16 - 1, 2 ** 16 - 2)).toBe(1);
	});

	it('refuses what it could not keep apart', () => {
		expect(() => allocationKey(2 ** 20, 0, 0)).toThrow(/out of range/);
		expect(() => allocationKey(0, 2 ** 16, 0)).toThrow(/out of range/);
		expect(() => allocationKey(0, 0, 2 ** 16)).toThrow(/out of range/);
		expect(() => allocationKey(0, 0, -(2 ** 16))).toThrow(/out of range/);
	});
});
