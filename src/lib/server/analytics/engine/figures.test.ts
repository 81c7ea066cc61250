import { describe, expect, it } from 'vitest';
import { splitIsSmall } from './figures';

const split = (unallocated: number, onPlan: number) => ({
	num: unallocated,
	den: onPlan,
	numN: unallocated,
	denN: onPlan
});

describe('a split of children on a plan into unallocated and allocated', () => {
	it('is small when either part is 1 to 5, whatever the whole', () => {
		// 3 unallocated of 120: the 117 allocated are published elsewhere, so 120 − 117 = 3.
		expect(splitIsSmall(split(3, 120))).toBe(true);
		// 118 unallocated of 120: the 2 allocated would be 120 − 118.
		expect(splitIsSmall(split(118, 120))).toBe(true);
		// Neither part small, or a part of 0 (zero is not suppressed).
		expect(splitIsSmall(split(6, 120))).toBe(false);
		expect(splitIsSmall(split(0, 120))).toBe(false);
		expect(splitIsSmall(split(120, 120))).toBe(false);
	});
});
