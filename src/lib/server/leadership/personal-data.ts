// A guard on free text that many people read (commentary, change points): it refuses text that
// looks like personal data about a child or family, and says what it found, so the writer can
// take it out. It looks for identifiers with a fixed shape — NHS numbers (with their check
// digit, so an ordinary ten-digit figure is not mistaken for one), unique pupil numbers, UK
// postcodes — and for dates of birth: the words "date of birth", "DOB" or "born", or a name
// followed by a date. It cannot recognise every way of naming a person; it stops the common
// slips, and the page says plainly that no details of children or families belong here.

/** Month names, full or short, in either case at the start (names are matched case-sensitively). */
const MONTHS = `(?:${[
	'jan(?:uary)?',
	'feb(?:ruary)?',
	'mar(?:ch)?',
	'apr(?:il)?',
	'may',
	'june?',
	'july?',
	'aug(?:ust)?',
	'sep(?:t(?:ember)?)?',
	'oct(?:ober)?',
	'nov(?:ember)?',
	'dec(?:ember)?'
]
	.map((m) => `[${m[0]!.toUpperCase()}${m[0]}]${m.slice(1)}`)
	.join('|')})`;
const NUMERIC_DATE = String.raw`\d{1,2}[/.-]\d{1,2}[/.-](?:\d{2}|\d{4})`;
const WORDED_DATE = String.raw`\d{1,2}(?:st|nd|rd|th)? ${MONTHS},? \d{4}`;

/** A person's name as it is usually written: two or three capitalised words. */
const NAME = String.raw`\b[A-Z][a-z'’-]+(?: [A-Z][a-z'’-]+){1,2}`;

/** NHS numbers carry a modulus 11 check digit (NHS Data Dictionary). */
function isNhsNumber(digits: string): boolean {
	if (!/^\d{10}$/.test(digits)) return false;
	const sum = [...digits.slice(0, 9)].reduce((s, d, i) => s + Number(d) * (10 - i), 0);
	const check = 11 - (sum % 11);
	if (check === 10) return false;
	return (check === 11 ? 0 : check) === Number(digits[9]);
}

const RULES: { what: string; test: (text: string) => string | null }[] = [
	{
		what: 'an NHS number',
		test: (text) => {
			for (const m of text.matchAll(/\b\d{3}[ -]?\d{3}[ -]?\d{4}\b/g))
				if (isNhsNumber(m[0].replace(/[ -]/g, ''))) return m[0];
			return null;
		}
	},
	{
		what: 'a unique pupil number',
		test: (text) => /\b[A-Z]\d{11}[0-9A-Z]\b/.exec(text)?.[0] ?? null
	},
	{
		what: 'a postcode',
		test: (text) => /\b[A-Z]{1,2}\d[A-Z\d]? ?\d[ABD-HJLNP-UW-Z]{2}\b/i.exec(text)?.[0] ?? null
	},
	{
		what: 'a date of birth',
		test: (text) => /\b(?:d\.?o\.?b\b\.?|date of birth|born (?:on|in)\b)/i.exec(text)?.[0] ?? null
	},
	{
		what: 'a name with a date',
		test: (text) =>
			new RegExp(`${NAME}\\s*[(,]\\s*(?:${NUMERIC_DATE}|${WORDED_DATE})`).exec(text)?.[0] ?? null
	}
];

/** What in the text looks like personal data, as a message for the writer; null if nothing. */
export function personalDataIn(text: string): string | null {
	for (const rule of RULES) {
		const found = rule.test(text);
		if (found)
			return `This looks like it contains ${rule.what} (“${found}”). Commentary is read by many people: leave out anything that could identify a child or family.`;
	}
	return null;
}
