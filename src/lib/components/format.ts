// Numbers in the GSS style: one decimal place for percentages, rates and ratios, whole numbers
// for counts, and the symbols c, : and z in place of figures that are withheld, missing or not
// applicable. Used by every page and test, so a figure reads the same everywhere.
import type { GssSymbol, SizeBand } from '$lib/metrics/result';

export { SYMBOL_MEANINGS } from '$lib/metrics/result';

export type Symbol = GssSymbol | null;

export interface Formattable {
	value: number | null;
	symbol: Symbol;
}

const oneDecimal = new Intl.NumberFormat('en-GB', {
	minimumFractionDigits: 1,
	maximumFractionDigits: 1
});
const whole = new Intl.NumberFormat('en-GB', { maximumFractionDigits: 0 });

/** A figure for display: `kind` and `unit` come from the catalogue entry. */
export function formatFigure(f: Formattable, kind: string, unit: string): string {
	if (f.symbol) return f.symbol;
	if (f.value === null) return ':';
	if (kind === 'count') return whole.format(f.value);
	if (unit === '%') return `${oneDecimal.format(f.value)}%`;
	if (kind === 'median') return `${oneDecimal.format(f.value)} ${unit}`;
	return `${oneDecimal.format(f.value)} ${unit}`;
}

/** A numerator or denominator: whole numbers grouped, FTE to one decimal. */
export function formatCount(x: number | null, symbol: Symbol): string {
	if (symbol === 'c' || symbol === ':') return symbol;
	if (x === null) return '';
	return Number.isInteger(x) ? whole.format(x) : oneDecimal.format(x);
}

/**
 * The coarse value of an authority shown without its name: whole percentages, otherwise the two
 * significant figures it was given to — never a decimal place it does not have.
 */
export function formatCoarse(value: number, kind: string, unit: string): string {
	if (unit === '%') return `${whole.format(value)}%`;
	const text = new Intl.NumberFormat('en-GB', { maximumSignificantDigits: 2 }).format(value);
	return kind === 'count' ? text : `${text} ${unit}`;
}

/** A size band in words: "250 to 499 records", "1,000 or more records". */
export function formatSizeBand(band: SizeBand | null): string {
	if (!band) return '';
	return band.to === null
		? `${whole.format(band.from)} or more`
		: `${whole.format(band.from)} to ${whole.format(band.to)}`;
}

/** An estimate to one decimal place, below zero with a true minus sign (−0.8); `:` for none. */
export function formatEstimate(x: number | null): string {
	if (x === null) return ':';
	// Rounded before the sign is chosen, so that −0.04 reads 0.0, never −0.0.
	const r = Math.round(x * 10) / 10;
	const digits = oneDecimal.format(Math.abs(r));
	return r < 0 ? `−${digits}` : digits;
}

/** A change to one decimal place with its sign: +1.2, −0.8, 0.0. */
export function formatChange(x: number): string {
	return Math.round(x * 10) > 0 ? `+${formatEstimate(x)}` : formatEstimate(x);
}
