// What a census return says about itself: which census, which year, as at which day, from which
// authority. Read from its Header before any record, so that returns can be read newest first
// and an extract made only of returns needs no manifest.
import fs from 'node:fs';
import path from 'node:path';
import { COLLECTION_NAMES, isIsoDate, type Collection } from '$lib/contract';
import { ExtractError, fileProblem, type ExtractProblem, type ProblemList } from '../errors';
import { child, readXmlRecords, type XmlNode } from '../xml/records';
import type { ReturnFile } from './rows';

export interface CensusReturn extends ReturnFile {
	collection: Collection;
	year: number;
	/** The day the return is as at: 31 March (CIN) or 30 September (workforce) of its year. */
	referenceDate: string;
	referenceDateLine: number;
	/** The authority's 3-digit DfE code, and the line it is on. */
	dfeCode: string;
	dfeCodeLine: number;
}

const HEADER_PATH = 'Message/Header';

/** The .xml files of an extract folder, by name. */
export function findReturnFiles(dir: string): ReturnFile[] {
	return fs
		.readdirSync(dir)
		.filter((name) => name.toLowerCase().endsWith('.xml'))
		.sort()
		.map((file) => ({ file, path: path.join(dir, file) }));
}

/** Reads a return's header; a problem instead if it is not a census return or lacks one. */
export async function readReturnHeader(
	f: ReturnFile,
	problems: ProblemList
): Promise<CensusReturn | null> {
	let header: XmlNode | undefined;
	try {
		for await (const node of readXmlRecords(f.path, f.file, ['Header'])) {
			header = node;
			break;
		}
	} catch (e) {
		if (!(e instanceof ExtractError)) throw e;
		for (const p of e.problems) problems.add(p);
		return null;
	}
	const at = (p: string, node: XmlNode | undefined, expected: string): ExtractProblem => ({
		file: f.file,
		line: node?.line ?? header?.line ?? null,
		column: p,
		value: node ? node.text : null,
		expected
	});
	const details = header && child(header, 'CollectionDetails');
	const collection = details && child(details, 'Collection');
	if (!collection || (collection.text !== 'CIN' && collection.text !== 'CSWW')) {
		problems.add(
			collection
				? at(`${HEADER_PATH}/CollectionDetails/Collection`, collection, 'CIN or CSWW')
				: fileProblem(
						f.file,
						'a Children in Need census or workforce census return (its Message/Header/CollectionDetails/Collection says CIN or CSWW)'
					)
		);
		return null;
	}
	const before = problems.size;
	const year = child(details, 'Year');
	if (!year || !/^\d{4}$/.test(year.text))
		problems.add(at(`${HEADER_PATH}/CollectionDetails/Year`, year, 'the census year (4 digits)'));
	const reference = child(details, 'ReferenceDate');
	if (!reference || !isIsoDate(reference.text))
		problems.add(
			at(`${HEADER_PATH}/CollectionDetails/ReferenceDate`, reference, 'a date as YYYY-MM-DD')
		);
	const source = child(header!, 'Source');
	const lea = source && child(source, 'LEA');
	if (!lea || !/^\d{3}$/.test(lea.text))
		problems.add(
			at(`${HEADER_PATH}/Source/LEA`, lea, "the authority's DfE code (3 digits, such as 201)")
		);
	if (problems.size > before) return null;
	return {
		...f,
		collection: collection.text,
		year: Number(year!.text),
		referenceDate: reference!.text,
		referenceDateLine: reference!.line,
		dfeCode: lea!.text,
		dfeCodeLine: lea!.line
	};
}

/** Each authority sends one return per census per year. */
export function checkOneReturnEach(returns: CensusReturn[], problems: ProblemList): void {
	const seen = new Map<string, CensusReturn>();
	for (const r of returns) {
		const key = `${r.collection} ${r.year} ${r.dfeCode}`;
		const first = seen.get(key);
		if (first)
			problems.add({
				file: r.file,
				line: r.dfeCodeLine,
				column: `${HEADER_PATH}/Source/LEA`,
				value: r.dfeCode,
				expected: `one ${COLLECTION_NAMES[r.collection]} return per authority for ${r.year} (${first.file} is this authority's too)`
			});
		else seen.set(key, r);
	}
}
