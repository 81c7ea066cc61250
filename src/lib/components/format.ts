// Numbers in the GSS style: one decimal place for percentages, rates and ratios, whole numbers
// for counts, and the symbols c, : and z in place of figures that are withheld, missing or not
// applicable. Used by every page and test, so a figure reads the same everywhere.
export type Symbol = 'c' | ':' | 'z' | null;

export interface Formattable {
	value: number | null;
	symbol: Symbol;
}

export const SYMBOL_MEANINGS: Record<'c' | ':' | 'z', string> = {
	c: 'suppressed to protect confidentiality',
	':': 'not available: the records were not supplied',
	z: 'not applicable: nothing to measure in this period'
};

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
