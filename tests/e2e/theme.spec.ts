// Theme pages show the numbers the metric engine gives for the same scope and period: the test
// asks the `metrics` command (the same engine) and compares, rather than trusting literals.
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { formatFigure } from '../../src/lib/components/format';
import { expectNoAxeViolations } from './axe';
import { DEMO, signIn } from './sign-in';

const db = path.resolve('tests/.tmp/e2e/oversight.duckdb');

function engine(scope: string[], ids: string[]) {
	const out = execFileSync(
		'npx',
		[
			'tsx',
			'scripts/metrics.ts',
			'--db',
			db,
			...scope,
			'--from',
			'2024-04-01',
			'--to',
			'2025-03-31',
			'--monthly',
			'--benchmarks',
			'--json',
			...ids.flatMap((id) => ['--id', id])
		],
		{ encoding: 'utf8' }
	);
	return JSON.parse(out) as {
		metrics: {
			id: string;
			kind: string;
			unit: string;
			value: number | null;
			symbol: 'c' | ':' | 'z' | null;
			benchmarks: { england: { value: number | null; symbol: 'c' | ':' | 'z' | null } };
		}[];
	};
}

async function shown(page: Page) {
	const ids = await page
		.locator('[data-metric]')
		.evaluateAll((els) => els.map((e) => e.getAttribute('data-metric')!));
	const values = await page.locator('[data-metric] [data-value]').allTextContents();
	const england = await page.locator('[data-metric] [data-benchmark="england"]').allTextContents();
	return { ids, values, england: england.map((t) => t.trim()) };
}

for (const theme of ['participation', 'timeliness']) {
	test(`the ${theme} page shows the engine's figures for a leader's own authority`, async ({
		page
	}) => {
		await signIn(page, DEMO.leader, `/${theme}`);
		const la = (await page.locator('header').textContent())!.match(/X\d{8}/)![0];
		const s = await shown(page);
		expect(s.ids.length).toBeGreaterThanOrEqual(4);
		const e = engine(['--la', la], s.ids);
		expect(s.values).toEqual(e.metrics.map((m) => formatFigure(m, m.kind, m.unit)));
		expect(s.england).toEqual(
			e.metrics.map((m) => formatFigure(m.benchmarks.england, m.kind, m.unit))
		);
		await expectNoAxeViolations(page);
	});
}

test('a national viewer sees England, with figures under disclosure control', async ({ page }) => {
	await signIn(page, DEMO.national, '/decisions');
	await expect(page.locator('[data-scope]')).toContainText('England');
	await expect(page.locator('[data-scope]')).toContainText('disclosure control');
	const s = await shown(page);
	const e = engine(['--england'], s.ids);
	expect(s.values).toEqual(e.metrics.map((m) => formatFigure(m, m.kind, m.unit)));
});

test('a period disclosure control does not allow is refused without figures', async ({ page }) => {
	// A partner holds its authorities in detail; a custom period is fine for them.
	await signIn(page, DEMO.police, '/workforce?from=2024-05-01&to=2025-02-28');
	await expect(page.locator('[data-scope]')).toContainText('2024-05-01 to 2025-02-28');
	const res = await page.request.get('/workforce?from=2025-13-01&to=2025-02-30');
	expect(res.status()).toBe(400);
	expect(await res.text()).not.toContain('data-value');
});
