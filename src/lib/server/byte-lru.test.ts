import { describe, expect, it } from 'vitest';
import { ByteBoundedLru } from './byte-lru';

describe('ByteBoundedLru', () => {
	it('keeps the most recently used entries within its budget', () => {
		const lru = new ByteBoundedLru<string>(10, (v) => v.length);
		lru.set('a', 'xxxx');
		lru.set('b', 'xxxx');
		expect(lru.get('a')).toBe('xxxx'); // now the most recent
		lru.set('c', 'xxxx'); // 12 > 10: the least recent (b) goes
		expect([lru.get('a'), lru.get('b'), lru.get('c')]).toEqual(['xxxx', undefined, 'xxxx']);
		// Replacing an entry counts only its new size.
		lru.set('a', 'xx');
		lru.set('d', 'xxxx');
		expect(lru.size).toBe(3);
		lru.delete('d');
		expect(lru.get('d')).toBeUndefined();
		lru.clear();
		expect(lru.size).toBe(0);
	});
});
