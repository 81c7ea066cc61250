// The published statistics page: DfE's real figures for England, a region and any authority,
// the same for every role, each figure the file's own (looked up by hand in data/published),
// with a download that says the same, and no axe violation.
import { expect, test } from '@playwright/test';
import { expectNoAxeViolations } from './axe';
import { DEMO, signIn } from './sign-in';

test('a director sees England’s published trend and every authority, and can choose another area', async ({
	page
}) => {
	// Three tables of every authority and two charts, checked twice by axe.
	test.setTimeout(90_000);
	await signIn(page, DEMO.leader, '/published');
	await expect(page.locator('h1')).toHaveText('Published statistics');
	// Real names and real figures: the notice about synthetic data says these are not it.
	const notice = page.locator('.app-synthetic-banner');
	await expect(notice).toContainText('Real published figures');
	await expect(notice).not.toContainText('Every authority and figure shown is invented');
	// Re-referrals, England, 2013 to 2025: 2025 is 22.6%.
	const trend = page.locator('[data-table="published-trend-table"] tbody tr');
	await expect(trend).toHaveCount(13);
	await expect(trend.last()).toContainText('2025');
	await expect(trend.last()).toContainText('22.6');
	await expect(page.locator('[data-table="published-authorities"] tbody tr')).toHaveCount(153);
	// A percentage of counted referrals: every authority on a funnel around England.
	await expect(page.locator('[data-table="published-funnel-table"] tbody tr')).toHaveCount(153);
	await expectNoAxeViolations(page);

	await page.selectOption('#area', 'E09000007');
	await page.click('button:has-text("Show")');
	await expect(page).toHaveURL(/area=E09000007/);
	await expect(page.locator('#neighbours-heading')).toContainText(
		'Camden and its statistical neighbours'
	);
	await expect(page.locator('[data-table="published-neighbours"] tbody tr')).toHaveCount(10);
	// Camden 2025: 18.3% of 2,086 referrals were re-referrals.
	await expect(page.locator('[data-table="published-trend-table"] tbody tr').last()).toContainText(
		'18.3'
	);
	await expectNoAxeViolations(page);
});

test('central government goes down from England to a region and one of its authorities', async ({
	page
}) => {
	test.setTimeout(90_000);
	await signIn(page, DEMO.national, '/published?measure=rereferral_12m&year=2025');
	// The nine regions side by side; the North East's 2025 figure is 20.7%.
	const regions = page.locator('[data-table="published-regions"] tbody tr');
	await expect(regions).toHaveCount(9);
	await expect(regions.first()).toContainText('North East');
	await expect(regions.first()).toContainText('20.7');
	await regions.first().getByRole('link', { name: 'North East' }).click();
	await expect(page).toHaveURL(/area=E12000001/);
	await expect(page.locator('#region-authorities-heading')).toContainText(
		'Authorities in North East'
	);
	// The North East's twelve authorities; County Durham re-referred 18.7% of referrals.
	const authorities = page.locator('[data-table="published-region-authorities"] tbody tr');
	await expect(authorities).toHaveCount(12);
	await expectNoAxeViolations(page);
	await authorities.filter({ hasText: 'County Durham' }).getByRole('link').click();
	await expect(page).toHaveURL(/area=E06000047/);
	await expect(page.locator('#neighbours-heading')).toContainText('County Durham');
	await expect(page.locator('[data-table="published-trend-table"] tbody tr').last()).toContainText(
		'18.7'
	);
});

test('central government sees a joint workforce return said to be one, and the download agrees', async ({
	page
}) => {
	test.setTimeout(60_000);
	await signIn(page, DEMO.national, '/published?measure=turnover_rate&area=E09000021&year=2025');
	await expect(page.locator('#trend-heading')).toContainText('Kingston upon Thames');
	await expect(page.getByText('joint return (E09000021 / E09000027)')).toBeVisible();
	await expectNoAxeViolations(page);
	const csv = await (
		await page.request.get('/published.csv?measure=cin_referrals&area=E06000047&year=2025')
	).text();
	expect(csv).toContain('Trend,County Durham,E06000047,2025,5378,5378,,,,,');
	expect(csv).toContain('Open Government Licence');
});

test('a measure or area the statistics do not hold is a clear 400', async ({ page }) => {
	await signIn(page, DEMO.leader);
	const r = await page.request.get('/published?measure=nothing');
	expect(r.status()).toBe(400);
	expect(await r.text()).toContain('No published measure is called nothing');
});
