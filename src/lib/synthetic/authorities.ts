// Fictional local authorities for the synthetic dataset: invented names, codes starting with
// X (no real authority has one), England's nine real regions, plausible child populations,
// partnership areas and statistical neighbours chosen by similarity.
import { Random, clamp } from './random';

export const regions = [
	{ code: 'E12000001', name: 'North East', count: 12 },
	{ code: 'E12000002', name: 'North West', count: 24 },
	{ code: 'E12000003', name: 'Yorkshire and The Humber', count: 15 },
	{ code: 'E12000004', name: 'East Midlands', count: 10 },
	{ code: 'E12000005', name: 'West Midlands', count: 14 },
	{ code: 'E12000006', name: 'East of England', count: 11 },
	{ code: 'E12000007', name: 'London', count: 33 },
	{ code: 'E12000008', name: 'South East', count: 19 },
	{ code: 'E12000009', name: 'South West', count: 15 }
] as const;

/** England's 0–17 population (ONS mid-2024) spread over 153 authorities. */
export const ENGLAND_CHILD_POPULATION = 12_183_016;
export const ENGLAND_AUTHORITIES = 153;

export interface SyntheticAuthority {
	index: number;
	code: string;
	name: string;
	regionCode: string;
	regionName: string;
	population: number;
	policeForce: string;
	icb: string;
	/** Hidden traits that drive the model and the choice of neighbours (0–1). */
	deprivation: number;
	urbanity: number;
}

const stems = [
	'Ashcombe',
	'Brackenford',
	'Calderholme',
	'Dunmere',
	'Elderwick',
	'Fennick',
	'Gildersby',
	'Hollowmere',
	'Kestleton',
	'Larkmoor',
	'Marrowby',
	'Northwold',
	'Oakenshire',
	'Pellmouth',
	'Quenby Vale',
	'Ravensholt',
	'Selbridge',
	'Thornwick',
	'Ullswick',
	'Varley Downs',
	'Wyndmoor',
	'Yarrowdale',
	'Ambleford',
	'Bramwell',
	'Corriston',
	'Dalesby',
	'Eastmere',
	'Farrowdene',
	'Glenholt',
	'Harrowmere',
	'Ivelbury',
	'Juniper Vale',
	'Kingsholt',
	'Lowmere',
	'Moorcastle',
	'Nettlebury',
	'Orbridge',
	'Pinewold',
	'Ridgeholme',
	'Saltmere',
	'Tallowby',
	'Upperdene',
	'Wexcombe',
	'Alderholme',
	'Birchmoor',
	'Cinderford Vale',
	'Drayholt',
	'Emberly',
	'Foxmere',
	'Greywick',
	'Hazelby',
	'Ironmere',
	'Kelsworth',
	'Linnetby',
	'Millholme',
	'Nightingale Vale',
	'Ottermere',
	'Quarrington',
	'Rookwold',
	'Sedgeholme',
	'Tamberly',
	'Umberdale',
	'Westholme',
	'Yewbridge',
	'Ashmere',
	'Brookwold',
	'Coldharbour Vale',
	'Deepdale Moor',
	'Elmsby',
	'Fallowmere',
	'Gorsebury',
	'Heathwold',
	'Inglemere',
	'Kettlewold',
	'Lanterby',
	'Marshholme',
	'Newdene',
	'Oldbridge Vale',
	'Pebblecombe',
	'Riverholme',
	'Stonewold',
	'Tidemere',
	'Valeholt',
	'Willowby',
	'Amberwick',
	'Briarholme',
	'Crowmere',
	'Dovecombe',
	'Eastwold',
	'Flintholme',
	'Goldmere',
	'Highwold',
	'Ivydene',
	'Kilnby',
	'Lindenmere',
	'Meadowholt',
	'Northmere',
	'Orchardby',
	'Poplar Vale',
	'Redwold',
	'Sandholme',
	'Tarnby',
	'Upwold',
	'Whitmere',
	'Ashwold',
	'Beckholme',
	'Cloverby',
	'Dunwold',
	'Elmere',
	'Fernholt',
	'Greenwold',
	'Hartmere',
	'Kingswold',
	'Lowholme',
	'Mossby',
	'Netherwold',
	'Oakmere',
	'Pikeholme',
	'Rushby',
	'Southwold Vale',
	'Thistlemere',
	'Wardenby',
	'Yelholme',
	'Blackwold',
	'Cressmere',
	'Downholme',
	'Eyrieby',
	'Frostmere',
	'Glassby',
	'Hollinwold',
	'Keelmere',
	'Leafholme',
	'Millwold',
	'Norby Vale',
	'Owlmere',
	'Plumby',
	'Quillholme',
	'Reedwold',
	'Swanmere',
	'Teasleby',
	'Wrenholme',
	'Brightwold',
	'Chalkmere',
	'Dewby',
	'Ebbholme',
	'Furzewold',
	'Gullmere',
	'Hopby',
	'Kiteholme',
	'Lakewold',
	'Merlinby',
	'Oxholme',
	'Pondwold',
	'Rainmere',
	'Silverby',
	'Tollholme',
	'Wealdmere'
];

const kinds = ['', ' City', ' Borough', '', ' County', ''];

export function buildAuthorities(
	seed: string,
	count: number,
	forbiddenNames: ReadonlySet<string> = new Set()
): SyntheticAuthority[] {
	const rng = new Random(`${seed}:authorities`);
	if (count < 1 || count > 999) throw new RangeError('between 1 and 999 authorities');

	// Share authorities among the regions in England's proportions (largest remainders).
	const quotas = regions.map((r) => (r.count * count) / ENGLAND_AUTHORITIES);
	const perRegion = quotas.map(Math.floor);
	const order = quotas.map((q, i) => [q - Math.floor(q), i] as const).sort((a, b) => b[0] - a[0]);
	for (let k = 0; perRegion.reduce((a, b) => a + b, 0) < count; k++) perRegion[order[k % 9]![1]]!++;

	const used = new Set<string>();
	const authorities: SyntheticAuthority[] = [];
	let nameIndex = 0;
	regions.forEach((region, r) => {
		const inRegion = perRegion[r]!;
		const perForce = region.code === 'E12000007' ? inRegion : 4;
		for (let i = 0; i < inRegion; i++) {
			const index = authorities.length;
			let name = '';
			do {
				const stem = stems[nameIndex % stems.length]!;
				const round = Math.floor(nameIndex / stems.length);
				name =
					round === 0
						? `${stem}${kinds[nameIndex % kinds.length]}`
						: `${stem} ${['North', 'South', 'East', 'West'][round % 4]}`;
				nameIndex++;
			} while (used.has(name) || forbiddenNames.has(name));
			used.add(name);
			const london = region.code === 'E12000007';
			const urbanity = clamp(london ? rng.uniform(0.75, 1) : rng.next() ** 1.3, 0, 1);
			const deprivation = clamp(
				(region.code <= 'E12000003' ? 0.15 : 0) + 0.45 * rng.next() + 0.35 * urbanity * rng.next(),
				0,
				1
			);
			const forceNumber = Math.floor(i / perForce) + 1;
			authorities.push({
				index,
				code: `X${String(index + 1).padStart(8, '0')}`,
				name,
				regionCode: region.code,
				regionName: region.name,
				population: 0,
				policeForce: london
					? 'Capital Police (synthetic)'
					: `${region.name} Force ${forceNumber} (synthetic)`,
				icb: `${region.name} ICB ${Math.floor(i / 5) + 1} (synthetic)`,
				deprivation,
				urbanity
			});
		}
	});

	// Child populations: a skewed spread like England's (a few very small, most 20k–120k),
	// scaled so that 153 authorities hold England's child population.
	const raw = authorities.map((a) =>
		clamp(
			Math.exp(rng.normal(Math.log(62_000), 0.55)) * (a.regionCode === 'E12000007' ? 0.85 : 1),
			4_000,
			320_000
		)
	);
	const target = (ENGLAND_CHILD_POPULATION * count) / ENGLAND_AUTHORITIES;
	const scale = target / raw.reduce((a, b) => a + b, 0);
	authorities.forEach((a, i) => (a.population = Math.max(1_000, Math.round(raw[i]! * scale))));
	return authorities;
}

/** Each authority's (up to) 10 most similar others, by deprivation, urbanity and size. */
export function statisticalNeighbours(
	authorities: SyntheticAuthority[]
): { la_code: string; neighbour_code: string; rank: number }[] {
	const rows: { la_code: string; neighbour_code: string; rank: number }[] = [];
	const logPop = authorities.map((a) => Math.log(a.population));
	for (const a of authorities) {
		const distances = authorities
			.filter((b) => b !== a)
			.map((b) => ({
				b,
				d:
					(a.deprivation - b.deprivation) ** 2 * 4 +
					(a.urbanity - b.urbanity) ** 2 * 2 +
					(logPop[a.index]! - logPop[b.index]!) ** 2 * 0.5
			}))
			.sort((x, y) => x.d - y.d || x.b.index - y.b.index)
			.slice(0, 10);
		distances.forEach(({ b }, i) =>
			rows.push({ la_code: a.code, neighbour_code: b.code, rank: i + 1 })
		);
	}
	return rows;
}
