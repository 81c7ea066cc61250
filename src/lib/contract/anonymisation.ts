// The anonymisation guard: what the loader refuses because it may identify a person. Column
// names that suggest direct identifiers, and identifier values shaped like an NHS number or a
// Unique Pupil Number.

/** Words that mark a column as holding a direct identifier or free text. */
const identifierWords = [
	'name',
	'names',
	'firstname',
	'lastname',
	'forename',
	'forenames',
	'surname',
	'dob',
	'birthdate',
	'address',
	'postcode',
	'nhs',
	'nhsnumber',
	'nhsno',
	'upn',
	'nino',
	'email',
	'phone',
	'telephone',
	'mobile',
	'notes',
	'note',
	'comment',
	'comments',
	'freetext',
	'narrative'
];
const identifierPhrases = [
	'date_of_birth',
	'ni_number',
	'free_text',
	'first_name',
	'last_name',
	'birth_date',
	'post_code'
];

/** Columns the reference tables legitimately have that the word list would otherwise catch. */
export const referenceTableNameColumns = new Set(['name', 'region_name']);

export function looksLikeIdentifierColumn(column: string): boolean {
	const c = column.trim().toLowerCase();
	if (identifierPhrases.some((p) => c.includes(p))) return true;
	const words = c.split(/[^a-z0-9]+/).filter(Boolean);
	return words.some((w) => identifierWords.includes(w) || w.startsWith('nhs'));
}

/** Ten digits passing the NHS number's modulus 11 check digit. */
export function looksLikeNhsNumber(value: string): boolean {
	const v = value.replace(/[\s-]/g, '');
	if (!/^\d{10}$/.test(v)) return false;
	let sum = 0;
	for (let i = 0; i < 9; i++) sum += Number(v[i]) * (10 - i);
	let check = 11 - (sum % 11);
	if (check === 11) check = 0;
	if (check === 10) return false;
	return check === Number(v[9]);
}

/** A letter followed by 12 digits: the shape of a Unique Pupil Number. */
export function looksLikeUpn(value: string): boolean {
	return /^[A-Za-z]\d{12}$/.test(value.trim());
}
