// The Children in Need census: one child's record (a `Child` element) turned into rows of the
// contract's tables, read by element name wherever the elements sit. The census carries no ids
// for episodes, assessments, enquiries, conferences or plans, so each row's id is made from the
// child and a date (natural ids, the same in every year's return, so that a plan reported in
// two returns is one plan). What the census does not record is left empty, never invented;
// where the contract needs a value the census implies, the rule is given beside it.
import { naturalId } from '$lib/contract';
import { child, type XmlNode } from '../xml/records';
import type { CensusRow, Origin } from './rows';

/** Where each table's rows come from in a Child record, and which element feeds each column. */
const CIN_BASE = {
	child: {
		table: 'children',
		block: 'Message/Children/Child',
		elements: {
			child_id: 'ChildIdentifiers/LAchildID',
			sex: 'ChildIdentifiers/Sex',
			birth_month: 'ChildIdentifiers/PersonBirthDate',
			ethnicity: 'ChildCharacteristics/Ethnicity',
			disability: 'ChildCharacteristics/Disabilities'
		}
	},
	referral: {
		table: 'referrals',
		block: 'Message/Children/Child/CINdetails',
		elements: {
			referral_id: 'CINreferralDate',
			referral_date: 'CINreferralDate',
			source: 'ReferralSource',
			primary_need: 'PrimaryNeedCode',
			nfa: 'ReferralNFA',
			close_date: 'CINclosureDate',
			close_reason: 'ReasonForClosure'
		}
	},
	assessment: {
		table: 'assessments',
		block: 'Message/Children/Child/CINdetails/Assessments',
		elements: {
			assessment_id: 'AssessmentActualStartDate',
			start_date: 'AssessmentActualStartDate',
			authorised_date: 'AssessmentAuthorisationDate',
			factors: 'FactorsIdentifiedAtAssessment/AssessmentFactors'
		}
	},
	s47: {
		table: 's47_enquiries',
		block: 'Message/Children/Child/CINdetails/Section47',
		elements: {
			s47_id: 'S47ActualStartDate',
			start_date: 'S47ActualStartDate',
			outcome: 'DateOfInitialCPC'
		}
	},
	s47Conference: {
		table: 'conferences',
		block: 'Message/Children/Child/CINdetails/Section47',
		elements: { conference_id: 'DateOfInitialCPC', date: 'DateOfInitialCPC' }
	},
	episodeConference: {
		table: 'conferences',
		block: 'Message/Children/Child/CINdetails',
		elements: { conference_id: 'DateOfInitialCPC', date: 'DateOfInitialCPC' }
	},
	plan: {
		table: 'cp_plans',
		block: 'Message/Children/Child/CINdetails/ChildProtectionPlans',
		elements: {
			plan_id: 'CPPstartDate',
			start_date: 'CPPstartDate',
			end_date: 'CPPendDate',
			initial_category: 'InitialCategoryOfAbuse',
			latest_category: 'LatestCategoryOfAbuse',
			previous_plans: 'NumberOfPreviousCPP'
		}
	},
	review: {
		table: 'conferences',
		block: 'Message/Children/Child/CINdetails/ChildProtectionPlans/Reviews/CPPreviewDate',
		elements: { conference_id: '', date: '' }
	}
} satisfies Record<string, Origin>;

/** Sex read from GenderCurrent (returns before 2024-25) rather than Sex. */
const childGender: Origin = {
	...CIN_BASE.child,
	elements: { ...CIN_BASE.child.elements, sex: 'ChildIdentifiers/GenderCurrent' }
};
/** An enquiry with no conference: its outcome is read from ICPCnotRequired. */
const s47WithoutConference: Origin = {
	...CIN_BASE.s47,
	elements: { ...CIN_BASE.s47.elements, outcome: 'ICPCnotRequired' }
};

export const CIN_ORIGINS = { ...CIN_BASE, childGender, s47WithoutConference };
type CinOrigin = keyof typeof CIN_ORIGINS;

/** The text of a child element, '' when absent. */
const text = (node: XmlNode | undefined, name: string) => (node && child(node, name)?.text) ?? '';

const all = (node: XmlNode, name: string) => node.children.filter((c) => c.name === name);

/** The census's yes/no (true, false, TRUE, FALSE, 1, 0) as the contract's; anything else as sent. */
export function censusBoolean(value: string): string {
	const v = value.toLowerCase();
	if (v === 'true' || v === '1') return 'true';
	if (v === 'false' || v === '0') return 'false';
	return value;
}

/**
 * Sex as M, F or U: `Sex` from 2024-25, else `GenderCurrent` (1 male, 2 female, 0 not recorded
 * or unborn, 9 indeterminate, which the contract can only hold as unknown).
 */
function sexOf(ids: XmlNode | undefined): { value: string; origin: CinOrigin } {
	const sex = ids && child(ids, 'Sex');
	if (sex) return { value: sex.text, origin: 'child' };
	const gender = text(ids, 'GenderCurrent');
	const mapped = ({ '1': 'M', '2': 'F', '0': 'U', '9': 'U' } as Record<string, string>)[gender];
	return { value: mapped ?? gender, origin: 'childGender' };
}

/**
 * Disability: true when any `Disability` is other than NONE, false when NONE is all there is,
 * empty when the return has no `Disabilities`.
 */
function disabilityOf(characteristics: XmlNode | undefined): string {
	const list = characteristics && child(characteristics, 'Disabilities');
	if (!list) return '';
	const codes = all(list, 'Disability').map((d) => d.text);
	if (codes.length === 0) return '';
	return String(codes.some((c) => c !== 'NONE'));
}

/**
 * Every contract row one Child record gives, for the authority `la`. Rows are given in the
 * record's order, each with the element it came from.
 */
export function cinChildRows(record: XmlNode, la: string): CensusRow[] {
	const rows: CensusRow[] = [];
	const ids = child(record, 'ChildIdentifiers');
	const characteristics = child(record, 'ChildCharacteristics');
	const childId = text(ids, 'LAchildID');
	const sex = sexOf(ids);
	rows.push({
		origin: sex.origin,
		node: record,
		values: {
			child_id: childId,
			la_code: la,
			sex: sex.value,
			// Only the month, ever; an unborn child (only an expected date) has none yet.
			birth_month: text(ids, 'PersonBirthDate').slice(0, 7),
			ethnicity: text(characteristics, 'Ethnicity'),
			disability: disabilityOf(characteristics)
		}
	});
	for (const episode of all(record, 'CINdetails')) rows.push(...episodeRows(episode, childId, la));
	return rows;
}

/** The rows of one episode (`CINdetails`): its referral and everything recorded inside it. */
function episodeRows(episode: XmlNode, childId: string, la: string): CensusRow[] {
	const rows: CensusRow[] = [];
	const referralDate = text(episode, 'CINreferralDate');
	const referralId = naturalId.referral(childId, referralDate);
	rows.push({
		origin: 'referral',
		node: episode,
		values: {
			referral_id: referralId,
			child_id: childId,
			la_code: la,
			referral_date: referralDate,
			source: text(episode, 'ReferralSource'),
			primary_need: text(episode, 'PrimaryNeedCode'),
			nfa: censusBoolean(text(episode, 'ReferralNFA')),
			close_date: text(episode, 'CINclosureDate'),
			close_reason: text(episode, 'ReasonForClosure')
		}
	});
	for (const a of all(episode, 'Assessments')) {
		const start = text(a, 'AssessmentActualStartDate');
		const factors = child(a, 'FactorsIdentifiedAtAssessment');
		rows.push({
			origin: 'assessment',
			node: a,
			values: {
				assessment_id: naturalId.assessment(childId, start),
				referral_id: referralId,
				child_id: childId,
				la_code: la,
				start_date: start,
				authorised_date: text(a, 'AssessmentAuthorisationDate'),
				factors: factors
					? all(factors, 'AssessmentFactors')
							.map((f) => f.text)
							.join(';')
					: ''
			}
		});
	}

	const plans = all(episode, 'ChildProtectionPlans');
	/** The plan an initial conference on this date started (its start is the conference date). */
	const planStartedOn = (date: string) =>
		plans.some((p) => text(p, 'CPPstartDate') === date) ? naturalId.plan(childId, date) : '';
	const initialConference = (date: string, s47Id: string, transferIn: boolean) => {
		const planId = planStartedOn(date);
		return {
			conference_id: naturalId.initialConference(childId, date),
			child_id: childId,
			la_code: la,
			type: 'initial',
			s47_id: s47Id,
			plan_id: planId,
			date,
			outcome: planId ? 'plan' : 'no_plan',
			transfer_in: String(transferIn)
		};
	};

	for (const s of all(episode, 'Section47')) {
		const start = text(s, 'S47ActualStartDate');
		const s47Id = naturalId.s47(childId, start);
		const icpc = text(s, 'DateOfInitialCPC');
		const notRequired = censusBoolean(text(s, 'ICPCnotRequired')) === 'true';
		rows.push({
			// The census records no end date, and cannot tell a child in need outcome from no
			// further action: both are `other`. An enquiry awaiting its conference is open.
			origin: icpc ? 's47' : 's47WithoutConference',
			node: s,
			values: {
				s47_id: s47Id,
				child_id: childId,
				referral_id: referralId,
				strategy_id: '',
				la_code: la,
				start_date: start,
				end_date: '',
				outcome: icpc ? 'icpc' : notRequired ? 'other' : ''
			}
		});
		if (icpc)
			rows.push({
				origin: 's47Conference',
				node: s,
				values: initialConference(icpc, s47Id, false)
			});
	}
	// An initial conference recorded on the episode rather than an enquiry followed no enquiry
	// in this authority: the census's place for a child moving in on another authority's plan.
	const episodeIcpc = text(episode, 'DateOfInitialCPC');
	if (episodeIcpc)
		rows.push({
			origin: 'episodeConference',
			node: episode,
			values: initialConference(episodeIcpc, '', true)
		});

	for (const p of plans) {
		const start = text(p, 'CPPstartDate');
		const end = text(p, 'CPPendDate');
		const planId = naturalId.plan(childId, start);
		rows.push({
			origin: 'plan',
			node: p,
			values: {
				plan_id: planId,
				child_id: childId,
				la_code: la,
				start_date: start,
				end_date: end,
				initial_category: text(p, 'InitialCategoryOfAbuse'),
				latest_category: text(p, 'LatestCategoryOfAbuse'),
				previous_plans: text(p, 'NumberOfPreviousCPP'),
				// Recorded only for the episode (ReasonForClosure), not for the plan.
				end_reason: ''
			}
		});
		// Every review date of every Reviews block. The census records no review's decision:
		// the review on the day the plan ended is read as ending it, any other as continuing it.
		for (const reviews of all(p, 'Reviews'))
			for (const r of all(reviews, 'CPPreviewDate'))
				rows.push({
					origin: 'review',
					node: r,
					values: {
						conference_id: naturalId.reviewConference(childId, r.text),
						child_id: childId,
						la_code: la,
						type: 'review',
						s47_id: '',
						plan_id: planId,
						date: r.text,
						outcome: end !== '' && end === r.text ? 'end' : 'continue',
						transfer_in: 'false'
					}
				});
	}
	return rows;
}
