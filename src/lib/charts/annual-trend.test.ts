import * as Plot from '@observablehq/plot';
import { JSDOM } from 'jsdom';
import { describe, expect, it } from 'vitest';
import { annualTrendSpec } from './annual-trend';
import { renderSpecToSvg } from './render';

const { document } = new JSDOM('<!doctype html>').window;
const text = { title: 'Re-referrals, 2013 to 2025', description: 'Two areas.', yLabel: '%' };

describe('annualTrendSpec', () => {
	it('labels the chart, and draws a dot for each year with a figure and none for a gap', () => {
		const points = [
			{ series: 'Camden', year: 2023, value: 18.1 },
			{ series: 'Camden', year: 2024, value: null },
			{ series: 'Camden', year: 2025, value: 18.3 },
			{ series: 'England', year: 2023, value: 22.4 },
			{ series: 'England', year: 2024, value: 22.0 },
			{ series: 'England', year: 2025, value: 22.6 }
		];
		const spec = annualTrendSpec(points, text);
		expect(spec.plot(600, Plot).ariaLabel).toBe(text.title);
		const svg = new JSDOM(renderSpecToSvg(spec, 600, document)).window.document;
		// With its legend the drawing is a figure: the chart is the one image, named by its title,
		// and nothing inside any of its SVGs carries a label ARIA does not allow there.
		const images = svg.querySelectorAll('svg[role="img"]');
		expect(images).toHaveLength(1);
		expect(images[0]!.getAttribute('aria-label')).toBe(text.title);
		expect(svg.querySelectorAll('svg [aria-label]')).toHaveLength(0);
		// Five figures, five markers; the suppressed year has none.
		const titles = [...svg.querySelectorAll('title')].map((t) => t.textContent);
		expect(titles.filter((t) => t?.startsWith('Camden'))).toEqual([
			'Camden, 2023: 18.1',
			'Camden, 2025: 18.3'
		]);
		expect(titles.filter((t) => t?.startsWith('England'))).toHaveLength(3);
	});
});
