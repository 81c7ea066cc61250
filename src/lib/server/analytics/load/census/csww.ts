// The children's social work workforce census: each worker (`CSWWWorker`) as a practitioner of
// children's social care, and the authority's vacancies at the census day. The census has no
// qualification date, team or child protection accreditation, so those stay empty; personal
// details it carries (date of birth, sex, ethnicity, absences) are never read.
import { child, type XmlNode } from '../xml/records';
import { censusBoolean } from './cin';
import type { CensusRow, Origin } from './rows';

const worker: Origin = {
	table: 'practitioners',
	block: 'Message/CSWWWorker',
	elements: {
		worker_id: 'SWENo',
		role: 'OrgRole',
		start_date: 'RoleStartDate',
		end_date: 'RoleEndDate',
		fte: 'FTE',
		agency_worker: 'AgencyWorker'
	}
};

export const CSWW_ORIGINS = {
	worker,
	// A worker who left before the census day: their FTE is the one when they left.
	leaver: { ...worker, elements: { ...worker.elements, fte: 'FTE30' } },
	vacancies: {
		table: 'vacancies',
		block: 'Message/LALevelVacancies',
		elements: { vacant_fte: 'NumberOfVacancies', snapshot_date: '' }
	}
} satisfies Record<string, Origin>;

const text = (node: XmlNode, name: string) => child(node, name)?.text ?? '';

/** Whether a full-time equivalent as sent is a positive number. */
const positive = (fte: string) => fte !== '' && Number(fte) > 0;

/**
 * A worker as a practitioner of `la`. A worker who left before the census day has no FTE at it
 * (0 or none); their FTE when they left (FTE30) is taken instead.
 */
export function cswwWorkerRow(record: XmlNode, la: string): CensusRow {
	const fte = text(record, 'FTE');
	const useLeaving = !positive(fte) && child(record, 'FTE30') !== undefined;
	return {
		origin: useLeaving ? 'leaver' : 'worker',
		node: record,
		values: {
			worker_id: text(record, 'SWENo'),
			la_code: la,
			agency: 'social_care',
			role: text(record, 'OrgRole'),
			team: '',
			qualified_month: '',
			start_date: text(record, 'RoleStartDate'),
			end_date: text(record, 'RoleEndDate'),
			fte: useLeaving ? text(record, 'FTE30') : fte,
			agency_worker: censusBoolean(text(record, 'AgencyWorker')),
			cp_specialist: ''
		}
	};
}

/** The authority's vacant social worker posts (FTE) on the census day. */
export function cswwVacancyRow(record: XmlNode, la: string, referenceDate: string): CensusRow {
	return {
		origin: 'vacancies',
		node: record,
		values: {
			la_code: la,
			snapshot_date: referenceDate,
			agency: 'social_care',
			vacant_fte: text(record, 'NumberOfVacancies')
		}
	};
}
