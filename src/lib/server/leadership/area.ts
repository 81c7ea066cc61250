// Which area a leader's targets and change points belong to, and who may read or write them.
// An area is what a page's area filter stands for, when the viewer holds it: one authority
// (`la:CODE`) or a partnership's authorities together (`las:CODE,CODE,…`, sorted). Those who hold
// every authority of an area — its director and heads of service, the partners of its
// partnership — read and write its items. Central government does not see them: they are
// written for a local board, may speak of counts too small to publish, and a national viewer
// sees any authority only under disclosure control. Administrators manage accounts, not areas.
import type { Scope, Viewer } from '../analytics/engine/scope';

/** The area of a page's scope, or null when leaders' items have no place there. */
export function areaOf(scope: Scope): string | null {
	if (scope.kind === 'la') return `la:${scope.la}`;
	if (scope.kind === 'las') return `las:${[...new Set(scope.las)].sort().join(',')}`;
	return null;
}

/** The authorities an area covers; empty for a key that is not an area. */
export function authoritiesOf(area: string): string[] {
	const m = /^(la|las):([A-Z0-9,]+)$/.exec(area);
	if (!m) return [];
	const las = m[2]!.split(',');
	if (m[1] === 'la' ? las.length !== 1 : las.length < 2) return [];
	return las;
}

/** Whether the viewer holds every authority of the area: the right to read and write its items. */
export function holdsArea(viewer: Viewer, area: string): boolean {
	if (viewer.role !== 'la_leader' && viewer.role !== 'partner') return false;
	const las = authoritiesOf(area);
	return las.length > 0 && las.every((la) => viewer.las.includes(la));
}
