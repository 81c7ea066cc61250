import { describe, expect, it } from 'vitest';
import { ResultCache, stableKey } from './cache';

describe('ResultCache', () => {
	it('computes once per key and data version, keeping the two newest versions', async () => {
		const cache = new ResultCache<{ n: number }>();
		let calls = 0;
		const work = async () => ({ n: ++calls });
		const a = await cache.get('v1', 'k', work);
		expect(await cache.get('v1', 'k', work)).toBe(a);
		expect((await cache.get('v1', 'other', work)).n).toBe(2);
		// A new version's answers are its own; the version still in service keeps its answers
		// while the new one is prepared.
		expect((await cache.get('v2', 'k', work)).n).toBe(3);
		expect(await cache.get('v1', 'k', work)).toBe(a);
		expect(cache.stats()).toEqual({ hits: 2, misses: 3, entries: 3, version: 'v2' });
		// A third version retires the first: nothing about it is kept or served again.
		expect((await cache.get('v3', 'k', work)).n).toBe(4);
		expect(cache.stats()).toMatchObject({ entries: 2, version: 'v3' });
		// A request still reading the retired file is answered, but not cached.
		expect((await cache.get('v1', 'k', work)).n).toBe(5);
		expect((await cache.get('v1', 'k', work)).n).toBe(6);
		expect(cache.stats().version).toBe('v3');
		expect(await cache.get('v2', 'k', work)).toEqual({ n: 3 });
		expect(await cache.get('v3', 'k', work)).toEqual({ n: 4 });
	});

	it('shares one computation between concurrent identical requests', async () => {
		const cache = new ResultCache<number>();
		let calls = 0;
		const slow = () => new Promise<number>((r) => setTimeout(() => r(++calls), 20));
		const [x, y] = await Promise.all([cache.get('v', 'k', slow), cache.get('v', 'k', slow)]);
		expect([x, y, calls]).toEqual([1, 1, 1]);
	});

	it('does not keep failures, and keeps at most its size, dropping the least recently used', async () => {
		const cache = new ResultCache<number>(2);
		await expect(cache.get('v', 'bad', () => Promise.reject(new Error('no')))).rejects.toThrow();
		expect(await cache.get('v', 'bad', async () => 7)).toBe(7);
		await cache.get('v', 'a', async () => 1);
		await cache.get('v', 'bad', async () => 0); // touch: now the most recent
		await cache.get('v', 'c', async () => 3);
		expect(cache.stats().entries).toBe(2);
		expect(await cache.get('v', 'a', async () => 99)).toBe(99);
		expect(await cache.get('v', 'c', async () => 98)).toBe(3);
	});

	it('hands out frozen answers, so no caller can change the next one', async () => {
		const cache = new ResultCache<{ rows: { v: number }[] }>();
		const r = await cache.get('v', 'k', async () => ({ rows: [{ v: 1 }] }));
		expect(() => {
			r.rows[0]!.v = 2;
		}).toThrow(TypeError);
		expect(() => r.rows.push({ v: 3 })).toThrow(TypeError);
	});
});

describe('stableKey', () => {
	it('ignores key order and undefined fields, but not array order or values', () => {
		expect(stableKey({ a: 1, b: { c: [1, 2], d: 'x' } })).toBe(
			stableKey({ b: { d: 'x', c: [1, 2] }, a: 1, e: undefined })
		);
		expect(stableKey({ a: [1, 2] })).not.toBe(stableKey({ a: [2, 1] }));
		expect(stableKey({ a: 'X1' })).not.toBe(stableKey({ a: 'X2' }));
		expect(stableKey({ a: null })).not.toBe(stableKey({ a: 'null' }));
	});
});
