// England's public reference tables shipped with the service in data/reference (real
// authorities and bank holidays): where they are, and the two facts the generator and loader
// take from them. The same tables are loaded into every database that does not carry its own.
import fs from 'node:fs';
import path from 'node:path';
import { parseRecord } from './analytics/load/csv/record';

export const referenceDir = path.resolve('data/reference');

function rows(file: string): string[][] {
	const text = fs.readFileSync(path.join(referenceDir, file), 'utf8');
	// These files are ours: quoted fields may hold commas but never line breaks.
	return text.trim().split('\n').slice(1).map(parseRecord);
}

export function bankHolidays(): { date: string; name: string }[] {
	return rows('bank_holidays.csv').map(([date, name]) => ({ date: date!, name: name! }));
}

export function realAuthorityNames(): Set<string> {
	return new Set(rows('local_authorities.csv').map((r) => r[1]!));
}
