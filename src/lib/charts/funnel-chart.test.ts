import { JSDOM } from 'jsdom';
import { describe, expect, it } from 'vitest';
import { funnelCurve } from '$lib/stats/funnel';
import { funnelChartSpec } from './funnel-chart';
import { renderSpecToSvg } from './render';

const { document } = new JSDOM('<!doctype html>').window;

const input = {
	points: [
		{ label: 'Authority 1', value: 40, denominator: 50, self: false, position: 'within' },
		{ label: 'Authority 2', value: 90, denominator: 400, self: false, position: 'above_998' },
		{ label: 'Ashcombe', value: 62, denominator: 200, self: true, position: 'within' }
	],
	curve: funnelCurve(400, 60, 12),
	centre: 60
};
const text = {
	title: 'Conferences within 15 working days: funnel plot',
	description: 'Each authority against its number of conferences.',
	xLabel: 'Records (denominator)',
	format: (v: number) => `${v.toFixed(1)}%`
};

describe('funnelChartSpec', () => {
	it('is one image named by its title, with a fixed height', () => {
		const spec = funnelChartSpec(input, text);
		expect(spec.plot(640).height).toBe(spec.height);
		const svg = new JSDOM(renderSpecToSvg(spec, 640, document)).window.document.querySelector(
			'svg'
		);
		expect(svg?.getAttribute('aria-label')).toBe(text.title);
	});

	it('says in words where each point lies, and names the viewer own authority', () => {
		const doc = new JSDOM(renderSpecToSvg(funnelChartSpec(input, text), 640, document)).window
			.document;
		const titles = [...doc.querySelectorAll('title')].map((t) => t.textContent).sort();
		expect(titles).toEqual(
			[
				'Authority 1: 40.0% of 50 (within the limits)',
				'Authority 2: 90.0% of 400 (above the 99.8% limit)',
				'Ashcombe: 62.0% of 200 (within the limits)'
			].sort()
		);
		expect([...doc.querySelectorAll('text')].some((t) => t.textContent === 'Ashcombe')).toBe(true);
	});

	it('matches its picture', async () => {
		const svg = renderSpecToSvg(funnelChartSpec(input, text), 640, document);
		await expect(svg).toMatchFileSnapshot('__snapshots__/funnel-chart.svg');
	});
});
