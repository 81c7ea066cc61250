import { dataVersionInService } from '$lib/server/analytics/duckdb';
import { laCodesOf } from '$lib/server/auth/users';
import type { LayoutServerLoad } from './$types';

export const load: LayoutServerLoad = async ({ locals }) => {
	const user = locals.user
		? {
				email: locals.user.email,
				role: locals.user.role,
				las: laCodesOf(locals.user),
				agency: locals.user.agency
			}
		: null;
	const v = await dataVersionInService();
	return {
		user,
		data: v ? { version: v.version, synthetic: v.synthetic, extracted: v.extracted } : null
	};
};
