import { error } from '@sveltejs/kit';
import { findTheme } from '$lib/metrics/themes';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ params }) => {
	const theme = findTheme(params.theme);
	if (!theme) error(404, 'Not found');
	return { theme };
};
