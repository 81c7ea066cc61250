// A page's filter query with some parameters changed: the same period and comparison for another
// area, group or measure, so that a link one level down keeps what the reader had chosen.
export function queryWith(query: string, changes: Record<string, string>): string {
	const p = new URLSearchParams(query);
	for (const [name, value] of Object.entries(changes)) p.set(name, value);
	return p.toString();
}
