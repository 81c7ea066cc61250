// One fictional authority's records as the returns a real authority makes: a Children in Need
// census return for every year (to 31 March) in which it had an open episode, each showing the
// episodes open in that year as they stood on 31 March, and a workforce census return for every
// year (to 30 September), written to the schemas the census collections publish. The tables
// neither census carries stay CSV, with their references to census records renamed the way the
// import names those records (child and date), and workers named by a Social Work England
// number, as the workforce census names them.
import { CENSUS_TABLES, naturalId, type TableName } from '../contract';
import { addDays } from '../stats/dates';

/** An authority's rows by table, each row by column name (as the CSV holds it). */
export type AuthorityRows = Map<TableName, Record<string, string>[]>;

export interface CensusFiles {
	/** Returns, by file name. */
	returns: { name: string; xml: string }[];
	/** The rows of the tables that stay CSV, their references renamed. */
	local: AuthorityRows;
}

/** The tables the returns carry in place of CSV. */
export const CENSUS_CARRIED: TableName[] = [...CENSUS_TABLES.CIN, ...CENSUS_TABLES.CSWW];

/** The authority's census returns and its other tables, for an extract ending on 31 March. */
export function censusFiles(dfeCode: string, rows: AuthorityRows, extracted: string): CensusFiles {
	if (!extracted.endsWith('-03-31'))
		throw new Error('census returns are written for extracts ending on 31 March');
	const get = (t: TableName) => rows.get(t) ?? [];
	const episodes = new EpisodeIndex(rows);
	const workers = swenos(get('practitioners'));
	const returns: { name: string; xml: string }[] = [];
	const lastYear = Number(extracted.slice(0, 4));
	for (let year = episodes.firstYear(); year <= lastYear; year++) {
		const xml = cinReturn(dfeCode, year, episodes);
		if (xml) returns.push({ name: `cin-${dfeCode}-${year}.xml`, xml });
	}
	// The last workforce census day on or before the extract date (30 September of the year before).
	const lastWorkforceYear = lastYear - 1;
	const firstLeaving = firstLeavingYear(get('practitioners'));
	const reported = new Set<string>();
	for (let year = Math.min(firstLeaving, lastWorkforceYear); year <= lastWorkforceYear; year++)
		returns.push({
			name: `csww-${dfeCode}-${year}.xml`,
			xml: cswwReturn(dfeCode, year, get('practitioners'), get('vacancies'), workers, reported)
		});
	return { returns, local: renamedLocalTables(rows, episodes, workers, reported) };
}

type Row = Record<string, string>;

/** Every census record of the authority, grouped by the episode (referral) it sits in. */
class EpisodeIndex {
	readonly children = new Map<string, Row>();
	readonly byChild = new Map<string, Row[]>();
	readonly assessments = new Map<string, Row[]>();
	readonly enquiries = new Map<string, Row[]>();
	readonly plans = new Map<string, Row[]>();
	/** Initial conferences recorded in an enquiry, by enquiry; and those recorded on an episode. */
	readonly enquiryConference = new Map<string, Row>();
	readonly episodeConference = new Map<string, Row>();
	readonly reviews = new Map<string, Row[]>();
	/** Natural ids of referrals, enquiries, plans and conferences, by the generator's ids. */
	readonly names = new Map<string, string>();

	constructor(rows: AuthorityRows) {
		const get = (t: TableName) => rows.get(t) ?? [];
		const push = (m: Map<string, Row[]>, k: string, r: Row) => {
			const list = m.get(k);
			if (list) list.push(r);
			else m.set(k, [r]);
		};
		for (const c of get('children')) this.children.set(c.child_id!, c);
		for (const r of get('referrals')) {
			push(this.byChild, r.child_id!, r);
			this.names.set(r.referral_id!, naturalId.referral(r.child_id!, r.referral_date!));
		}
		for (const a of get('assessments')) push(this.assessments, a.referral_id!, a);
		const enquiryEpisode = new Map<string, string>();
		for (const s of get('s47_enquiries')) {
			push(this.enquiries, s.referral_id!, s);
			enquiryEpisode.set(s.s47_id!, s.referral_id!);
		}
		for (const p of get('cp_plans')) {
			push(this.plans, this.episodeOn(p.child_id!, p.start_date!), p);
			this.names.set(p.plan_id!, naturalId.plan(p.child_id!, p.start_date!));
		}
		for (const c of get('conferences')) {
			if (c.type === 'review') {
				push(this.reviews, c.plan_id!, c);
				this.names.set(c.conference_id!, naturalId.reviewConference(c.child_id!, c.date!));
				continue;
			}
			this.names.set(c.conference_id!, naturalId.initialConference(c.child_id!, c.date!));
			if (c.s47_id) this.enquiryConference.set(c.s47_id, c);
			else this.episodeConference.set(this.episodeOn(c.child_id!, c.date!), c);
		}
	}

	/** The referral id of the child's episode open on the day (one at a time). */
	episodeOn(child: string, day: string): string {
		const r = (this.byChild.get(child) ?? []).find(
			(e) => e.referral_date! <= day && (!e.close_date || e.close_date >= day)
		);
		if (!r) throw new Error(`no episode of ${child} is open on ${day}`);
		return r.referral_id!;
	}

	/** The census year (to 31 March) of the earliest referral. */
	firstYear(): number {
		let first = '9999-12-31';
		for (const rs of this.byChild.values())
			for (const r of rs) if (r.referral_date! < first) first = r.referral_date!;
		return censusYear(first);
	}
}

/** The census year a day falls in: 2025 for 1 April 2024 to 31 March 2025. */
const censusYear = (day: string) => Number(day.slice(0, 4)) + (day.slice(5) > '03-31' ? 1 : 0);

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;');
/** An element with text, or nothing when the text is empty. */
const leaf = (name: string, text: string | undefined) =>
	text ? `<${name}>${esc(text)}</${name}>` : '';
const node = (name: string, inner: string[]) => `<${name}>${inner.join('')}</${name}>`;

function header(collection: 'CIN' | 'CSWW', dfeCode: string, year: number, reference: string) {
	return node('Header', [
		node('CollectionDetails', [
			leaf('Collection', collection),
			leaf('Year', String(year)),
			leaf('ReferenceDate', reference)
		]),
		node('Source', [
			leaf('SourceLevel', 'L'),
			leaf('LEA', dfeCode),
			leaf('SoftwareCode', 'CP Oversight synthetic data'),
			leaf('DateTime', `${reference}T00:00:00`)
		])
	]);
}

/**
 * The Children in Need census return for the year to 31 March `year`: every episode open at
 * some time in the year, as it stood on 31 March (nothing dated after it). Null if none.
 */
function cinReturn(dfeCode: string, year: number, e: EpisodeIndex): string | null {
	const reference = `${year}-03-31`;
	const from = `${year - 1}-04-01`;
	const upTo = (d: string | undefined) => (d && d <= reference ? d : '');
	const children: string[] = [];
	for (const [childId, referrals] of e.byChild) {
		const open = referrals.filter(
			(r) => r.referral_date! <= reference && (!r.close_date || r.close_date >= from)
		);
		if (open.length === 0) continue;
		const c = e.children.get(childId)!;
		children.push(
			node('Child', [
				node('ChildIdentifiers', [
					leaf('LAchildID', childId),
					leaf('PersonBirthDate', c.birth_month ? `${c.birth_month}-01` : ''),
					leaf('GenderCurrent', { M: '1', F: '2' }[c.sex!] ?? '0')
				]),
				node('ChildCharacteristics', [
					leaf('Ethnicity', c.ethnicity),
					c.disability === ''
						? ''
						: node('Disabilities', [leaf('Disability', c.disability === 'true' ? 'LD' : 'NONE')])
				]),
				...open.map((r) => episode(r, e, upTo))
			])
		);
	}
	if (children.length === 0) return null;
	return `<?xml version="1.0" encoding="UTF-8"?>\n${node('Message', [
		header('CIN', dfeCode, year, reference),
		node('Children', children)
	])}\n`;
}

/** One episode (CINdetails) with what had happened in it by the reference date. */
function episode(r: Row, e: EpisodeIndex, upTo: (d: string | undefined) => string): string {
	const closed = upTo(r.close_date);
	const episodeIcpc = e.episodeConference.get(r.referral_id!);
	const enquiries = (e.enquiries.get(r.referral_id!) ?? []).filter((s) => upTo(s.start_date));
	return node('CINdetails', [
		leaf('CINreferralDate', r.referral_date),
		leaf('ReferralSource', r.source),
		leaf('PrimaryNeedCode', r.primary_need),
		leaf('CINclosureDate', closed),
		leaf('ReasonForClosure', closed ? r.close_reason : ''),
		leaf('DateOfInitialCPC', upTo(episodeIcpc?.date)),
		...(e.assessments.get(r.referral_id!) ?? [])
			.filter((a) => upTo(a.start_date))
			.map((a) =>
				node('Assessments', [
					leaf('AssessmentActualStartDate', a.start_date),
					leaf('AssessmentAuthorisationDate', upTo(a.authorised_date)),
					a.factors
						? node(
								'FactorsIdentifiedAtAssessment',
								a.factors.split(';').map((f) => leaf('AssessmentFactors', f))
							)
						: ''
				])
			),
		...enquiries.map((s) => {
			const icpc = upTo(e.enquiryConference.get(s.s47_id!)?.date);
			// Known not to need a conference once it ended another way.
			const notRequired = !icpc && upTo(s.end_date) !== '' && s.outcome !== 'icpc';
			return node('Section47', [
				leaf('S47ActualStartDate', s.start_date),
				leaf('DateOfInitialCPC', icpc),
				leaf('ICPCnotRequired', String(notRequired))
			]);
		}),
		leaf('ReferralNFA', r.nfa),
		...(e.plans.get(r.referral_id!) ?? [])
			.filter((p) => upTo(p.start_date))
			.map((p) => {
				const reviews = (e.reviews.get(p.plan_id!) ?? []).filter((c) => upTo(c.date));
				return node('ChildProtectionPlans', [
					leaf('CPPstartDate', p.start_date),
					leaf('CPPendDate', upTo(p.end_date)),
					leaf('InitialCategoryOfAbuse', p.initial_category),
					leaf('LatestCategoryOfAbuse', p.latest_category),
					`<NumberOfPreviousCPP>${p.previous_plans}</NumberOfPreviousCPP>`,
					reviews.length
						? node(
								'Reviews',
								reviews.map((c) => leaf('CPPreviewDate', c.date))
							)
						: ''
				]);
			})
	]);
}

/** Each worker's Social Work England number (two letters and ten digits), by worker id. */
function swenos(practitioners: Row[]): Map<string, string> {
	return new Map(
		practitioners.map((p, i) => [p.worker_id!, `SW${String(i + 1).padStart(10, '0')}`])
	);
}

/**
 * The workforce census year (to 30 September) of the earliest leaving: every worker is in the
 * return of the year they left, or of every year they were in post on its census day.
 */
function firstLeavingYear(practitioners: Row[]): number {
	let first = Infinity;
	for (const p of practitioners) {
		if (!p.end_date) continue;
		const year = Number(p.end_date.slice(0, 4)) + (p.end_date.slice(5) > '09-30' ? 1 : 0);
		if (year < first) first = year;
	}
	return first;
}

/**
 * The workforce census return as at 30 September `year`: every worker in post that day or
 * leaving in the year before it, and the vacancies counted that day.
 */
function cswwReturn(
	dfeCode: string,
	year: number,
	practitioners: Row[],
	vacancies: Row[],
	workers: Map<string, string>,
	reported: Set<string>
): string {
	const day = `${year}-09-30`;
	const yearStart = addDays(`${year - 1}-09-30`, 1);
	const fte6 = (fte: string) => Number(fte).toFixed(6);
	const included = practitioners.filter(
		(p) => p.start_date! <= day && (!p.end_date || p.end_date >= yearStart)
	);
	const inPost = included.filter((p) => !p.end_date || p.end_date > day);
	const agency = inPost.filter((p) => p.agency_worker === 'true');
	const vacant = vacancies
		.filter((v) => v.agency === 'social_care' && v.snapshot_date! <= day)
		.sort((a, b) => a.snapshot_date!.localeCompare(b.snapshot_date!))
		.at(-1);
	const workerXml = included.map((p) => {
		reported.add(p.worker_id!);
		const left = p.end_date && p.end_date <= day;
		return node('CSWWWorker', [
			leaf('AgencyWorker', p.agency_worker === 'true' ? '1' : '0'),
			leaf('SWENo', workers.get(p.worker_id!)),
			`<FTE>${left ? fte6('0') : fte6(p.fte!)}</FTE>`,
			leaf('QualInst', 'Not recorded'),
			leaf('OrgRole', p.role),
			leaf('RoleStartDate', p.start_date),
			leaf('RoleEndDate', left ? p.end_date : ''),
			left ? leaf('FTE30', fte6(p.fte!)) : ''
		]);
	});
	return `<?xml version="1.0" encoding="UTF-8"?>\n${node('Message', [
		header('CSWW', dfeCode, year, day),
		node('LALevelVacancies', [
			leaf('NumberOfVacancies', Number(vacant?.vacant_fte ?? 0).toFixed(2)),
			leaf('NoAgencyFTE', agency.reduce((n, p) => n + Number(p.fte), 0).toFixed(2)),
			leaf('NoAgencyHeadcount', String(agency.length))
		]),
		...workerXml
	])}\n`;
}

/**
 * The tables that stay CSV, naming census records and workers as the returns do. Allocations
 * to workers no return reports (those who started after the last census day) are left out: the
 * workforce census cannot name them, and an allocation must name a worker.
 */
function renamedLocalTables(
	rows: AuthorityRows,
	e: EpisodeIndex,
	workers: Map<string, string>,
	reported: Set<string>
): AuthorityRows {
	const rename: Partial<Record<TableName, Record<string, Map<string, string>>>> = {
		strategy_discussions: { referral_id: e.names },
		conference_attendance: { conference_id: e.names },
		cp_visits: { plan_id: e.names },
		allocations: { worker_id: workers }
	};
	const local: AuthorityRows = new Map();
	for (const [t, list] of rows) {
		if (CENSUS_CARRIED.includes(t)) continue;
		const columns = rename[t] ?? {};
		const kept = t === 'allocations' ? list.filter((r) => reported.has(r.worker_id!)) : list;
		// Renamed in place: the rows are this authority's alone and written once.
		for (const r of kept)
			for (const [col, names] of Object.entries(columns))
				if (r[col]) r[col] = names.get(r[col]!) ?? r[col]!;
		local.set(t, kept);
	}
	return local;
}
