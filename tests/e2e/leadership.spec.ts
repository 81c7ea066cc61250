// Targets and change points, end to end: set through the measure page's plain forms with script
// turned off, drawn and judged on the chart, the tile and the report, shared with a partner who
// holds the area, and refused to everyone else however they ask. Expected verdicts come from
// the engine's own monthly series read again by stats/spc-phases, not from literals.
import { expect, test, type APIRequestContext, type Page } from '@playwright/test';
import { formatFigure } from '../../src/lib/components/format';
import { phasedXmr, phasesInWords } from '../../src/lib/stats/spc-phases';
import { expectNoAxeViolations } from './axe';
import { engine } from './engine';
import { DEMO, LEADERSHIP, signIn } from './sign-in';

const METRIC = 'icpc_15wd';
const PERIOD = { from: '2023-04-01', to: '2025-03-31' };
const QUERY = `period=custom&from=${PERIOD.from}&to=${PERIOD.to}&area=${LEADERSHIP.la}`;
const PAGE = `/metrics/${METRIC}?${QUERY}`;
/**
 * A mark telling this run's items from earlier runs' — digits only, since random letters and
 * digits can look like a postcode to the personal-data guard and be refused.
 */
function marker(): string {
	return String(Math.floor(Math.random() * 1e8)).padStart(8, '0');
}

const LABEL = `Multi-agency team went live ${marker()}`;
const TARGET = 60;

test.describe.configure({ mode: 'serial' });

const monthly = () =>
	engine(['--la', LEADERSHIP.la], PERIOD, ['--monthly', '--id', METRIC]).metrics[0]!;

/** A form post as any signed-in account could send it, with the server's own origin. */
function post(
	request: APIRequestContext,
	baseURL: string,
	action: string,
	fields: Record<string, string>
) {
	return request.post(`/metrics/${METRIC}?/${action}&${QUERY}`, {
		form: fields,
		// As a browser's plain form post (SvelteKit answers `*/*` as a script's, in JSON).
		headers: { origin: baseURL, accept: 'text/html' },
		maxRedirects: 0
	});
}

async function changeCount(page: Page) {
	await page.goto(PAGE);
	return page.locator('[data-table="changes"] tbody tr').count();
}

test('a director sets a target and a change point without script, and the chart is judged against them', async ({
	browser
}) => {
	test.setTimeout(120_000);
	const context = await browser.newContext({ javaScriptEnabled: false });
	const page = await context.newPage();
	// Signing in needs no script either.
	await signIn(page, LEADERSHIP.director, PAGE);
	await expect(page.locator('[data-leadership]')).toBeVisible();

	await page.getByLabel(/^Target for/).fill(String(TARGET));
	await page.getByLabel('Applies from').selectOption('2023-04');
	await page.getByRole('button', { name: 'Set target' }).click();
	await expect(page.locator('[data-done]')).toHaveText('Target set from April 2023.');
	// The post returned to the same view: the area and period were kept.
	expect(new URL(page.url()).searchParams.get('area')).toBe(LEADERSHIP.la);

	await page.getByLabel('What changed').fill(LABEL);
	await page.getByLabel('First month after the change').selectOption('2024-04');
	await page.getByLabel(/Recalculate this measure/).check();
	await page.getByRole('button', { name: 'Add change point' }).click();
	await expect(page.locator('[data-done]')).toHaveText('Change point added for April 2024.');

	// What the page now says equals the engine's series read with the same target and change.
	const m = monthly();
	const expected = phasedXmr(
		m.months!.map((x) => ({ x: x.month, value: x.value })),
		{
			polarity: m.polarity,
			targets: [{ from: '2023-04', value: TARGET }],
			changes: [{ month: '2024-04', label: LABEL, recalculate: true }]
		}
	);
	const show = (v: number) => formatFigure({ value: v, symbol: null }, m.kind, m.unit);
	expect(expected.phases).toHaveLength(2);
	await page.goto(PAGE);
	await expect(page.locator('[data-phases]')).toHaveText(phasesInWords(expected, show)!);
	await expect(
		page.locator('section[aria-labelledby="trend-heading"] [data-assurance]')
	).toHaveAttribute('data-assurance', expected.assurance?.icon ?? 'none');
	// Drawn on the server: the change point's label and the target's line are in the chart.
	const chart = page.locator(`figure[aria-labelledby="${METRIC}-trend-title"] svg[role="img"]`);
	await expect(chart).toContainText(LABEL.slice(0, 20));
	await expect(chart.locator('[stroke-dasharray="2,3"]')).toHaveCount(1);
	await expect(page.locator(`#${METRIC}-trend-description`)).toContainText(
		'The dotted line is the target'
	);

	// The overview's tile for the measure carries the target and its verdict.
	await page.goto(`/?${QUERY}`);
	await expect(page.locator(`[data-tile="${METRIC}"] [data-assurance]`)).toContainText(
		`Target ${show(TARGET)}`
	);
	await context.close();
});

test('the partner who holds the authority sees and may change the same items; the panel passes axe', async ({
	page
}) => {
	await signIn(page, LEADERSHIP.partner, PAGE);
	await expect(page.locator('[data-table="changes"]')).toContainText(LABEL);
	await expect(page.locator('[data-table="targets"]')).toContainText(LEADERSHIP.director);
	await expectNoAxeViolations(page);
	// The partnership as a whole is another area: nothing of the authority's shows there.
	await page.goto(`/metrics/${METRIC}?period=custom&from=${PERIOD.from}&to=${PERIOD.to}&area=own`);
	await expect(page.locator('[data-leadership]')).toBeVisible();
	await expect(page.locator('[data-table="changes"]')).toHaveCount(0);
	await expect(page.locator('[data-assurance]')).toHaveCount(0);
});

test('no one else may read or change them, in any parameter', async ({ browser, baseURL }) => {
	test.setTimeout(120_000);
	const owner = await browser.newPage();
	await signIn(owner, LEADERSHIP.director, PAGE);
	const before = await changeCount(owner);
	const targetsBefore = await owner.locator('[data-table="targets"] tbody tr').count();
	const id = (await owner.locator('[data-change]').first().getAttribute('data-change'))!;
	expect(before).toBeGreaterThan(0);

	for (const who of [DEMO.leader, DEMO.police, DEMO.national, DEMO.admin]) {
		const page = await browser.newPage();
		await signIn(page, who);
		// Reading: the page for the area is not found (or, for central government, has no panel).
		// Central government sees a single authority for whole financial years only.
		const res = await page.request.get(
			who === DEMO.national ? `/metrics/${METRIC}?period=2024-25&area=${LEADERSHIP.la}` : PAGE
		);
		const body = await res.text();
		expect(body, who).not.toContain(LABEL);
		expect(body, who).not.toContain('data-leadership');
		if (who === DEMO.national) expect(res.status()).toBe(200);
		else expect([400, 403, 404], who).toContain(res.status());
		// Writing, with the area named in the form whatever the page's own area is.
		for (const [action, fields] of [
			['target', { area: `la:${LEADERSHIP.la}`, value: '1', from: '2024-04' }],
			['change', { area: `la:${LEADERSHIP.la}`, month: '2024-05', label: 'forged' }],
			['removeChange', { area: `la:${LEADERSHIP.la}`, id }],
			['recalculate', { area: `la:${LEADERSHIP.la}`, id, on: 'false' }],
			['removeChange', { area: `las:${LEADERSHIP.partnerLas.join(',')}`, id }]
		] as const) {
			const r = await post(page.request, baseURL!, action, fields);
			expect([403, 404], `${who} ${action}`).toContain(r.status());
		}
		await page.close();
	}
	// The partner holds the authority but not through another area's id.
	const partner = await browser.newPage();
	await signIn(partner, LEADERSHIP.partner);
	const r = await post(partner.request, baseURL!, 'removeChange', {
		area: `las:${LEADERSHIP.partnerLas.join(',')}`,
		id
	});
	expect(r.status()).toBe(400);
	await partner.close();

	expect(await changeCount(owner)).toBe(before);
	await expect(owner.locator('[data-table="changes"]')).toContainText(LABEL);
	await expect(owner.locator('[data-table="targets"] tbody tr')).toHaveCount(targetsBefore);
	await owner.close();
});

test('script and markup in a label are shown as text, and a long label is refused', async ({
	page
}) => {
	await signIn(page, LEADERSHIP.director, PAGE);
	const hostile = `<img src=x onerror="document.body.dataset.owned=1">${marker()}`;
	await page.getByLabel('What changed').fill(hostile);
	await page.getByRole('button', { name: 'Add change point' }).click();
	await expect(page.locator('[data-done]')).toBeVisible();
	await expect(page.locator('[data-table="changes"]')).toContainText(hostile);
	expect(await page.evaluate(() => document.body.dataset.owned)).toBeUndefined();

	// The browser stops typing at the limit; a hand-made post is refused with the reason.
	const res = await page.request.post(`/metrics/${METRIC}?/change&${QUERY}`, {
		form: { area: `la:${LEADERSHIP.la}`, month: '2024-05', label: 'x'.repeat(121) },
		headers: { origin: new URL(page.url()).origin, accept: 'text/html' }
	});
	expect(res.status()).toBe(400);
	expect(await res.text()).toContain('at most 120 characters');

	// Removed by its owner: gone from the list and the chart.
	const row = page.locator('[data-change]', { hasText: hostile });
	await row.getByRole('button', { name: /Remove/ }).click();
	await expect(page.locator('[data-done]')).toHaveText(
		'Change point removed from every chart of the area.'
	);
	await expect(page.locator('[data-table="changes"]')).not.toContainText(hostile);
});

test('commentary: personal data refused with the text kept, drafts hidden, two writers at once both kept', async ({
	browser
}) => {
	test.setTimeout(120_000);
	const directorContext = await browser.newContext();
	const director = await directorContext.newPage();
	await signIn(director, LEADERSHIP.director, PAGE);
	const box = director.getByLabel('What the figure means and what is being done');

	const personal = 'Reviewed late for Jayden Smith (12/03/2015); timeliness otherwise held.';
	await box.fill(personal);
	await director.getByRole('button', { name: 'Publish', exact: true }).click();
	await expect(director.locator('#commentary [data-problem]')).toContainText('a name with a date');
	await expect(box).toHaveValue(personal);
	// Without script too: the refused page as the server renders it has the text in the box.
	const html = await (
		await director.request.post(`/metrics/${METRIC}?/commentary&${QUERY}`, {
			form: {
				area: `la:${LEADERSHIP.la}`,
				month: '2025-03',
				basedOn: '',
				publish: 'true',
				body: personal
			},
			headers: { origin: new URL(director.url()).origin, accept: 'text/html' }
		})
	).text();
	expect(html).toMatch(/<textarea[^>]*>[^<]*Jayden Smith \(12\/03\/2015\)/);

	const mark = marker();
	const draft = `Draft ${mark}: not for the board yet.`;
	await box.fill(draft);
	await director.getByRole('button', { name: 'Save as draft' }).click();
	await expect(director.locator('#commentary [data-done]')).toContainText('Draft saved');
	await expect(director.locator('[data-published-commentary]', { hasText: mark })).toHaveCount(0);

	const text = `Agreed ${mark}: <b>timeliness</b> held after the team went live.\n\n- Police attend every conference\n- Review in June`;
	await box.fill(text);
	await director.getByRole('button', { name: 'Publish', exact: true }).click();
	await expect(director.locator('#commentary [data-done]')).toContainText('Commentary published');
	const shown = director.locator('[data-published-commentary]');
	await expect(shown).toContainText(`Agreed ${mark}: <b>timeliness</b> held`);
	await expect(shown.locator('li')).toHaveCount(2);
	await expect(shown.locator('b')).toHaveCount(0);

	// The tile and the board report show it for the same period.
	await director.goto(`/?${QUERY}`);
	await expect(director.locator(`[data-tile="${METRIC}"] [data-commentary]`)).toContainText(
		`Agreed ${mark}`
	);
	await director.goto(`/report?${QUERY}`);
	await expect(director.locator('[data-report-commentary]')).toContainText(`Agreed ${mark}`);

	// The director and the partner both open the page, then both publish.
	const partnerContext = await browser.newContext();
	const partner = await partnerContext.newPage();
	await signIn(partner, LEADERSHIP.partner, PAGE);
	await director.goto(PAGE);
	const partnersText = `Partner ${mark}: police attendance rose.`;
	const directorsText = `Director ${mark}: conferences on time.`;
	await partner.getByLabel('What the figure means and what is being done').fill(partnersText);
	await box.fill(directorsText);
	await partner.getByRole('button', { name: 'Publish', exact: true }).click();
	await expect(partner.locator('#commentary [data-done]')).toContainText('Commentary published');
	await director.getByRole('button', { name: 'Publish', exact: true }).click();
	await expect(director.locator('#commentary [data-done]')).toContainText(
		`not published: ${LEADERSHIP.partner} saved version`
	);
	await expect(director.locator('[data-published-commentary]')).toContainText(partnersText);
	const versions = director.locator('[data-versions]');
	await expect(versions).toContainText(partnersText);
	await expect(versions).toContainText(directorsText);
	await expectNoAxeViolations(director);
	await partnerContext.close();
	await directorContext.close();
});

test('actions: raised from a measure, overdue on the overview and in the report, kept by their agency', async ({
	browser,
	baseURL
}) => {
	test.setTimeout(120_000);
	const directorContext = await browser.newContext();
	const director = await directorContext.newPage();
	await signIn(director, LEADERSHIP.director, PAGE);
	const mark = marker();

	// From the measure's page, the form opens on that measure.
	await director.locator('[data-raise-action]').click();
	await expect(director.getByLabel('Measure it is about')).toHaveValue(METRIC);
	await director.getByLabel('What will be done').fill(`Book conferences earlier ${mark}`);
	await director.getByLabel('Agency that will act').selectOption('local_authority');
	await director.getByLabel('Owner').fill('Head of Service, child protection');
	await director.getByLabel('Due by').fill('2099-06-30');
	await director.getByRole('button', { name: 'Raise action' }).click();
	await expect(director.locator('[data-done]')).toHaveText('Action raised.');

	// One already overdue, for the police (sent as a form would be: a browser offers no past date).
	const overdueTitle = `Police attend every strategy discussion ${mark}`;
	const actionsQuery = `period=custom&from=${PERIOD.from}&to=${PERIOD.to}&area=${LEADERSHIP.la}`;
	const raised = await director.request.post(`/actions?/raise&${actionsQuery}`, {
		form: {
			area: `la:${LEADERSHIP.la}`,
			month: '2025-03',
			metric: 'strategy_core_attendance',
			title: overdueTitle,
			agency: 'police',
			owner: 'Detective Inspector, public protection',
			due: '2025-01-31'
		},
		headers: { origin: baseURL!, accept: 'text/html' }
	});
	expect(raised.status()).toBe(200);

	await director.goto(`/?${actionsQuery}`);
	await expect(director.locator('[data-overdue-actions]')).toContainText(overdueTitle);
	// Each signal offers to raise an action on its measure.
	const signals = await director.locator('[data-signal]').count();
	await expect(director.locator('[data-signal] [data-raise-action]')).toHaveCount(signals);
	await director.goto(`/report?${actionsQuery}`);
	await expect(director.locator('[data-report-actions]')).toContainText(overdueTitle);
	await expect(director.locator('[data-report-actions]')).toContainText('Overdue');

	// The director sees the police action but does not keep it.
	await director.goto(`/actions?${actionsQuery}`);
	const policeAction = director.locator('[data-action]', { hasText: overdueTitle });
	await expect(policeAction.locator('[data-overdue]')).toBeVisible();
	await expect(policeAction.getByRole('button', { name: /Record progress/ })).toHaveCount(0);
	const id = (await policeAction.getAttribute('data-action'))!;
	const refused = await director.request.post(`/actions?/update&${actionsQuery}`, {
		form: { area: `la:${LEADERSHIP.la}`, id, status: 'done', note: 'forged' },
		headers: { origin: baseURL!, accept: 'text/html' }
	});
	expect(refused.status()).toBe(400);
	expect(await refused.text()).toContain('only they record its progress');
	await expectNoAxeViolations(director);

	// The police partner keeps it: done, and no longer overdue anywhere.
	const partnerContext = await browser.newContext();
	const partner = await partnerContext.newPage();
	await signIn(partner, LEADERSHIP.partner, `/actions?${actionsQuery}`);
	const theirs = partner.locator('[data-action]', { hasText: overdueTitle });
	await theirs.getByLabel('Status').selectOption('done');
	await theirs.getByLabel('Progress').fill('Attending every discussion since January.');
	await theirs.getByRole('button', { name: /Record progress/ }).click();
	await expect(partner.locator('[data-done]')).toHaveText('Progress recorded.');
	await expect(partner.locator('[data-action]', { hasText: overdueTitle })).toContainText(
		'Attending every discussion since January.'
	);
	// A partner raises for their own agency only.
	const notTheirs = await partner.request.post(`/actions?/raise&${actionsQuery}`, {
		form: {
			area: `la:${LEADERSHIP.la}`,
			title: 'x',
			agency: 'local_authority',
			owner: 'y',
			due: '2099-01-01'
		},
		headers: { origin: baseURL!, accept: 'text/html' }
	});
	expect(notTheirs.status()).toBe(400);
	await partnerContext.close();

	await director.goto(`/?${actionsQuery}`);
	await expect(director.locator('[data-overdue-actions]', { hasText: overdueTitle })).toHaveCount(
		0
	);
	await directorContext.close();

	// Anyone else: refused, and central government has no action log.
	for (const who of [DEMO.leader, DEMO.police, DEMO.national]) {
		const context = await browser.newContext();
		const page = await context.newPage();
		await signIn(page, who);
		const r = await page.request.post(`/actions?/raise&period=2024-25`, {
			form: {
				area: `la:${LEADERSHIP.la}`,
				title: 'forged',
				agency: 'police',
				owner: 'x',
				due: '2099-01-01'
			},
			headers: { origin: baseURL!, accept: 'text/html' }
		});
		expect([403, 404], who).toContain(r.status());
		if (who === DEMO.national) {
			await page.goto('/actions');
			await expect(page.locator('[data-no-actions]')).toBeVisible();
			await page.goto('/');
			await expect(page.locator('[data-tile]').first()).toBeVisible();
			await expect(page.locator('[data-raise-action]')).toHaveCount(0);
		}
		await context.close();
	}
});
