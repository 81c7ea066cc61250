// Calendar arithmetic on ISO dates (YYYY-MM-DD), all in UTC so no time zone or clock change can
// move a date. Day numbers count days since 1970-01-01.

const MS_PER_DAY = 86_400_000;

export function dayNumber(iso: string): number {
	const ms = Date.UTC(
		Number(iso.slice(0, 4)),
		Number(iso.slice(5, 7)) - 1,
		Number(iso.slice(8, 10))
	);
	return Math.round(ms / MS_PER_DAY);
}

export function isoDate(day: number): string {
	return new Date(day * MS_PER_DAY).toISOString().slice(0, 10);
}

/** 0 = Sunday … 6 = Saturday. */
export function weekday(day: number): number {
	return (day + 4) % 7; // 1970-01-01 was a Thursday
}

function daysInMonth(year: number, month0: number): number {
	return new Date(Date.UTC(year, month0 + 1, 0)).getUTCDate();
}

/**
 * Adds calendar months, clamping to the end of the month: 31 May minus 3 months is 28 (or 29)
 * February, as METRICS conventions require.
 */
export function addMonths(iso: string, months: number): string {
	const y = Number(iso.slice(0, 4));
	const m0 = Number(iso.slice(5, 7)) - 1;
	const d = Number(iso.slice(8, 10));
	const total = y * 12 + m0 + months;
	const ny = Math.floor(total / 12);
	const nm0 = total - ny * 12;
	const nd = Math.min(d, daysInMonth(ny, nm0));
	return `${String(ny).padStart(4, '0')}-${String(nm0 + 1).padStart(2, '0')}-${String(nd).padStart(2, '0')}`;
}

export function addYears(iso: string, years: number): string {
	return addMonths(iso, years * 12);
}

export function addDays(iso: string, days: number): string {
	return isoDate(dayNumber(iso) + days);
}

/** First day of the month a `YYYY-MM` or `YYYY-MM-DD` value falls in. */
export function monthStart(value: string): string {
	return `${value.slice(0, 7)}-01`;
}

/** Short English month names, January first, for labels ("Apr 2024", "Apr 24"). */
export const MONTH_NAMES = [
	'Jan',
	'Feb',
	'Mar',
	'Apr',
	'May',
	'Jun',
	'Jul',
	'Aug',
	'Sep',
	'Oct',
	'Nov',
	'Dec'
] as const;

/** Whether a date is the last day of its month. */
export function isMonthEnd(iso: string): boolean {
	return addDays(iso, 1).endsWith('-01');
}

/** The last day of a month on or before `date`: the end of the last whole month it has seen. */
export function lastMonthEndOnOrBefore(date: string): string {
	return isMonthEnd(date) ? date : addDays(monthStart(date), -1);
}

/** 1 April to 31 March of the following year. */
export function isFinancialYear(from: string, to: string): boolean {
	const y = Number(from.slice(0, 4));
	return from === `${y}-04-01` && to === `${y + 1}-03-31`;
}

/** A run of whole calendar months: from a 1st to a month's last day. */
export function isWholeMonths(from: string, to: string): boolean {
	return from.endsWith('-01') && isMonthEnd(to) && from <= to;
}

const FULL_MONTHS = [
	'January',
	'February',
	'March',
	'April',
	'May',
	'June',
	'July',
	'August',
	'September',
	'October',
	'November',
	'December'
] as const;

/** A day as it is written in prose: "1 April 2024". */
export function dateInWords(iso: string): string {
	const [y, m, d] = iso.split('-').map(Number);
	return `${d} ${FULL_MONTHS[m! - 1]} ${y}`;
}

/** A month as it is written in prose: "April 2024", from `YYYY-MM` or a date. */
export function monthInWords(value: string): string {
	return `${FULL_MONTHS[Number(value.slice(5, 7)) - 1]} ${value.slice(0, 4)}`;
}

/**
 * A period as prose: whole months by month ("April 2024 to March 2025", or "March 2025" for
 * one), any other span by day ("1 April 2024 to 15 March 2025").
 */
export function periodInWords(from: string, to: string): string {
	if (!isWholeMonths(from, to)) return `${dateInWords(from)} to ${dateInWords(to)}`;
	const first = monthInWords(from);
	const last = monthInWords(to);
	return first === last ? first : `${first} to ${last}`;
}

/** A sentence's first letter capitalised ("the partnership" opening a sentence). */
export function sentenceStart(text: string): string {
	return text.charAt(0).toUpperCase() + text.slice(1);
}
