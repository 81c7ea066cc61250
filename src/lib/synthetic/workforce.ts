// The authority's social workers: posts filled by a succession of workers, with gaps between
// them (vacancies) and agency workers covering some; who holds a case on a given day; and the
// practitioners and vacancies tables.
import { dayNumber } from '../stats/dates';
import type { Simulation } from './simulation';

interface Post {
	starts: number[];
	ends: number[];
	workers: number[];
	caseHolding: boolean;
	fte: number;
	team: string;
}

export interface Worker {
	id: string;
	start: number;
	/** The day the worker leaves (in the future for those still in post). */
	end: number;
	/** Day number of the first of the month of qualifying. */
	qualified: number;
	agency: boolean;
	specialist: boolean;
	role: string;
	fte: number;
	team: string;
}

const TEAMS = ['Assessment', 'Child Protection', 'Locality', 'Children in Need'];
/** How long an agency worker stays, on average (days). */
const AGENCY_TENURE_DAYS = 240;

/** A post's role (workforce census code) and whether it holds cases, by the post's number. */
function roleOfPost(i: number): [string, boolean] {
	const r = i % 20;
	if (r === 0) return ['2', false];
	if (r <= 2) return ['3', false];
	if (r <= 4) return ['4', true];
	if (r === 5 && i % 40 === 5) return ['1', false];
	if (r === 6) return ['6', false];
	return ['5', true];
}

export class Workforce {
	readonly workers: Worker[] = [];
	private readonly posts: Post[] = [];
	private readonly caseHoldingPosts: Post[];
	private readonly permanentTenureDays: number;
	private readonly agencyHireShare: number;

	constructor(private readonly sim: Simulation) {
		const p = sim.params;
		const { rng } = sim;
		this.permanentTenureDays = 365 / p.turnover;
		const meanGapDays =
			(p.uncoveredVacancy / (1 - p.uncoveredVacancy)) *
			this.permanentTenureDays *
			(1 - p.agencyShare);
		// Agency workers stay for months, permanent staff for years: to hold the agency share of
		// staff in post at p.agencyShare, a larger share of hires must be agency workers.
		this.agencyHireShare =
			(p.agencyShare * this.permanentTenureDays) /
			(p.agencyShare * this.permanentTenureDays + (1 - p.agencyShare) * AGENCY_TENURE_DAYS);
		const postCount = Math.max(4, Math.round(p.fte / 0.95));
		for (let i = 0; i < postCount; i++) {
			const [role, caseHolding] = roleOfPost(i);
			const post: Post = {
				starts: [],
				ends: [],
				workers: [],
				caseHolding,
				fte: rng.chance(0.8) ? 1 : rng.pick([0.5, 0.6, 0.8, 0.9]),
				team: `${TEAMS[i % TEAMS.length]} ${Math.floor(i / 32) + 1}`
			};
			// The occupant on the warm-up's first day started some time before it.
			let t = sim.warmUpStart - rng.int(0, 2500);
			while (t <= sim.periodEnd) {
				const agency = rng.chance(this.agencyHireShare);
				const w = this.newWorker(t, post, role, agency);
				post.starts.push(w.start);
				post.ends.push(w.end);
				post.workers.push(this.workers.length - 1);
				const gap = meanGapDays > 0 ? Math.round(-Math.log(1 - rng.next()) * meanGapDays) : 0;
				t = w.end + 1 + gap;
			}
			this.posts.push(post);
		}
		this.caseHoldingPosts = this.posts.filter((x) => x.caseHolding);
	}

	private newWorker(start: number, post: Post, role: string, agency: boolean): Worker {
		const { rng, params: p } = this.sim;
		const early = rng.chance(p.earlyCareerShare * 1.1);
		const experienceDays =
			role === '5' && early
				? rng.int(0, 700)
				: Math.round(rng.uniform(2, 22) * 365 * (role <= '3' ? 1.4 : 1));
		const tenure =
			-Math.log(1 - rng.next()) * (agency ? AGENCY_TENURE_DAYS : this.permanentTenureDays);
		const w: Worker = {
			id: `W-${this.sim.tag}-${String(this.workers.length + 1).padStart(5, '0')}`,
			start,
			end: start + Math.max(20, Math.round(tenure)),
			qualified: dayNumber(`${this.sim.date(start - experienceDays).slice(0, 7)}-01`),
			agency,
			specialist: rng.chance(p.specialistShare * (role === '4' ? 1.6 : 1)),
			role,
			fte: post.fte,
			team: post.team
		};
		this.workers.push(w);
		return w;
	}

	/** The worker (index) in a post on a day, or -1 while it is vacant. */
	private occupantAt(post: Post, day: number): number {
		for (let k = 0; k < post.starts.length; k++) {
			if (post.starts[k]! <= day && day < post.ends[k]!) return post.workers[k]!;
		}
		return -1;
	}

	/** A case-holding worker in post on the day (index), or -1 if none was found in a few tries. */
	pickWorker(day: number): number {
		for (let tries = 0; tries < 6; tries++) {
			const w = this.occupantAt(this.sim.rng.pick(this.caseHoldingPosts), day);
			if (w >= 0) return w;
		}
		return -1;
	}

	/** Practitioners in post at any time from a year before the reporting period. */
	writePractitioners(): void {
		const { sim } = this;
		for (const w of this.workers) {
			if (w.end < sim.periodStart - 365 || w.start > sim.periodEnd) continue;
			sim.rows.write('practitioners', {
				worker_id: w.id,
				la_code: sim.la,
				agency: 'social_care',
				role: w.role,
				team: w.team,
				qualified_month: sim.month(w.qualified),
				start_date: sim.date(w.start),
				end_date: w.end > sim.periodEnd ? '' : sim.date(w.end),
				fte: w.fte,
				agency_worker: w.agency,
				cp_specialist: w.specialist
			});
		}
	}

	/**
	 * Vacancies at 31 March and 30 September each year: posts with no permanent worker
	 * (vacant, or covered by an agency worker, as the workforce census counts them).
	 */
	writeVacancies(): void {
		const { sim } = this;
		const first = Number(sim.window.start.slice(0, 4));
		const last = Number(sim.window.end.slice(0, 4));
		for (let y = first; y <= last; y++) {
			for (const snapshot of [`${y}-03-31`, `${y}-09-30`]) {
				const day = dayNumber(snapshot);
				if (day < sim.periodStart - 200 || day > sim.periodEnd) continue;
				let vacant = 0;
				for (const post of this.posts) {
					const w = this.occupantAt(post, day);
					if (w < 0 || this.workers[w]!.agency) vacant += post.fte;
				}
				sim.rows.write('vacancies', {
					la_code: sim.la,
					snapshot_date: snapshot,
					agency: 'social_care',
					vacant_fte: vacant.toFixed(1)
				});
			}
		}
	}
}
