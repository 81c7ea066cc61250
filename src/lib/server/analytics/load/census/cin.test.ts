// One Child record of the Children in Need census, as contract rows: every spelling and place
// the census allows for the same fact gives the same rows, and nothing identifying is carried.
import { describe, expect, it } from 'vitest';
import { xmlRecords, type XmlNode } from '../xml/records';
import { censusBoolean, cinChildRows } from './cin';

async function childOf(xml: string): Promise<XmlNode> {
	const out: XmlNode[] = [];
	for await (const r of xmlRecords([new TextEncoder().encode(xml)], 'cin.xml', ['Child']))
		out.push(r);
	return out[0]!;
}

const rowsOf = async (xml: string) => cinChildRows(await childOf(xml), 'E09000001');

/** Rows of a table, as their values. */
const table = async (xml: string, origin: string | RegExp) =>
	(await rowsOf(xml))
		.filter((r) => (typeof origin === 'string' ? r.origin === origin : origin.test(r.origin)))
		.map((r) => r.values);

const ids = (inner = '') => `
	<ChildIdentifiers>
		<LAchildID>K1</LAchildID>
		<UPN>A123456789012</UPN>
		<FormerUPN>B123456789012</FormerUPN>
		<PersonBirthDate>2016-04-30</PersonBirthDate>
		${inner}
	</ChildIdentifiers>`;

const child = (identifiers: string, characteristics: string, episodes: string) =>
	`<Child>${identifiers}<ChildCharacteristics><Ethnicity>WBRI</Ethnicity>${characteristics}</ChildCharacteristics>${episodes}</Child>`;

const episode = (inner: string) => `
	<CINdetails>
		<CINreferralDate>2024-05-01</CINreferralDate>
		<ReferralSource>5A</ReferralSource>
		<PrimaryNeedCode>N1</PrimaryNeedCode>
		<ReferralNFA>false</ReferralNFA>
		${inner}
	</CINdetails>`;

describe('the census’s yes and no', () => {
	it.each([
		['true', 'true'],
		['TRUE', 'true'],
		['1', 'true'],
		['false', 'false'],
		['FALSE', 'false'],
		['0', 'false'],
		['yes', 'yes']
	])('%s reads as %s', (sent, read) => expect(censusBoolean(sent)).toBe(read));
});

describe('the child', () => {
	it.each([
		['<GenderCurrent>1</GenderCurrent>', 'M'],
		['<GenderCurrent>2</GenderCurrent>', 'F'],
		['<GenderCurrent>0</GenderCurrent>', 'U'],
		['<GenderCurrent>9</GenderCurrent>', 'U'],
		['<Sex>F</Sex>', 'F'],
		['<GenderCurrent>1</GenderCurrent><Sex>U</Sex>', 'U'],
		['<GenderCurrent>7</GenderCurrent>', '7']
	])('%s gives sex %s', async (sent, sex) => {
		const [c] = await table(child(ids(sent), '', episode('')), /^child/);
		expect(c!.sex).toBe(sex);
	});

	it.each([
		['', ''],
		['<Disabilities><Disability>NONE</Disability></Disabilities>', 'false'],
		[
			'<Disabilities><Disability>NONE</Disability><Disability>HEAR</Disability></Disabilities>',
			'true'
		],
		['<Disabilities><Disability>AUT</Disability></Disabilities>', 'true']
	])('disabilities %s read as %s', async (sent, disability) => {
		const [c] = await table(child(ids('<Sex>M</Sex>'), sent, episode('')), /^child/);
		expect(c!.disability).toBe(disability);
	});

	it('keeps only the month of birth, and none for a child not yet born', async () => {
		const [born] = await table(child(ids('<Sex>M</Sex>'), '', episode('')), /^child/);
		expect(born!.birth_month).toBe('2016-04');
		const unborn = `<ChildIdentifiers><LAchildID>K2</LAchildID><ExpectedPersonBirthDate>2025-01-09</ExpectedPersonBirthDate><Sex>U</Sex></ChildIdentifiers>`;
		const [c] = await table(child(unborn, '', episode('')), /^child/);
		expect(c!.birth_month).toBe('');
	});

	it('carries no UPN, former UPN or full date of birth in any row', async () => {
		const rows = await rowsOf(
			child(
				ids('<Sex>M</Sex>'),
				'',
				episode(
					'<Section47><S47ActualStartDate>2024-05-02</S47ActualStartDate><DateOfInitialCPC>2024-05-20</DateOfInitialCPC><ICPCnotRequired>false</ICPCnotRequired></Section47>'
				)
			)
		);
		const values = rows.flatMap((r) => Object.values(r.values));
		for (const secret of ['A123456789012', 'B123456789012', '2016-04-30'])
			expect(values.filter((v) => v.includes(secret))).toEqual([]);
	});
});

describe('an episode', () => {
	it('gives the same rows whatever the order of its elements', async () => {
		const inOrder = episode(`
			<Assessments><AssessmentActualStartDate>2024-05-02</AssessmentActualStartDate></Assessments>
			<Section47><S47ActualStartDate>2024-05-03</S47ActualStartDate><ICPCnotRequired>0</ICPCnotRequired></Section47>
			<ChildProtectionPlans><CPPstartDate>2024-05-20</CPPstartDate><InitialCategoryOfAbuse>NEG</InitialCategoryOfAbuse><LatestCategoryOfAbuse>NEG</LatestCategoryOfAbuse><NumberOfPreviousCPP>0</NumberOfPreviousCPP></ChildProtectionPlans>`);
		const reordered = `
			<CINdetails>
				<ChildProtectionPlans><NumberOfPreviousCPP>0</NumberOfPreviousCPP><LatestCategoryOfAbuse>NEG</LatestCategoryOfAbuse><InitialCategoryOfAbuse>NEG</InitialCategoryOfAbuse><CPPstartDate>2024-05-20</CPPstartDate></ChildProtectionPlans>
				<ReferralNFA>false</ReferralNFA>
				<Section47><ICPCnotRequired>0</ICPCnotRequired><S47ActualStartDate>2024-05-03</S47ActualStartDate></Section47>
				<PrimaryNeedCode>N1</PrimaryNeedCode>
				<Assessments><AssessmentActualStartDate>2024-05-02</AssessmentActualStartDate></Assessments>
				<ReferralSource>5A</ReferralSource>
				<CINreferralDate>2024-05-01</CINreferralDate>
			</CINdetails>`;
		const values = async (e: string) =>
			(await rowsOf(child(ids('<Sex>M</Sex>'), '', e))).map((r) => [r.origin, r.values]);
		const sorted = (rows: unknown[]) => rows.map((r) => JSON.stringify(r)).sort();
		expect(sorted(await values(reordered))).toEqual(sorted(await values(inOrder)));
	});

	it('links an initial conference to the plan starting that day, in either place', async () => {
		const plan = (start: string) =>
			`<ChildProtectionPlans><CPPstartDate>${start}</CPPstartDate><InitialCategoryOfAbuse>NEG</InitialCategoryOfAbuse><LatestCategoryOfAbuse>NEG</LatestCategoryOfAbuse><NumberOfPreviousCPP>0</NumberOfPreviousCPP></ChildProtectionPlans>`;
		const conferences = await table(
			child(
				ids('<Sex>M</Sex>'),
				'',
				episode(`
					<Section47><S47ActualStartDate>2024-05-02</S47ActualStartDate><DateOfInitialCPC>2024-05-20</DateOfInitialCPC><ICPCnotRequired>false</ICPCnotRequired></Section47>
					<Section47><S47ActualStartDate>2024-07-01</S47ActualStartDate><DateOfInitialCPC>2024-07-15</DateOfInitialCPC><ICPCnotRequired>false</ICPCnotRequired></Section47>
					${plan('2024-05-20')}`) +
					`<CINdetails>
						<CINreferralDate>2024-09-01</CINreferralDate><ReferralSource>9</ReferralSource><ReferralNFA>false</ReferralNFA>
						<DateOfInitialCPC>2024-09-02</DateOfInitialCPC>${plan('2024-09-02')}
					</CINdetails>`
			),
			/Conference$/
		);
		expect(
			conferences.map((c) => [c.conference_id, c.s47_id, c.plan_id, c.outcome, c.transfer_in])
		).toEqual([
			['K1/ICPC/2024-05-20', 'K1/S47/2024-05-02', 'K1/CPP/2024-05-20', 'plan', 'false'],
			['K1/ICPC/2024-07-15', 'K1/S47/2024-07-01', '', 'no_plan', 'false'],
			['K1/ICPC/2024-09-02', '', 'K1/CPP/2024-09-02', 'plan', 'true']
		]);
	});

	it('reads every review date of every Reviews block, the one on the end date as ending the plan', async () => {
		const reviews = await table(
			child(
				ids('<Sex>M</Sex>'),
				'',
				episode(`
					<ChildProtectionPlans>
						<CPPstartDate>2024-05-20</CPPstartDate><CPPendDate>2025-02-03</CPPendDate>
						<InitialCategoryOfAbuse>NEG</InitialCategoryOfAbuse><LatestCategoryOfAbuse>NEG</LatestCategoryOfAbuse><NumberOfPreviousCPP>0</NumberOfPreviousCPP>
						<Reviews><CPPreviewDate>2024-08-01</CPPreviewDate><CPPreviewDate>2024-11-01</CPPreviewDate></Reviews>
						<Reviews><CPPreviewDate>2025-02-03</CPPreviewDate></Reviews>
					</ChildProtectionPlans>`)
			),
			'review'
		);
		expect(reviews.map((r) => [r.date, r.outcome, r.plan_id])).toEqual([
			['2024-08-01', 'continue', 'K1/CPP/2024-05-20'],
			['2024-11-01', 'continue', 'K1/CPP/2024-05-20'],
			['2025-02-03', 'end', 'K1/CPP/2024-05-20']
		]);
	});

	it('reads an enquiry that needed no conference as closed with outcome other, one awaiting it as open', async () => {
		const s47 = await table(
			child(
				ids('<Sex>M</Sex>'),
				'',
				episode(`
					<Section47><S47ActualStartDate>2024-05-02</S47ActualStartDate><ICPCnotRequired>TRUE</ICPCnotRequired></Section47>
					<Section47><S47ActualStartDate>2024-06-02</S47ActualStartDate><ICPCnotRequired>FALSE</ICPCnotRequired></Section47>`)
			),
			/^s47/
		);
		expect(s47.map((s) => [s.s47_id, s.outcome, s.end_date])).toEqual([
			['K1/S47/2024-05-02', 'other', ''],
			['K1/S47/2024-06-02', '', '']
		]);
	});
});
