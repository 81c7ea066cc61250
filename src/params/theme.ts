import type { ParamMatcher } from '@sveltejs/kit';
import { findTheme } from '$lib/metrics/themes';

export const match = ((param: string) => findTheme(param) !== undefined) satisfies ParamMatcher;
