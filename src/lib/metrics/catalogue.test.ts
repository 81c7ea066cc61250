import { describe, expect, it } from 'vitest';
import { tableByName } from '$lib/contract/tables';
import { catalogue, findMetric } from './catalogue';
import { themes } from './themes';

describe('metric catalogue', () => {
	it('holds each metric once', () => {
		const ids = catalogue.map((m) => m.id);
		expect(new Set(ids).size).toBe(ids.length);
	});

	it('gives every metric the words a reader needs', () => {
		for (const m of catalogue) {
			expect(m.title, m.id).not.toBe('');
			expect(m.definition.endsWith('.'), m.id).toBe(true);
			expect(m.numerator, m.id).not.toBe('');
			expect(m.standard, m.id).not.toBe('');
			expect(m.kind === 'count' || m.denominator !== null, m.id).toBe(true);
		}
	});

	it('names only tables of the contract, and only themes that exist', () => {
		const themeIds = new Set<string>([...themes.map((t) => t.id), 'context']);
		for (const m of catalogue) {
			expect(themeIds.has(m.theme), m.id).toBe(true);
			for (const t of m.tables) expect(tableByName.has(t), `${m.id}: ${t}`).toBe(true);
		}
	});

	it('marks the trigger-gap measure as experimental', () => {
		expect(findMetric('missed_strategy')?.experimental).toBe(true);
		expect(catalogue.filter((m) => m.experimental).map((m) => m.id)).toEqual(['missed_strategy']);
	});

	it('gives per-key measures their breakdown', () => {
		for (const m of catalogue.filter((x) => x.perKey)) expect(m.breakdowns.length, m.id).toBe(1);
	});
});
