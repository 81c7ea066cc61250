// The reform's implementation register from the command an official runs, and its go-lives on
// the authority's own charts for the director who holds it.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { expectNoAxeViolations } from './axe';
import { DEMO, REFORM, signIn } from './sign-in';

const tmp = path.resolve('tests/.tmp/e2e');
const PAGE = `/metrics/icpc_15wd?period=custom&from=2023-04-01&to=2025-03-31&area=${REFORM.la}`;

function reform(args: string[], csv: string) {
	const file = path.join(tmp, `register-${process.pid}.csv`);
	fs.writeFileSync(file, csv);
	return spawnSync('node', ['--import', 'tsx', 'scripts/reform.ts', 'import', file, ...args], {
		encoding: 'utf8',
		env: {
			...process.env,
			OVERSIGHT_DB: path.join(tmp, 'oversight.duckdb'),
			OVERSIGHT_APP_DB: path.join(tmp, 'app.sqlite')
		}
	});
}

test("a go-live recorded by central government is a change point on the director's charts", async ({
	browser
}) => {
	// A file with one mistake records nothing, and says where the mistake is.
	const bad = reform(
		['--as', DEMO.national],
		`la_code,element,stage,date\n${REFORM.la},macpt,live,2024-04-01\n${REFORM.la},lcpp,golive,2024-04-01\n`
	);
	expect(bad.status).toBe(2);
	expect(bad.stderr).toContain('line 3, column 3 (stage): "golive" is not a stage of lcpp');

	const ok = reform(
		['--as', DEMO.national],
		`la_code,element,stage,date,note\n${REFORM.la},macpt,live,2024-04-01,First cohort\n`
	);
	expect(ok.status, ok.stderr).toBe(0);
	expect(ok.stdout).toMatch(/reform: [01] new entr/);

	const context = await browser.newContext();
	const page = await context.newPage();
	await signIn(page, REFORM.director, PAGE);
	const row = page.locator('[data-change]', { hasText: 'Multi-agency child protection team live' });
	await expect(row).toHaveCount(1);
	await expect(row).toContainText('Kept in the implementation register.');
	await expect(row.getByRole('button')).toHaveCount(0);
	// Drawn on the chart, and said in its description.
	await expect(
		page.locator('.app-figure__description', {
			hasText: 'April 2024, Multi-agency child protection team live'
		})
	).not.toHaveCount(0);
	await expectNoAxeViolations(page);
	await context.close();
});
