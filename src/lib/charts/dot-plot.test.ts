import * as Plot from '@observablehq/plot';
import { JSDOM } from 'jsdom';
import { describe, expect, it } from 'vitest';
import { dotPlotSpec } from './dot-plot';
import { renderSpecToSvg } from './render';

const { document } = new JSDOM('<!doctype html>').window;

const rows = [
	{ label: 'Neighbour 1 (not named)', value: 10.5, self: false },
	{ label: 'Ashcombe', value: 12.25, self: true },
	{ label: 'Neighbour 2 (not named)', value: 20, self: false }
];
const text = {
	title: 'Caseload: Ashcombe and its statistical neighbours',
	description: 'Ashcombe beside each neighbour.',
	xLabel: 'children per FTE',
	format: (v: number) => v.toFixed(1),
	reference: { value: 15.25, label: 'Neighbours median' }
};

describe('dotPlotSpec', () => {
	it('grows with its rows but is fixed before drawing', () => {
		const spec = dotPlotSpec(rows, text);
		expect(spec.height).toBe(spec.plot(600, Plot).height);
		expect(
			dotPlotSpec([...rows, ...rows.map((r) => ({ ...r, label: `${r.label}*` }))], text).height
		).toBeGreaterThan(spec.height);
	});

	it('gives every dot and the reference line a title', () => {
		const doc = new JSDOM(renderSpecToSvg(dotPlotSpec(rows, text), 600, document)).window.document;
		const titles = [...doc.querySelectorAll('title')].map((t) => t.textContent).sort();
		expect(titles).toEqual(
			[
				'Neighbours median: 15.3',
				'Neighbour 1 (not named): 10.5',
				'Ashcombe: 12.3',
				'Neighbour 2 (not named): 20.0'
			].sort()
		);
	});

	it('matches its picture', async () => {
		const svg = renderSpecToSvg(dotPlotSpec(rows, text), 600, document);
		await expect(svg).toMatchFileSnapshot('__snapshots__/dot-plot.svg');
	});
});
