// The national picture as CSV: the measure's trend for the area, its region and England, and
// every authority that year, each figure as DfE published it with its symbol and source.
import { PUBLISHED_SYMBOL_LEGEND } from '$lib/published/catalogue';
import { csvResponse, toCsv } from '$lib/server/csv';
import { PictureRequestError, publishedPicture } from '$lib/server/published/picture';
import { badRequest, noteServed } from '$lib/server/request';
import { withPublished } from '$lib/server/view';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = async ({ url }) => {
	const asked = {
		measure: url.searchParams.get('measure') || undefined,
		area: url.searchParams.get('area') || undefined,
		year: url.searchParams.get('year') || undefined
	};
	let p;
	try {
		p = await withPublished((s) => publishedPicture(s, asked));
	} catch (e) {
		if (e instanceof PictureRequestError) badRequest(e.message);
		throw e;
	}
	noteServed({ measure: p.measure.id, area: p.area.code, year: p.year, download: 'csv' });
	const rows: unknown[][] = [
		['Measure', p.measure.title],
		['Unit', p.measure.unit],
		['Source', 'Department for Education, published statistics (Open Government Licence v3.0)'],
		['Symbols', PUBLISHED_SYMBOL_LEGEND],
		[],
		[
			'Section',
			'Area',
			'Code',
			'Year',
			'Value',
			'Numerator',
			'Denominator',
			'Symbol',
			'Joint return',
			'Band',
			'Rank'
		],
		...p.trends.flatMap((t) =>
			t.rows.map((r) => [
				'Trend',
				t.area.name,
				t.area.code,
				r.year,
				r.value,
				r.numerator,
				r.denominator,
				r.symbol ?? '',
				r.joint ?? '',
				'',
				''
			])
		),
		...p.authorities.map((a) => [
			`Authorities, ${p.yearLabel}`,
			a.name,
			a.code,
			p.year,
			a.value,
			a.numerator,
			a.denominator,
			a.symbol ?? '',
			a.joint ?? '',
			a.band ?? '',
			a.rank ?? ''
		])
	];
	return csvResponse(toCsv(rows), `published_${p.measure.id}_${p.area.code}_${p.year}.csv`);
};
