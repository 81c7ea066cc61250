import * as Plot from '@observablehq/plot';
import { JSDOM } from 'jsdom';
import { describe, expect, it } from 'vitest';
import { funnelCurve, funnelLimits } from '$lib/stats/funnel';
import { funnelChartSpec, funnelDomains, limitsToDraw } from './funnel-chart';
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
		expect(spec.plot(640, Plot).height).toBe(spec.height);
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

describe('funnelDomains', () => {
	it('spans the points’ denominators, not nought to the largest', () => {
		const d = funnelDomains(
			[
				{ value: 70, denominator: 300 },
				{ value: 90, denominator: 1100 }
			],
			80
		);
		// 5% of the 800 between them on each side.
		expect(d.x).toEqual([260, 1140]);
	});

	it('spans the 99.8% limits at the smallest denominator and every point, within 0 to 100', () => {
		const points = [
			{ value: 78, denominator: 300 },
			{ value: 84, denominator: 1100 }
		];
		const d = funnelDomains(points, 80);
		const widest = funnelLimits(300, 80);
		// The limits at 300 records (about 72.9% to 87.1%) are wider than the points: they set the
		// range, padded by 5% of it or one percentage point, whichever is more (here the point).
		expect(d.y[0]).toBeCloseTo(widest.lower998 - 1, 9);
		expect(d.y[1]).toBeCloseTo(widest.upper998 + 1, 9);
		expect(d.y[0]).toBeGreaterThan(50);
		expect(d.y[1]).toBeLessThan(100);
		// A point far outside widens the range to take it in; nothing passes 0 or 100.
		const wide = funnelDomains([...points, { value: 2, denominator: 500 }], 80);
		expect(wide.y[0]).toBe(0);
	});

	it('falls back to the whole range with no points', () => {
		expect(funnelDomains([], 50)).toEqual({ x: [0, 1], y: [0, 100] });
	});

	it('gives points sharing one denominator 5% of it either side', () => {
		expect(funnelDomains([{ value: 52, denominator: 1000 }], 50).x).toEqual([950, 1050]);
	});
});

describe('limitsToDraw', () => {
	it('works the limits out across the domain and a quarter of it either side', () => {
		const curve = funnelCurve(20000, 50);
		const drawn = limitsToDraw(curve, [950, 1050], 50, 8);
		// 25 either side: 925 to 1075 in 8 steps of 18.75, rounded; the curve's own 1,004 too.
		const ownInside = curve.map((c) => c.n).filter((n) => n >= 925 && n <= 1075);
		expect(drawn.map((c) => c.n)).toEqual(
			[...new Set([925, 944, 963, 981, 1000, 1019, 1038, 1056, 1075, ...ownInside])].sort(
				(a, b) => a - b
			)
		);
		for (const c of drawn) expect(c).toEqual(funnelLimits(c.n, 50));
	});

	it('never starts below one record', () => {
		expect(limitsToDraw([], [0, 1], 50, 4)[0]!.n).toBe(1);
	});

	it('keeps every line of a one-point funnel near its frame', () => {
		const one = {
			points: [{ label: 'Ashcombe', value: 52, denominator: 1000, self: true, position: 'within' }],
			curve: funnelCurve(60000, 50),
			centre: 50
		};
		const doc = new JSDOM(renderSpecToSvg(funnelChartSpec(one, text), 640, document)).window
			.document;
		const xs = [...doc.querySelectorAll('path')].flatMap((p) =>
			[...(p.getAttribute('d') ?? '').matchAll(/[ML](-?[\d.]+),/g)].map((m) => Number(m[1]))
		);
		expect(xs.length).toBeGreaterThan(40);
		expect(Math.min(...xs)).toBeGreaterThan(-640);
		expect(Math.max(...xs)).toBeLessThan(2 * 640);
	});
});
