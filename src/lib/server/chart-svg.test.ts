import { JSDOM } from 'jsdom';
import { beforeEach, describe, expect, it } from 'vitest';
import { chartWidthOf, DEFAULT_CHART_WIDTH } from '$lib/charts/server-drawing';
import { spcChartSpec } from '$lib/charts/spc-chart';
import { chartDrawingStats, drawChartSvg, forgetChartDrawings } from './chart-svg';

const input = {
	points: [
		{ x: '2024-04', value: 70, type: 'common_cause' },
		{ x: '2024-05', value: 95, type: 'special_cause_improvement' }
	],
	mean: 80,
	lowerLimit: 60,
	upperLimit: 100
};
const text = (title: string, format = (v: number) => `${v}%`) => ({
	title,
	description: 'Monthly values with the mean and process limits.',
	yLabel: '%',
	format
});
const parse = (svg: string) =>
	new JSDOM(`<!doctype html><body>${svg}</body>`).window.document.querySelector('svg')!;

describe('drawChartSvg', () => {
	beforeEach(() => {
		forgetChartDrawings();
		chartDrawingStats.drawn = 0;
		chartDrawingStats.reused = 0;
	});

	it('draws the chart as one image named by its title and described by the page', () => {
		const svg = parse(drawChartSvg(spcChartSpec(input, text('Conferences')), 640, 'c-description'));
		expect(svg.getAttribute('role')).toBe('img');
		expect(svg.getAttribute('aria-label')).toBe('Conferences');
		expect(svg.getAttribute('aria-describedby')).toBe('c-description');
		expect(svg.getAttribute('width')).toBe('640');
		expect([...svg.querySelectorAll('title')].map((t) => t.textContent).sort()).toEqual([
			'Apr 24: 70% (common cause)',
			'May 24: 95% (improving)'
		]);
	});

	it('keeps markup in any text inert', () => {
		const hostile = '<script>alert(1)</script> & <img src=x onerror=alert(2)>';
		const markup = drawChartSvg(
			spcChartSpec(
				input,
				text(hostile, (v) => `${v} <b>&</b>`)
			),
			640,
			'x-description'
		);
		const doc = new JSDOM(`<!doctype html><body>${markup}</body>`).window.document;
		expect(doc.querySelector('script, img, b')).toBeNull();
		expect(doc.querySelector('svg')!.getAttribute('aria-label')).toBe(hostile);
		expect(doc.querySelector('title')!.textContent).toContain('<b>&</b>');
	});

	it('reuses a drawing only for the same figures, text, width and description', () => {
		const a = drawChartSvg(spcChartSpec(input, text('A')), 640, 'a');
		expect(drawChartSvg(spcChartSpec(input, text('A')), 640, 'a')).toBe(a);
		expect(chartDrawingStats).toEqual({ drawn: 1, reused: 1 });
		// Another width, description, title, format or value is another drawing.
		drawChartSvg(spcChartSpec(input, text('A')), 360, 'a');
		drawChartSvg(spcChartSpec(input, text('A')), 640, 'b');
		drawChartSvg(spcChartSpec(input, text('B')), 640, 'a');
		const rounded = drawChartSvg(
			spcChartSpec(
				input,
				text('A', (v) => `${Math.round(v / 10) * 10}%`)
			),
			640,
			'a'
		);
		const moved = { ...input, points: [input.points[0]!, { ...input.points[1]!, value: 96 }] };
		drawChartSvg(spcChartSpec(moved, text('A')), 640, 'a');
		expect(chartDrawingStats).toEqual({ drawn: 6, reused: 1 });
		expect(rounded).not.toBe(a);
	});
});

describe('chartWidthOf', () => {
	it('takes a whole width between the narrowest phone and the page column', () => {
		expect(chartWidthOf('360')).toBe(360);
		expect(chartWidthOf(String(DEFAULT_CHART_WIDTH))).toBe(DEFAULT_CHART_WIDTH);
	});

	it('gives the page column for anything else', () => {
		for (const asked of [undefined, '', 'wide', '360.5', '-360', '100', '1201', '1e9', '360px'])
			expect(chartWidthOf(asked)).toBe(DEFAULT_CHART_WIDTH);
	});
});
