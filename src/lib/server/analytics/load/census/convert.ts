// Census returns in an extract, turned into the contract's tables: every Children in Need census
// return into children, referrals, assessments, section 47 enquiries, conferences and plans,
// every workforce census return into practitioners and vacancies. The returns are read newest
// first, so a row reported in several years' returns is taken from the newest. The tables are
// written to the load's scratch folder and loaded like any other table; a problem found in them
// later is traced back to the return, line and element it came from.
import fs from 'node:fs';
import readline from 'node:readline';
import { CENSUS_TABLES, CONTRACT_ID } from '$lib/contract';
import type { Manifest } from '../extract';
import { ExtractError, fileProblem, type ExtractProblem, type ProblemList } from '../errors';
import { readXmlRecords } from '../xml/records';
import { CIN_ORIGINS, cinChildRows } from './cin';
import { CSWW_ORIGINS, cswwVacancyRow, cswwWorkerRow } from './csww';
import { dfeCodes, type DfeCodes } from './dfe-codes';
import { checkOneReturnEach, findReturnFiles, readReturnHeader, type CensusReturn } from './header';
import { CensusTableWriter, elementPath, type ConvertedTable, type CensusRow } from './rows';

/** The census returns (.xml files) of an extract folder, with their headers. */
export async function readCensusReturns(
	dir: string,
	problems: ProblemList
): Promise<CensusReturn[]> {
	const returns: CensusReturn[] = [];
	for (const f of findReturnFiles(dir)) {
		const r = await readReturnHeader(f, problems);
		if (r) returns.push(r);
	}
	checkOneReturnEach(returns, problems);
	return returns;
}

/**
 * The manifest of an extract of census returns alone: the authorities they name, as at the
 * newest return's day. Null when there are no returns.
 */
export function manifestFromReturns(
	returns: CensusReturn[],
	referenceDir: string
): Manifest | null {
	if (returns.length === 0) return null;
	const codes = dfeCodes(referenceDir, false);
	const laCodes = new Set(returns.map((r) => codes(r.dfeCode)).filter((c) => c !== undefined));
	return {
		contract: CONTRACT_ID,
		extracted: returns.map((r) => r.referenceDate).reduce((a, b) => (b > a ? b : a)),
		la_codes: [...laCodes].sort(),
		synthetic: false,
		...completeFrom(returns)
	};
}

/**
 * The first day census returns hold every record of: the start of the earliest Children in
 * Need census year (1 April). Earlier referrals come only with episodes still open then.
 */
export function completeFrom(returns: CensusReturn[]): { complete_from?: string } {
	const years = returns.filter((r) => r.collection === 'CIN').map((r) => r.year);
	return years.length ? { complete_from: `${Math.min(...years) - 1}-04-01` } : {};
}

/**
 * The returns as tables in the `scratch` folder; null when there are none. Real returns are
 * loaded only with a key (`keyed`), as every id in them points at a child or a worker.
 */
export async function importReturns(
	returns: CensusReturn[],
	opts: { manifest: Manifest; scratch: string; referenceDir: string; keyed: boolean },
	problems: ProblemList
): Promise<CensusImport | null> {
	const { manifest, scratch, referenceDir, keyed } = opts;
	if (returns.length === 0) return null;
	// A manifest that does not say how far back the data is complete: as far as the returns are.
	if (manifest.complete_from === undefined) Object.assign(manifest, completeFrom(returns));
	if (!manifest.synthetic && !keyed)
		problems.add(
			fileProblem(
				returns[0]!.file,
				"a key to pseudonymise with (npm run load -- DIR --pseudonymise KEYFILE): census returns carry the authority's case numbers and workers' Social Work England numbers"
			)
		);
	fs.mkdirSync(scratch, { recursive: true });
	return convertReturns(
		returns,
		{ scratch, codes: dfeCodes(referenceDir, manifest.synthetic), extracted: manifest.extracted },
		problems
	);
}

export interface CensusImport {
	returns: CensusReturn[];
	tables: ConvertedTable[];
	/** Problems in the converted tables, traced back to the returns; others as they are. */
	trace(problems: ExtractProblem[]): Promise<ExtractProblem[]>;
}

/**
 * Converts the returns into tables in `scratch`. Problems with a return itself (its authority,
 * its day, its XML) go into `problems`; what the tables hold is checked by the loader.
 */
export async function convertReturns(
	returns: CensusReturn[],
	opts: { scratch: string; codes: DfeCodes; extracted: string },
	problems: ProblemList
): Promise<CensusImport> {
	const writer = new CensusTableWriter<CensusReturn>(opts.scratch, {
		...CIN_ORIGINS,
		...CSWW_ORIGINS
	});
	const newestFirst = [...returns].sort(
		(a, b) => b.referenceDate.localeCompare(a.referenceDate) || a.file.localeCompare(b.file)
	);
	for (const r of newestFirst) {
		// A return refused here still has its tables, so that they are not also reported missing.
		writer.expect(CENSUS_TABLES[r.collection]);
		const la = opts.codes(r.dfeCode);
		const where = { file: r.file, line: r.dfeCodeLine, value: r.dfeCode };
		if (!la) {
			problems.add({
				...where,
				column: 'Message/Header/Source/LEA',
				expected: "the DfE code of an English authority (as in DfE's published statistics)"
			});
			continue;
		}
		if (r.referenceDate > opts.extracted) {
			problems.add({
				...where,
				line: r.referenceDateLine,
				column: 'Message/Header/CollectionDetails/ReferenceDate',
				value: r.referenceDate,
				expected: `a return as at a day on or before the extract date, ${opts.extracted}`
			});
			continue;
		}
		writer.beginReturn(r, CENSUS_TABLES[r.collection]);
		try {
			await readReturn(r, la, writer, problems);
		} catch (e) {
			if (!(e instanceof ExtractError)) throw e;
			for (const p of e.problems) problems.add(p);
		}
	}
	const tables = writer.close();
	return { returns, tables, trace: (items) => traceToReturns(items, tables, writer) };
}

async function readReturn(
	r: CensusReturn,
	la: string,
	writer: CensusTableWriter<CensusReturn>,
	problems: ProblemList
): Promise<void> {
	const records = r.collection === 'CIN' ? ['Child'] : ['LALevelVacancies', 'CSWWWorker'];
	for await (const node of readXmlRecords(r.path, r.file, records)) {
		let rows: CensusRow[];
		if (node.name === 'Child') rows = cinChildRows(node, la);
		else if (node.name === 'CSWWWorker') rows = [cswwWorkerRow(node, la)];
		else rows = [cswwVacancyRow(node, la, r.referenceDate)];
		for (const row of rows) {
			const problem = writer.write(row);
			if (problem) problems.add(problem);
			if (problems.full(r.file)) return;
		}
	}
}

/**
 * Each problem in a converted table as the return's: its file, the line of the element the
 * value came from, the element's path, and the value as read.
 */
async function traceToReturns(
	items: ExtractProblem[],
	tables: ConvertedTable[],
	writer: CensusTableWriter<CensusReturn>
): Promise<ExtractProblem[]> {
	const byFile = new Map(tables.map((t) => [t.file, t]));
	const lookups = new Map<string, { problem: ExtractProblem; request: ElementRequest }[]>();
	const traced = items.map((p) => {
		const t = byFile.get(p.file);
		if (!t || p.line === null) return p;
		const record = p.line - 2; // line 1 is the header
		const ret = writer.returns[t.sources.file[record]!]!;
		if (p.column === 'la_code')
			return { ...p, file: ret.file, line: ret.dfeCodeLine, column: 'Message/Header/Source/LEA' };
		const origin = writer.originOf(t, record);
		const column = p.column === null ? origin.block : elementPath(origin, p.column);
		const problem = { ...p, file: ret.file, line: t.sources.line[record]!, column };
		// The line held is the row's element's; the column's own is found by reading the return.
		const lastPart = (path: string) => path.slice(path.lastIndexOf('/') + 1);
		const list = lookups.get(ret.path) ?? [];
		list.push({
			problem,
			request: { from: problem.line, element: lastPart(column), block: lastPart(origin.block) }
		});
		lookups.set(ret.path, list);
		return problem;
	});
	for (const [path, list] of lookups) {
		const lines = await elementLines(
			path,
			list.map((l) => l.request)
		);
		list.forEach((l, i) => {
			if (lines[i] !== null) l.problem.line = lines[i]!;
		});
	}
	return traced;
}

interface ElementRequest {
	/** The line the row's element opens on. */
	from: number;
	/** The element sought, and the row's element, whose end ends the search. */
	element: string;
	block: string;
}

/**
 * For each request, the first line from `from` on where `element` opens, before `block` closes;
 * null when it is not there (an absent element: the block's line is then the place to look).
 */
async function elementLines(path: string, requests: ElementRequest[]): Promise<(number | null)[]> {
	const found: (number | null | false)[] = requests.map(() => null);
	const opens = requests.map((r) => new RegExp(`<(?:[\\w.-]+:)?${r.element}[\\s/>]`));
	const closes = requests.map((r) => new RegExp(`</(?:[\\w.-]+:)?${r.block}\\s*>`));
	const first = Math.min(...requests.map((r) => r.from));
	const input = fs.createReadStream(path, { encoding: 'utf8' });
	const lines = readline.createInterface({ input, crlfDelay: Infinity });
	let n = 0;
	let open = requests.length;
	for await (const text of lines) {
		n++;
		if (n < first) continue;
		requests.forEach((r, i) => {
			if (found[i] !== null || n < r.from) return;
			if (opens[i]!.test(text)) found[i] = n;
			else if (closes[i]!.test(text)) found[i] = false;
			if (found[i] !== null) open--;
		});
		if (open === 0) break;
	}
	input.destroy();
	return found.map((f) => (typeof f === 'number' ? f : null));
}
