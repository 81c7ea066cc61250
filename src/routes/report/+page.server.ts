// The board report: a print-ready summary for the chosen area and period — headline tiles,
// signals, and for each theme its first headline measure month by month; where the area has
// them, each measure's published commentary and the action log. Same engine, same
// scope rules as every other page; opening it is recorded in the audit log as a report.
import { catalogue } from '$lib/metrics/catalogue';
import { themes } from '$lib/metrics/themes';
import { signalsOf, tilesOf } from '$lib/components/summary';
import { publicFilters, summaryMetrics, withView } from '$lib/server/view';
import { areaActions } from '$lib/server/leadership/area-actions';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ url }) =>
	withView(url, async (s, view) => {
		const { filters } = view;
		const result = await summaryMetrics(s, view);
		const byId = new Map(result.metrics.map((m) => [m.id, m]));
		return {
			filters: publicFilters(filters),
			scopeName: result.scope.name,
			from: result.from,
			to: result.to,
			dataVersion: result.dataVersion,
			extracted: s.dataVersion.extracted,
			generated: new Date().toISOString().slice(0, 16).replace('T', ' '),
			tiles: tilesOf(result, filters.group),
			signals: signalsOf(result),
			actions: areaActions(view),
			// Every measure's published commentary for the period, in catalogue order.
			commentary: result.metrics.flatMap((m) =>
				m.commentary ? [{ id: m.id, title: m.title, ...m.commentary }] : []
			),
			themes: themes.map((t) => {
				const m = byId.get(catalogue.find((d) => d.theme === t.id && d.headline)!.id)!;
				return {
					id: t.id,
					title: t.title,
					metric: {
						id: m.id,
						title: m.title,
						kind: m.kind,
						unit: m.unit,
						value: m.value,
						symbol: m.symbol,
						months: m.months ?? [],
						spc: m.spc
							? {
									points: m.spc.points,
									mean: m.spc.mean,
									lowerLimit: m.spc.lowerLimit,
									upperLimit: m.spc.upperLimit,
									variation: m.spc.variation,
									assurance: m.spc.assurance,
									phases: m.spc.phases,
									changes: m.spc.changes,
									targets: m.spc.targets,
									target: m.spc.target
								}
							: null
					}
				};
			})
		};
	});
