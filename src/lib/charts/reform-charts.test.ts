import { JSDOM } from 'jsdom';
import { describe, expect, it } from 'vitest';
import { eventStudySpec } from './event-study';
import { renderSpecToSvg } from './render';
import { liveOverTimeSpec, stagesByRegionSpec } from './rollout';

const { document } = new JSDOM('<!doctype html>').window;
const svgOf = (spec: Parameters<typeof renderSpecToSvg>[0]) =>
	new JSDOM(renderSpecToSvg(spec, 800, document)).window.document;

describe('eventStudySpec', () => {
	const points = [
		{ e: -2, estimate: 0.5, lower: -1, upper: 2 },
		{ e: -1, estimate: -0.5, lower: -2, upper: 1 },
		{ e: 0, estimate: 8.5, lower: null, upper: null },
		{ e: 1, estimate: 9.5, lower: 7, upper: 12 }
	];
	const spec = eventStudySpec(points, {
		title: 'Event study',
		description: 'Four months.',
		yLabel: 'Difference (percentage points)',
		valueText: (p) => `${p.estimate}`
	});

	it('marks each month, with a line for each interval it has, labelled by its title', () => {
		const svg = svgOf(spec);
		expect(svg.querySelector('svg[role="img"]')!.getAttribute('aria-label')).toBe('Event study');
		const titles = [...svg.querySelectorAll('title')].map((t) => t.textContent);
		expect(titles).toEqual(['-2: 0.5', '-1: -0.5', '0: 8.5', '1: 9.5']);
		expect(svg.body.textContent).toContain('Go-live');
	});

	it('keys the drawing by its figures', () => {
		const other = eventStudySpec([{ ...points[0]!, estimate: 0.6 }, ...points.slice(1)], {
			title: 'Event study',
			description: 'Four months.',
			yLabel: 'Difference (percentage points)',
			valueText: (p) => `${p.estimate}`
		});
		expect(other.key).not.toBe(spec.key);
	});
});

describe('the rollout charts', () => {
	it('draws a segment for each region and stage with a count, titled with it', () => {
		const spec = stagesByRegionSpec(
			[
				{ region: 'North East', stage: 'Live', count: 2 },
				{ region: 'North East', stage: 'Planned', count: 1 },
				{ region: 'London', stage: 'Live', count: 3 }
			],
			{
				title: 'By region',
				description: 'Two regions.',
				stages: ['Live', 'Planned', 'Not started']
			}
		);
		const titles = [...svgOf(spec).querySelectorAll('title')].map((t) => t.textContent);
		expect(titles).toEqual(['North East, Live: 2', 'North East, Planned: 1', 'London, Live: 3']);
	});

	it('draws the number live at each month', () => {
		const spec = liveOverTimeSpec(
			[
				{ month: '2023-08-01', live: 0 },
				{ month: '2023-09-01', live: 3 }
			],
			{ title: 'Over time', description: 'Two months.' }
		);
		const titles = [...svgOf(spec).querySelectorAll('title')].map((t) => t.textContent);
		expect(titles).toEqual(['Aug 23: 0 live', 'Sep 23: 3 live']);
	});
});
