import * as Plot from '@observablehq/plot';
import { JSDOM } from 'jsdom';
import { describe, expect, it } from 'vitest';
import { monthlyCountSpec, monthTick } from './monthly-count';
import { renderSpecToSvg } from './render';

const { document } = new JSDOM('<!doctype html>').window;

const rows = [
	{ month: '2024-01-01', count: 120 },
	{ month: '2024-02-01', count: 0 },
	{ month: '2024-03-01', count: 95 }
];
const text = { title: 'Referrals each month', description: 'Three months.', yLabel: 'Referrals' };

describe('monthlyCountSpec', () => {
	it('labels the chart for assistive technology and fixes its height', () => {
		const spec = monthlyCountSpec(rows, text);
		const options = spec.plot(600, Plot);
		expect(options.ariaLabel).toBe('Referrals each month');
		expect(options.ariaDescription).toBe('Three months.');
		expect(options.height).toBe(spec.height);
	});

	it('exposes the drawing as one image named by its title', () => {
		const svg = renderSpecToSvg(monthlyCountSpec(rows, text), 600, document);
		const el = new JSDOM(svg).window.document.querySelector('svg');
		expect(el?.getAttribute('role')).toBe('img');
		expect(el?.getAttribute('aria-label')).toBe('Referrals each month');
		expect(el?.querySelectorAll('[aria-label]')).toHaveLength(0);
	});

	it('draws one bar per month, each with a hover title', () => {
		const svg = renderSpecToSvg(monthlyCountSpec(rows, text), 600, document);
		const el = new JSDOM(svg).window.document;
		const bars = [...el.querySelectorAll('rect > title')];
		expect(bars.map((b) => b.textContent)).toEqual(['Jan 24: 120', 'Feb 24: 0', 'Mar 24: 95']);
	});

	it('matches its picture', async () => {
		const svg = renderSpecToSvg(monthlyCountSpec(rows, text), 600, document);
		await expect(svg).toMatchFileSnapshot('__snapshots__/monthly-count.svg');
	});
});

describe('monthTick', () => {
	it('writes a short month and two-digit year', () => {
		expect(monthTick(new Date('2025-03-01T00:00:00Z'))).toBe('Mar 25');
	});
});
