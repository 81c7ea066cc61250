// The national picture from DfE's published statistics: one measure's trend for an area beside
// its region's and England's, every authority that year, an authority's neighbours. Public,
// named figures, the same for every role; works with no case data loaded.
import { PictureRequestError, publishedPicture } from '$lib/server/published/picture';
import { badRequest, noteServed } from '$lib/server/request';
import { withPublished } from '$lib/server/view';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ url }) => {
	const asked = {
		measure: url.searchParams.get('measure') || undefined,
		area: url.searchParams.get('area') || undefined,
		year: url.searchParams.get('year') || undefined
	};
	try {
		const picture = await withPublished((s) => publishedPicture(s, asked));
		noteServed({ measure: picture.measure.id, area: picture.area.code, year: picture.year });
		return { picture };
	} catch (e) {
		if (e instanceof PictureRequestError) badRequest(e.message);
		throw e;
	}
};
