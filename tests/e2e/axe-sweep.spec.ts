// Every page a role can open, checked with axe: each measure's own page, its comparison and its
// reform evaluation, each theme page, the board report and the reform rollout, for the director,
// the police lead and central government — not one example of each. Violations are gathered
// across the whole sweep and reported together, with the number of pages checked.
import { expect, test } from '@playwright/test';
import { axeViolations } from '../../scripts/lib/axe';
import { catalogue } from '../../src/lib/metrics/catalogue';
import { themes } from '../../src/lib/metrics/themes';
import { DEMO, signIn } from './sign-in';

// Three parts per role, run side by side, so that the two test workers share the sweep evenly.
test.describe.configure({ mode: 'parallel' });

const halves = {
	'measure pages': catalogue.map((d) => `/metrics/${d.id}`),
	'theme, report and compare pages': [
		...themes.map((t) => `/${t.id}`),
		'/report',
		...catalogue.map((d) => `/compare?metric=${d.id}`)
	],
	// Every measure, including those the evaluation does not offer (the page says why).
	'reform tracker pages': ['/reform', ...catalogue.map((d) => `/reform/evaluation?metric=${d.id}`)]
};

for (const [role, email] of [
	['director', DEMO.leader],
	['police lead', DEMO.police],
	['central government', DEMO.national]
] as const)
	for (const [half, paths] of Object.entries(halves))
		test(`axe finds nothing on any of the ${half} for ${role}`, async ({ page }) => {
			test.setTimeout(600_000);
			await signIn(page, email);
			const found: string[] = [];
			for (const path of paths) {
				const res = await page.goto(path);
				expect(res?.status(), path).toBe(200);
				for (const v of await axeViolations(page)) found.push(`${path}: ${v}`);
			}
			console.log(`axe sweep, ${role}, ${half}: ${paths.length} pages, ${found.length} violations`);
			expect(found).toEqual([]);
		});
