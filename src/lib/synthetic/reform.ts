// A simulated, staggered rollout of multi-agency child protection teams in the fictional
// authorities, with a modelled effect: the synthetic truth the reform tracker's estimator is
// checked against. It follows the real programme's shape, set against the extract's own end: a
// few authorities testing the model 18 months before it, pathfinders going live 6 to 12 months
// before it (as many as the real programme's share unless told otherwise), and everyone else joining the national programme after it (so, within the data,
// the comparison group). Every number here is an assumption, and the manifest says so.
import { addMonths, dayNumber, monthStart } from '../stats/dates';
import type { SyntheticAuthority } from './authorities';
import { Random } from './random';

/**
 * The measures the generator knows how to move, each in the measure's own units (percentage
 * points), and the default effect. The model adds exactly the effect to each adopting
 * authority's expected value for every event dated from its go-live (unless that would pass
 * 100%), and changes nothing else: every other measure's true effect is zero. Effects are
 * rises (0 to 50 points): a jointly held discussion can add attendance, not take it away.
 */
export const MODELLED_EFFECTS = {
	/** Discussions the team holds jointly: police and health both attend. */
	strategy_core_attendance: 12,
	/** Partners' reports to conferences arriving on time, the team sharing information. */
	conference_reports_on_time: 8
} as const;

export type ModelledMeasure = keyof typeof MODELLED_EFFECTS;

export function isModelledMeasure(id: string): id is ModelledMeasure {
	return Object.hasOwn(MODELLED_EFFECTS, id);
}

export interface ReformPlan {
	/** First day live, YYYY-MM-DD, for the authorities that go live within the data. */
	goLive: Record<string, string>;
	/** The programme wave each authority is in, and the planned go-live of those not yet live. */
	wave: Record<string, 'test_2023' | 'pathfinder_2024' | 'families_first_2025'>;
	planned: Record<string, string>;
	/** The day the national programme starts: the first day after the extract's last month. */
	programmeStart: string;
	effects: Partial<Record<ModelledMeasure, number>>;
}

/** The real programme's size: 3 test areas and 7 pathfinders among 153 authorities. */
const TESTS = 3;
const ADOPTERS = 10;

/** Authorities going live within the data by default: the real programme's share, at least one. */
export function defaultAdopters(authorities: number): number {
	return Math.min(authorities, Math.max(1, Math.round((authorities * ADOPTERS) / 153)));
}

/**
 * Which authorities go live when. The test areas go live together on the first day of the month
 * 18 months before the extract's last month; pathfinders each on the first day of a month 6 to
 * 12 months before it; the rest are planned to go live within the year after it.
 */
export function planRollout(
	seed: string,
	authorities: SyntheticAuthority[],
	end: string,
	effects: Partial<Record<ModelledMeasure, number>>,
	adopters = defaultAdopters(authorities.length)
): ReformPlan {
	for (const [id, points] of Object.entries(effects))
		if (!isModelledMeasure(id) || !(points >= 0 && points <= 50))
			throw new Error(`the modelled effect on ${id} must be 0 to 50 points, not ${points}`);
	const rng = new Random(`${seed}:reform`);
	const order = authorities.map((a) => a.code);
	for (let i = order.length - 1; i > 0; i--) {
		const j = rng.int(0, i);
		[order[i], order[j]] = [order[j]!, order[i]!];
	}
	const live = Math.min(adopters, authorities.length);
	// The test areas' share of those going live, as in the programme; the rest are pathfinders.
	const tests = live === 0 ? 0 : Math.max(1, Math.round((live * TESTS) / ADOPTERS));
	const pathfinders = live - tests;
	const lastMonth = monthStart(end);
	const plan: ReformPlan = {
		goLive: {},
		wave: {},
		planned: {},
		programmeStart: addMonths(lastMonth, 1),
		effects
	};
	order.forEach((code, i) => {
		if (i < tests) {
			plan.wave[code] = 'test_2023';
			plan.goLive[code] = addMonths(lastMonth, -18);
		} else if (i < tests + pathfinders) {
			plan.wave[code] = 'pathfinder_2024';
			plan.goLive[code] = addMonths(lastMonth, -rng.int(6, 12));
		} else {
			plan.wave[code] = 'families_first_2025';
			plan.planned[code] = addMonths(lastMonth, rng.int(1, 12));
		}
	});
	return plan;
}

/** What one authority's simulation needs: the day it goes live (or null) and the effects. */
export interface AuthorityReform {
	goLiveDay: number | null;
	effects: Partial<Record<ModelledMeasure, number>>;
}

export function authorityReform(plan: ReformPlan | null, code: string): AuthorityReform {
	const date = plan?.goLive[code];
	return { goLiveDay: date ? dayNumber(date) : null, effects: plan?.effects ?? {} };
}

/**
 * The chance that a strategy discussion after go-live is held jointly (police and health both
 * there) so that, with `before` the chance all three attended anyway, the share rises by exactly
 * `points`: before + q × (1 − before) = before + points / 100.
 */
export function jointDiscussionChance(before: number, points: number): number {
	if (points <= 0 || before >= 1) return 0;
	return Math.min(1, points / 100 / (1 - before));
}

/**
 * The register the simulated rollout implies, as the implementation register's CSV (la_code,
 * element, stage, date, note), for `npm run reform -- import`.
 */
export function registerCsv(plan: ReformPlan): string {
	const lines = ['la_code,element,stage,date,note'];
	for (const [code, wave] of Object.entries(plan.wave).sort(([a], [b]) => a.localeCompare(b))) {
		const live = plan.goLive[code];
		const planned = plan.planned[code];
		const waveDate = live ?? plan.programmeStart;
		lines.push(`${code},programme,${wave},${waveDate},Simulated (synthetic data)`);
		if (live) {
			lines.push(`${code},macpt,live,${live},Simulated (synthetic data)`);
			lines.push(`${code},lcpp,live,${live},Simulated (synthetic data)`);
		} else {
			lines.push(`${code},macpt,planned,${planned},Simulated (synthetic data)`);
		}
	}
	return lines.join('\n') + '\n';
}
