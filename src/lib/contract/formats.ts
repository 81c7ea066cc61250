// The shapes of the contract's codes and dates, for every module that checks one (the loader,
// the metric engine, routes, accounts), so a code means the same thing everywhere.

/** An ONS GSS code: a capital letter and 8 digits (an authority, a region, England). */
export const GSS_CODE = /^[A-Z][0-9]{8}$/;

export function isGssCode(value: string): boolean {
	return GSS_CODE.test(value);
}

/** A calendar date written YYYY-MM-DD that exists (no 31 April). */
export function isIsoDate(value: string): boolean {
	if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
	const d = new Date(`${value}T00:00:00Z`);
	return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === value;
}
