// The 3-digit DfE authority code a census return names (its LEA) as the GSS code the contract
// uses. Real authorities: the pairs DfE publishes with its statistics (data/reference); fictional
// ones (synthetic data only) as the contract says.
import fs from 'node:fs';
import path from 'node:path';
import { fictionalAuthorityCode } from '$lib/contract';
import { parseRecord } from '../csv/record';

export const DFE_CODES_FILE = 'dfe_la_codes.csv';

export type DfeCodes = (dfeCode: string) => string | undefined;

export function dfeCodes(referenceDir: string, synthetic: boolean): DfeCodes {
	if (synthetic) return fictionalAuthorityCode;
	const text = fs.readFileSync(path.join(referenceDir, DFE_CODES_FILE), 'utf8');
	const pairs = new Map(
		text
			.trim()
			.split('\n')
			.slice(1)
			.map((line) => parseRecord(line) as [string, string])
	);
	return (code) => pairs.get(code);
}
