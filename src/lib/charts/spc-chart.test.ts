import * as Plot from '@observablehq/plot';
import { JSDOM } from 'jsdom';
import { describe, expect, it } from 'vitest';
import { renderSpecToSvg } from './render';
import { spcChartSpec } from './spc-chart';

const { document } = new JSDOM('<!doctype html>').window;

const input = {
	points: [
		{ x: '2024-04', value: 70, type: 'common_cause' },
		{ x: '2024-05', value: 72, type: 'common_cause' },
		{ x: '2024-06', value: null, type: null },
		{ x: '2024-07', value: 95, type: 'special_cause_improvement' },
		{ x: '2024-08', value: 50, type: 'special_cause_concern' }
	],
	mean: 71.75,
	lowerLimit: 55,
	upperLimit: 88.5
};
const text = {
	title: 'Initial conferences within 15 working days, month by month',
	description: 'Monthly values with the mean and process limits.',
	yLabel: '%',
	format: (v: number) => `${v.toFixed(1)}%`
};

describe('spcChartSpec', () => {
	it('is one image named by its title, with a fixed height', () => {
		const spec = spcChartSpec(input, text);
		expect(spec.plot(600, Plot).height).toBe(spec.height);
		const el = new JSDOM(renderSpecToSvg(spec, 600, document)).window.document.querySelector('svg');
		expect(el?.getAttribute('role')).toBe('img');
		expect(el?.getAttribute('aria-label')).toBe(text.title);
	});

	it('draws a point per month with a value, saying in words which are signals', () => {
		const doc = new JSDOM(renderSpecToSvg(spcChartSpec(input, text), 600, document)).window
			.document;
		// Plot draws larger dots first; the order on the page does not matter.
		const titles = [...doc.querySelectorAll('title')].map((t) => t.textContent).sort();
		expect(titles).toEqual(
			[
				'Apr 24: 70.0% (common cause)',
				'May 24: 72.0% (common cause)',
				'Jul 24: 95.0% (improving)',
				'Aug 24: 50.0% (concerning)'
			].sort()
		);
	});

	it("draws the target, the change points and each phase's own limits", () => {
		const withLeadership = {
			...input,
			phases: [
				{ from: '2024-04', to: '2024-06', mean: 71, lowerLimit: 60, upperLimit: 82 },
				{ from: '2024-07', to: '2024-08', mean: 72.5, lowerLimit: 40, upperLimit: 105 }
			],
			changes: [
				{ month: '2024-07', label: 'Multi-agency child protection team went live in the north' }
			],
			targets: [
				{ x: '2024-04', value: null },
				{ x: '2024-05', value: 80 },
				{ x: '2024-06', value: 80 },
				{ x: '2024-07', value: 85 },
				{ x: '2024-08', value: 85 }
			]
		};
		const spec = spcChartSpec(withLeadership, text);
		expect(spec.key).not.toBe(spcChartSpec(input, text).key);
		const doc = new JSDOM(renderSpecToSvg(spec, 600, document)).window.document;
		// Each phase's limits (dashed) over its own months, none across the whole chart.
		const limits = [...doc.querySelectorAll('g[stroke-dasharray="6,4"] line')];
		expect(limits.length).toBe(4);
		const spans = new Set(limits.map((l) => `${l.getAttribute('x1')}-${l.getAttribute('x2')}`));
		expect(spans.size).toBe(2);
		// The change point's label, cut short on the chart.
		const labels = [...doc.querySelectorAll('text')].map((t) => t.textContent);
		expect(labels).toContain('Multi-agency child protecti…');
		// The target: one dotted line.
		expect(doc.querySelectorAll('[stroke-dasharray="2,3"]').length).toBe(1);
	});

	it('matches its picture', async () => {
		const svg = renderSpecToSvg(spcChartSpec(input, text), 600, document);
		await expect(svg).toMatchFileSnapshot('__snapshots__/spc-chart.svg');
	});
});
