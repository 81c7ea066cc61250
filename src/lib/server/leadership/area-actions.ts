// The action log of a page's area, for the viewer who holds it (null for anyone else): what the
// overview and the board report list.
import { appDb } from '../db/client';
import type { View } from '../view-figures';
import { actionsFor, describeAction } from './actions';
import { areaOf, holdsArea } from './area';

export function areaActions({ viewer, filters }: Pick<View, 'viewer' | 'filters'>) {
	const area = areaOf(filters.scope);
	if (area === null || !holdsArea(viewer, area)) return null;
	return actionsFor(appDb(), area, new Date().toISOString().slice(0, 10)).map(describeAction);
}
