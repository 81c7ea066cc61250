// The 3-digit DfE authority code a census return names (its LEA) as the GSS code the contract
// uses. Real authorities: the pairs DfE publishes with its statistics (data/reference). The
// fictional authorities of synthetic data have code X followed by eight digits; their returns
// carry the last three, and are read that way only when the manifest says the data is synthetic.
import fs from 'node:fs';
import path from 'node:path';
import { parseRecord } from '../csv/record';

export const DFE_CODES_FILE = 'dfe_la_codes.csv';

export type DfeCodes = (dfeCode: string) => string | undefined;

export function dfeCodes(referenceDir: string, synthetic: boolean): DfeCodes {
	if (synthetic) return (code) => (/^\d{3}$/.test(code) ? `X00000${code}` : undefined);
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

/** The DfE code a fictional authority's returns carry. */
export function syntheticDfeCode(laCode: string): string {
	return laCode.slice(-3);
}
