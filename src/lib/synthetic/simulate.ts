// Simulates one fictional authority's children's social care over the extract's years and
// writes its rows in the contract's column order. Each authority draws from its own seeded
// stream, so authorities can be simulated in any order or in parallel with identical output.
//
// A warm-up of two years before the reporting period is simulated so that the plans, cases and
// workforce in place on its first day exist; of the warm-up only what is still relevant is
// written: referrals in the 12 months before the period (for the re-referral look-back), plans
// and allocations still open at its start, their conferences and recent visits.
import { codes } from '../contract';
import { addMonths, dayNumber, isoDate, weekday } from '../stats/dates';
import type { WorkingDayCalendar } from '../stats/working-days';
import type { SyntheticAuthority } from './authorities';
import type { LaParams } from './params';
import { Categorical, Random } from './random';

export type RowSink = (table: string, line: string) => void;

export interface SimulationWindow {
	/** First day of the reporting period (YYYY-MM-DD). */
	start: string;
	/** Last day of the reporting period and the extract date. */
	end: string;
}

export interface LaCounts {
	[table: string]: number;
}

const WARM_UP_DAYS = 730;

// Monthly seasonality of referrals (January = 0): dips in the school summer and Christmas
// holidays, peaks in the autumn term.
const season = [1.0, 1.02, 1.06, 0.94, 1.04, 1.04, 0.99, 0.78, 1.02, 1.1, 1.12, 0.89];
const seasonMean = season.reduce((a, b) => a + b, 0) / 12;

// Year effects on referral volumes (financial years from 2020-21), lower in the pandemic year.
const yearEffect = (fy: number) => (fy <= 2020 ? 0.95 : 1.0);

// Sources other than police (whose share is each authority's own parameter), 2020 split.
const otherSourceGroups = new Categorical(
	[
		'schools',
		'health',
		'LA services',
		'individual',
		'other',
		'other legal',
		'education services',
		'anonymous',
		'unknown',
		'housing'
	],
	[18.2, 15.0, 14.1, 8.1, 4.9, 3.9, 2.1, 2.1, 1.4, 1.3]
);
const codesByGroup = new Map<string, string[]>();
for (const [code, group] of Object.entries(codes.referralSources)) {
	codesByGroup.set(group, [...(codesByGroup.get(group) ?? []), code]);
}
const needs = new Categorical(
	['N1', 'N4', 'N5', 'N9', 'N2', 'N3', 'N6', 'N8', 'N7', 'N0'],
	[45, 15, 17, 8, 4, 4, 3, 2, 1, 1]
);
// Ethnicity mixes (CIN codes): England outside London, and London.
const ethnicityOrder = [
	'WBRI',
	'WOTH',
	'WIRI',
	'WROM',
	'MWBC',
	'MWBA',
	'MWAS',
	'MOTH',
	'APKN',
	'ABAN',
	'AIND',
	'AOTH',
	'BAFR',
	'BCRB',
	'BOTH',
	'CHNE',
	'OOTH',
	'REFU',
	'NOBT'
];
const ethnicityNational = new Categorical(
	ethnicityOrder,
	[64, 6, 0.3, 0.7, 2.5, 1, 1.2, 2.5, 4, 1.5, 1.2, 1.5, 4, 1.5, 1, 0.2, 2.5, 0.4, 3]
);
const ethnicityLondon = new Categorical(
	ethnicityOrder,
	[28, 14, 0.5, 1, 5, 1.5, 2, 6, 3, 5, 3, 4, 12, 5, 3, 0.5, 4, 0.5, 3]
);
// Age at referral in years (0–17): many babies, a teenage peak.
const ageAtReferral = new Categorical(
	[0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17],
	[9, 6, 6, 6, 6, 6, 5.5, 5.5, 5.5, 5.5, 5.5, 5.5, 6, 6.5, 6.5, 6, 5, 3]
);
const ordinaryFactors = new Categorical(
	[
		'4B',
		'3A',
		'3B',
		'2B',
		'1B',
		'4A',
		'6A',
		'6B',
		'5B',
		'10A',
		'14A',
		'15A',
		'7A',
		'13A',
		'3C',
		'20',
		'21',
		'9A'
	],
	[18, 16, 10, 8, 6, 6, 4, 3, 3, 3, 3, 3, 2, 2, 3, 4, 4, 1]
);
const abuseFactors = new Categorical(
	['16A', '17A', '18C', '19C', '11A', '24A', '18B', '19B', '12A', '23A', '22A'],
	[34, 30, 12, 6, 5, 5, 3, 2, 1, 1, 1]
);
const categories = new Categorical(
	['NEG', 'EMO', 'PHY', 'SAB', 'MUL'],
	[50.5, 35.7, 7.4, 3.8, 2.6]
);
// Length of plans (months), before they are fitted to review dates.
const planLengthMonths = new Categorical(
	[1.5, 2.5, 3.5, 4.5, 6, 7.5, 8.5, 10, 12, 15, 19, 25, 30],
	[9, 6.9, 6, 6, 11.5, 11.5, 11, 10.5, 10, 8, 6, 2.4, 1]
);
const endReasons = new Categorical(
	['no_longer_at_risk', 'moved_away', 'looked_after', 'other'],
	[78, 8, 10, 4]
);

/** Working days from referral to authorisation, in England's 2025 bins. */
const assessmentBins: [number, number, number][] = [
	[0, 0, 1.8],
	[1, 10, 11.7],
	[11, 20, 17.3],
	[21, 30, 15.8],
	[31, 40, 20.2],
	[41, 45, 18.9],
	[46, 50, 5.8],
	[51, 60, 4.3],
	[61, 90, 4.2]
];

function drawBin(
	rng: Random,
	bins: [number, number, number][],
	within: number,
	cut: number
): number {
	// Re-weights the bins so that a share `within` falls at or below `cut`.
	let inside = 0,
		outside = 0;
	for (const [lo, , w] of bins) {
		if (lo <= cut) inside += w;
		else outside += w;
	}
	const wantInside = rng.chance(within);
	let u = rng.next() * (wantInside ? inside : outside);
	for (const [lo, hi, w] of bins) {
		if (lo <= cut !== wantInside) continue;
		if ((u -= w) <= 0) return rng.int(lo, hi);
	}
	return bins[bins.length - 1]![1];
}

interface Post {
	starts: number[];
	ends: number[];
	workers: number[];
	caseHolding: boolean;
	fte: number;
	team: string;
}

interface Worker {
	id: string;
	start: number;
	end: number; // Infinity while in post
	qualified: number; // day number of the first of the month
	agency: boolean;
	specialist: boolean;
	role: string;
	fte: number;
	team: string;
}

export function simulateAuthority(
	la: SyntheticAuthority,
	p: LaParams,
	seed: string,
	window: SimulationWindow,
	calendar: WorkingDayCalendar,
	emit: RowSink
): LaCounts {
	const rng = new Random(`${seed}:simulate:${la.code}`);
	const S = dayNumber(window.start);
	const E = dayNumber(window.end);
	const W = S - WARM_UP_DAYS;
	const code = la.code;
	const tag = String(la.index + 1).padStart(3, '0');
	const counts: LaCounts = {};
	const out = (table: string, line: string) => {
		counts[table] = (counts[table] ?? 0) + 1;
		emit(table, line);
	};

	// ISO strings for every day we may write, looked up rather than formatted each time.
	const firstDay = W - 40 * 366;
	const isoCache: string[] = [];
	const D = (day: number): string => {
		const i = day - firstDay;
		return (isoCache[i] ??= isoDate(day));
	};
	const M = (day: number): string => D(day).slice(0, 7);
	const wdAdd = (day: number, n: number) => calendar.addDays(day, n);
	const nextWorkingDay = (day: number) => (calendar.isWorkingDayNumber(day) ? day : wdAdd(day, 1));

	// ---- Workforce: posts filled by a succession of workers, with gaps (vacancies). ----
	const workers: Worker[] = [];
	const posts: Post[] = [];
	const postCount = Math.max(4, Math.round(p.fte / 0.95));
	const permanentTenureDays = 365 / p.turnover;
	const agencyTenureDays = 240;
	const meanGapDays =
		(p.uncoveredVacancy / (1 - p.uncoveredVacancy)) * permanentTenureDays * (1 - p.agencyShare);
	const teamsOf = ['Assessment', 'Child Protection', 'Locality', 'Children in Need'];
	const roleFor = (i: number): [string, boolean] => {
		const r = i % 20;
		if (r === 0) return ['2', false];
		if (r <= 2) return ['3', false];
		if (r <= 4) return ['4', true];
		if (r === 5 && i % 40 === 5) return ['1', false];
		if (r === 6) return ['6', false];
		return ['5', true];
	};
	// Agency workers stay for months, permanent staff for years: to hold the agency share of
	// staff in post at p.agencyShare, a larger share of hires must be agency workers.
	const agencyHireShare =
		(p.agencyShare * permanentTenureDays) /
		(p.agencyShare * permanentTenureDays + (1 - p.agencyShare) * agencyTenureDays);
	const newWorker = (
		start: number,
		post: Post,
		role: string,
		agency: boolean,
		experienceAtStart?: number
	) => {
		const early = rng.chance(p.earlyCareerShare * 1.1);
		const expDays =
			experienceAtStart ??
			(role === '5' && early
				? rng.int(0, 700)
				: Math.round(rng.uniform(2, 22) * 365 * (role <= '3' ? 1.4 : 1)));
		const tenure = -Math.log(1 - rng.next()) * (agency ? agencyTenureDays : permanentTenureDays);
		const w: Worker = {
			id: `W-${tag}-${String(workers.length + 1).padStart(5, '0')}`,
			start,
			end: start + Math.max(20, Math.round(tenure)),
			qualified: dayNumber(`${D(start - expDays).slice(0, 7)}-01`),
			agency,
			specialist: rng.chance(p.specialistShare * (role === '4' ? 1.6 : 1)),
			role,
			fte: post.fte,
			team: post.team
		};
		workers.push(w);
		return w;
	};
	for (let i = 0; i < postCount; i++) {
		const [role, caseHolding] = roleFor(i);
		const post: Post = {
			starts: [],
			ends: [],
			workers: [],
			caseHolding,
			fte: rng.chance(0.8) ? 1 : rng.pick([0.5, 0.6, 0.8, 0.9]),
			team: `${teamsOf[i % teamsOf.length]} ${Math.floor(i / 32) + 1}`
		};
		// The occupant on the warm-up's first day started some time before it.
		let t = W - rng.int(0, 2500);
		while (t <= E) {
			const agency = rng.chance(agencyHireShare);
			const w = newWorker(t, post, role, agency);
			post.starts.push(w.start);
			post.ends.push(w.end);
			post.workers.push(workers.length - 1);
			const gap = meanGapDays > 0 ? Math.round(-Math.log(1 - rng.next()) * meanGapDays) : 0;
			t = w.end + 1 + gap;
		}
		posts.push(post);
	}
	const caseHoldingPosts = posts.filter((x) => x.caseHolding);
	const occupantAt = (post: Post, day: number): number => {
		for (let k = 0; k < post.starts.length; k++) {
			if (post.starts[k]! <= day && day < post.ends[k]!) return post.workers[k]!;
		}
		return -1;
	};
	const pickWorker = (day: number): number => {
		for (let tries = 0; tries < 6; tries++) {
			const w = occupantAt(rng.pick(caseHoldingPosts), day);
			if (w >= 0) return w;
		}
		return -1;
	};

	// ---- Children ----
	const childSex: string[] = [];
	const childBirth: number[] = [];
	const childEthnicity: string[] = [];
	const childDisability: boolean[] = [];
	const childWritten: boolean[] = [];
	const ethnicityDist = la.regionCode === 'E12000007' ? ethnicityLondon : ethnicityNational;
	const newChild = (day: number, age?: number) => {
		const a = age ?? ageAtReferral.draw(rng);
		childSex.push(rng.chance(0.01) ? 'U' : rng.chance(0.51) ? 'M' : 'F');
		childBirth.push(day - a * 365 - rng.int(0, 364));
		childEthnicity.push(rng.chance(0.02) ? '' : ethnicityDist.draw(rng));
		childDisability.push(rng.chance(0.08));
		childWritten.push(false);
		return childSex.length - 1;
	};
	const cid = (c: number) => {
		childWritten[c] = true;
		return `C-${tag}-${String(c + 1).padStart(7, '0')}`;
	};

	let seq = 0;
	const nextId = (prefix: string) =>
		`${prefix}-${tag}-${(++seq).toString(36).toUpperCase().padStart(6, '0')}`;

	// ---- Allocations: who holds a child's case over an episode. ----
	const allocationKeys = new Set<string>();
	const allocate = (c: number, from: number, to: number, changesPerYear: number) => {
		let t = from;
		let last = -1;
		while (t < to && t <= E) {
			if (rng.chance(p.unallocatedGap)) t += rng.int(1, 12);
			if (t >= to || t > E) break;
			const w = pickWorker(t);
			let segEnd = t + Math.max(14, Math.round(-Math.log(1 - rng.next()) * (365 / changesPerYear)));
			if (w >= 0) segEnd = Math.min(segEnd, workers[w]!.end - 1);
			segEnd = Math.min(segEnd, to);
			const key = `${c}:${w}:${t}`;
			if (w >= 0 && w !== last && segEnd >= S && !allocationKeys.has(key)) {
				allocationKeys.add(key);
				const open = segEnd > E;
				out('allocations', `${cid(c)},${workers[w]!.id},${code},${D(t)},${open ? '' : D(segEnd)}`);
			}
			last = w;
			t = Math.max(segEnd, t + 1);
		}
	};

	// ---- Plans, with their conferences, visits and allocation. ----
	const attendanceRow = (pAttend: number, reportOnly = 0.08) =>
		rng.chance(pAttend)
			? 'attended'
			: rng.chance(reportOnly / (1 - pAttend + 1e-9))
				? 'report_only'
				: 'absent';

	const conference = (
		c: number,
		type: 'initial' | 'review',
		day: number,
		s47: string,
		plan: string,
		outcome: string,
		transferIn: boolean,
		childAge: number
	) => {
		const id = nextId('CF');
		out(
			'conferences',
			`${id},${cid(c)},${code},${type},${s47},${plan},${D(day)},${outcome},${transferIn}`
		);
		const report = () => {
			const u = rng.next();
			return u < p.reportsOnTime
				? 'on_time'
				: u < p.reportsOnTime + (1 - p.reportsOnTime) * 0.6
					? 'late'
					: 'none';
		};
		out('conference_attendance', `${id},${code},social_care,attended,not_requested`);
		const police = rng.chance(0.96);
		out(
			'conference_attendance',
			police
				? `${id},${code},police,${attendanceRow(p.conferenceAttend.police)},${report()}`
				: `${id},${code},police,not_invited,not_requested`
		);
		out(
			'conference_attendance',
			`${id},${code},health,${attendanceRow(p.conferenceAttend.health)},${report()}`
		);
		if (childAge >= 4) {
			const holiday = [7, 11].includes(new Date(day * 86_400_000).getUTCMonth());
			out(
				'conference_attendance',
				`${id},${code},education,${attendanceRow(p.conferenceAttend.education * (holiday ? 0.75 : 1))},${report()}`
			);
		} else {
			out('conference_attendance', `${id},${code},education,not_invited,not_requested`);
		}
		if (rng.chance(0.15))
			out('conference_attendance', `${id},${code},probation,${attendanceRow(0.6)},${report()}`);
		return id;
	};

	const startPlan = (c: number, icpcDay: number, s47: string, transferIn: boolean) => {
		if (icpcDay > E) return icpcDay;
		const planId = nextId('P');
		const months = planLengthMonths.draw(rng) * p.planLengthScale * rng.uniform(0.85, 1.15);
		const intendedEnd = icpcDay + Math.round(months * 30.4);
		const age = Math.floor((icpcDay - childBirth[c]!) / 365);
		// Ends before the first review for short plans; otherwise at the review on or after the
		// intended end (sometimes brought forward to it).
		const reviews: number[] = [];
		let endDay: number;
		let due = dayNumber(addMonths(D(icpcDay), 3));
		if (intendedEnd < due - 10) {
			endDay = intendedEnd;
		} else {
			for (;;) {
				const onTime = rng.chance(p.reviewOnTime);
				let held = onTime ? due - rng.int(0, 15) : due + rng.int(1, 35);
				held = nextWorkingDay(held);
				if (onTime && held > due) held = due - 1;
				if (intendedEnd < held - 20 && rng.chance(0.3)) {
					held = nextWorkingDay(intendedEnd);
					reviews.push(held);
					endDay = held;
					break;
				}
				reviews.push(held);
				if (held >= intendedEnd) {
					endDay = held;
					break;
				}
				due = dayNumber(addMonths(D(held), 6));
			}
		}
		const open = endDay > E;
		if (open || endDay >= S) {
			const repeat = rng.chance(p.repeatPlan) ? 1 + (rng.chance(0.25) ? 1 : 0) : 0;
			const cat = categories.draw(rng);
			const latest = rng.chance(0.9) ? cat : categories.draw(rng);
			out(
				'cp_plans',
				`${planId},${cid(c)},${code},${D(icpcDay)},${open ? '' : D(endDay)},${cat},${latest},${repeat},${open ? '' : endReasons.draw(rng)}`
			);
			conference(c, 'initial', icpcDay, s47, planId, 'plan', transferIn, age);
			for (let i = 0; i < reviews.length; i++) {
				const day = reviews[i]!;
				if (day > E) break;
				const last = i === reviews.length - 1;
				conference(c, 'review', day, '', planId, last && !open ? 'end' : 'continue', false, age);
			}
			// Statutory visits every few working days, from the plan's start.
			let v = wdAdd(icpcDay, rng.int(1, 8));
			const stop = Math.min(endDay, E);
			while (v <= stop) {
				if (v >= S - 60) {
					out(
						'cp_visits',
						`${nextId('V')},${planId},${cid(c)},${code},${D(v)},${rng.chance(p.seenAlone)}`
					);
				}
				const gap = Math.max(2, Math.round(p.visitIntervalWd * Math.exp(rng.normal(0, 0.35))));
				v = wdAdd(v, gap);
			}
		}
		return endDay;
	};

	// ---- Referral stream ----
	const recentChildren: number[] = [];
	const recentDays: number[] = [];
	let recentFrom = 0;
	const auditDayByChild = new Map<number, number>();

	const simulateReferral = (t: number) => {
		// Re-referral within 12 months, or a child new to the authority (or returning later).
		while (recentFrom < recentDays.length && recentDays[recentFrom]! < t - 365) recentFrom++;
		let c: number;
		if (recentFrom < recentDays.length && rng.chance(p.reReferral)) {
			c = recentChildren[rng.int(recentFrom, recentDays.length - 1)]!;
		} else if (recentFrom > 0 && rng.chance(0.06)) {
			c = recentChildren[rng.int(0, recentFrom - 1)]!;
		} else {
			c = newChild(t);
		}
		recentChildren.push(c);
		recentDays.push(t);
		const age = Math.floor((t - childBirth[c]!) / 365);
		const referralId = nextId('R');
		const emitCase = t >= S; // referral chains are written from the reporting period
		const emitReferral = t >= S - 365;

		const group = rng.chance(p.policeShareOfReferrals) ? 'police' : otherSourceGroups.draw(rng);
		const source = rng.pick(codesByGroup.get(group)!);
		const need = needs.draw(rng);
		const nfa = rng.chance(p.nfa);
		let closeDay = t;
		let closeReason = 'RC7';
		let strategyDay = -1;
		let s47Start = -1;
		let s47Outcome = '';
		let s47Id = '';
		let s47Written = false;
		let policeAttended = true;

		if (!nfa && t <= E) {
			// Assessment: working days from referral to authorisation, in England's bins.
			const startDay = wdAdd(t, rng.chance(0.6) ? 0 : rng.int(1, 2));
			const duration = drawBin(rng, assessmentBins, p.within45, 45);
			let authorised = wdAdd(t, duration);
			if (authorised < startDay) authorised = startDay;
			// Strategy discussion for some, early in the assessment.
			const hasStrategy = rng.chance(p.strategyPerReferral);
			const abuse = hasStrategy ? rng.chance(0.85) : rng.chance(0.12);
			if (emitCase && startDay <= E) {
				const factors = new Set<string>();
				if (abuse) factors.add(abuseFactors.draw(rng));
				const n = rng.int(0, 3);
				for (let i = 0; i < n; i++) factors.add(ordinaryFactors.draw(rng));
				out(
					'assessments',
					`${nextId('A')},${referralId},${cid(c)},${code},${D(startDay)},${authorised > E ? '' : D(authorised)},${[...factors].join(';')}`
				);
			}
			// The missed-strategy pattern: some children with abuse factors and a recent referral
			// get no strategy discussion, more often where police engagement is weak.
			const skipStrategy = abuse && rng.chance(p.missedStrategyBias) && hasStrategy;
			if (hasStrategy && !skipStrategy) {
				strategyDay = wdAdd(t, rng.int(0, 4));
				const written = emitCase && strategyDay <= E;
				const strategyId = nextId('SD');
				const initiated = rng.chance(p.s47Initiated);
				const holiday = [3, 7, 11].includes(new Date(strategyDay * 86_400_000).getUTCMonth());
				policeAttended = rng.chance(p.attend.police);
				if (written) {
					out(
						'strategy_discussions',
						`${strategyId},${cid(c)},${referralId},${code},${D(strategyDay)},${initiated}`
					);
					out('strategy_attendance', `${strategyId},${code},social_care,attended`);
					out(
						'strategy_attendance',
						`${strategyId},${code},police,${policeAttended ? 'attended' : rng.chance(0.3) ? 'report_only' : 'absent'}`
					);
					out(
						'strategy_attendance',
						`${strategyId},${code},health,${attendanceRow(p.attend.health, 0.15)}`
					);
					out(
						'strategy_attendance',
						`${strategyId},${code},education,${age < 4 ? 'not_invited' : attendanceRow(p.attend.education * (holiday ? 0.7 : 1), 0.1)}`
					);
				}
				if (initiated) {
					s47Start = strategyDay;
					s47Id = nextId('S');
					const u = rng.next();
					const pIcpc = policeAttended ? p.icpcIfPolice : p.icpcIfPolice * 0.8;
					const pNfa = policeAttended
						? p.nfaIfPolice
						: Math.min(0.8, p.nfaIfPolice + p.nfaPenaltyNoPolice);
					s47Outcome =
						u < pIcpc
							? 'icpc'
							: u < pIcpc + pNfa
								? 'nfa'
								: u < pIcpc + pNfa + 0.05
									? 'other'
									: 'cin';
					if (written) writeS47(c, referralId, strategyId);
				}
			} else if (rng.chance(p.s47WithoutStrategy * 3)) {
				// An enquiry started without a strategy discussion that decided it.
				s47Start = wdAdd(t, rng.int(1, 5));
				s47Id = nextId('S');
				s47Outcome = rng.chance(0.3) ? 'icpc' : rng.chance(0.5) ? 'cin' : 'nfa';
				if (emitCase && s47Start <= E) writeS47(c, referralId, '');
			}

			// Episode: closes at authorisation when not in need, otherwise after a period of support
			// or after a plan ends.
			const inNeed = s47Outcome === 'icpc' || !rng.chance(p.notInNeed);
			closeDay = authorised;
			closeReason = rng.chance(0.6) ? 'RC8' : 'RC9';
			if (inNeed) {
				closeDay = authorised + Math.round(Math.exp(rng.normal(Math.log(200), 0.6)));
				closeReason = 'RC7';
			}
			if (s47Outcome === 'icpc') {
				const delay = drawBin(
					rng,
					[
						[1, 10, 8.7],
						[11, 15, 72.7],
						[16, 20, 8.9],
						[21, 45, 9.7]
					],
					p.icpcWithin15,
					15
				);
				const icpcDay = wdAdd(s47Start, delay);
				if (rng.chance(p.icpcToPlan)) {
					const planEnd = startPlan(c, icpcDay, s47Written ? s47Id : '', false);
					closeDay = Math.max(closeDay, planEnd + rng.int(30, 180));
				} else if (icpcDay >= S && icpcDay <= E) {
					conference(c, 'initial', icpcDay, s47Written ? s47Id : '', '', 'no_plan', false, age);
				}
			}
			allocate(c, startDay, closeDay, strategyDay >= 0 ? p.workerChangesPerYear : 0.6);
		}
		if (emitReferral) {
			const open = closeDay > E;
			out(
				'referrals',
				`${referralId},${cid(c)},${code},${D(t)},${source},${need},${nfa},${open ? '' : D(closeDay)},${open ? '' : closeReason}`
			);
		}
		// Case audits sample recent referrals.
		if (emitCase && rng.chance(0.02)) auditDayByChild.set(c, t + rng.int(20, 120));

		function writeS47(child: number, referral: string, strategy: string) {
			s47Written = true;
			const end = wdAdd(s47Start, rng.int(5, 28));
			out(
				's47_enquiries',
				`${s47Id},${cid(child)},${referral},${strategy},${code},${D(s47Start)},${end > E ? '' : D(end)},${end > E ? '' : s47Outcome}`
			);
			// Information requests to partners, answered after a few working days (or not at all).
			for (const agency of ['police', 'health', 'education']) {
				if (agency === 'education' && age < 4) continue;
				if (!rng.chance(0.7)) continue;
				const asked = wdAdd(s47Start, rng.int(0, 3));
				const answered = rng.chance(0.95)
					? wdAdd(
							asked,
							Math.max(
								0,
								Math.round(
									p.infoMedianWd * Math.exp(rng.normal(0, 0.6)) * (agency === 'health' ? 1.2 : 1)
								)
							)
						)
					: Infinity;
				if (asked > E) continue;
				out(
					'information_requests',
					`${nextId('IR')},${cid(child)},${code},social_care,${agency},${D(asked)},${answered > E ? '' : D(answered)}`
				);
			}
			if (rng.chance(p.escalationsPer100S47 / 100)) {
				const raisedBy = rng.pick(['police', 'health', 'education', 'social_care']);
				const raisedWith =
					raisedBy === 'social_care' ? rng.pick(['police', 'health', 'education']) : 'social_care';
				const raised = wdAdd(s47Start, rng.int(2, 30));
				if (raised > E) return;
				const resolvedWd = rng.chance(p.escalationResolved20) ? rng.int(1, 20) : rng.int(21, 70);
				const resolved = wdAdd(raised, resolvedWd);
				const stage = resolvedWd <= 10 ? 1 : resolvedWd <= 20 ? rng.int(1, 2) : rng.int(2, 4);
				out(
					'escalations',
					`${nextId('E')},${rng.chance(0.9) ? cid(child) : ''},${code},${raisedBy},${raisedWith},${D(raised)},${stage},${resolved > E ? '' : D(resolved)},${resolved > E ? '' : rng.pick(['upheld', 'upheld', 'not_upheld', 'withdrawn'])}`
				);
			}
		}
	};

	for (let t = W; t <= E; t++) {
		const date = new Date(t * 86_400_000);
		const fy = date.getUTCMonth() >= 3 ? date.getUTCFullYear() : date.getUTCFullYear() - 1;
		const yearsFromEnd = (t - E) / 365;
		const w = weekday(t);
		// Weekends get 30% of a weekday's referrals; a week averages 1 (5 × 1.28 + 2 × 0.3 = 7).
		const dayFactor = w === 0 || w === 6 ? 0.3 : calendar.isWorkingDayNumber(t) ? 1.28 : 0.4;
		const lambda =
			(p.referralsPerYear / 365) *
			(season[date.getUTCMonth()]! / seasonMean) *
			yearEffect(fy) *
			Math.exp(p.drift * yearsFromEnd) *
			dayFactor;
		const n = rng.poisson(lambda);
		for (let i = 0; i < n; i++) simulateReferral(t);
	}

	// A few children arrive on a plan from another authority (transfer-in conferences).
	const transfers = rng.poisson((p.referralsPerYear * 0.0025 * (E - W)) / 365);
	for (let i = 0; i < transfers; i++) {
		const day = nextWorkingDay(rng.int(W, E));
		const c = newChild(day);
		const end = startPlan(c, day, '', true);
		allocate(c, day, end, p.workerChangesPerYear);
	}

	// Case audits.
	for (const [c, day] of auditDayByChild) {
		if (day > E) continue;
		const good = rng.chance(p.auditGood);
		const grade = good
			? rng.chance(0.12)
				? 'outstanding'
				: 'good'
			: rng.chance(0.8)
				? 'requires_improvement'
				: 'inadequate';
		out(
			'case_audits',
			`${nextId('CA')},${cid(c)},${code},${D(day)},${rng.chance(p.auditMulti)},${grade}`
		);
	}

	// Practitioners in post at any time from a year before the reporting period.
	for (const w of workers) {
		if (w.end < S - 365 || w.start > E) continue;
		const end = w.end > E ? '' : D(w.end);
		out(
			'practitioners',
			`${w.id},${code},social_care,${w.role},${w.team},${M(w.qualified)},${D(w.start)},${end},${w.fte},${w.agency},${w.specialist}`
		);
	}

	// Vacancies at 31 March and 30 September each year: posts with no permanent worker
	// (vacant, or covered by an agency worker, as the workforce census counts them).
	for (let y = Number(window.start.slice(0, 4)); y <= Number(window.end.slice(0, 4)); y++) {
		for (const snap of [`${y}-03-31`, `${y}-09-30`]) {
			const day = dayNumber(snap);
			if (day < S - 200 || day > E) continue;
			let vacant = 0;
			for (const post of posts) {
				const w = occupantAt(post, day);
				if (w < 0 || workers[w]!.agency) vacant += post.fte;
			}
			out('vacancies', `${code},${snap},social_care,${vacant.toFixed(1)}`);
		}
	}

	// Children: every child named by a row written above.
	for (let c = 0; c < childSex.length; c++) {
		if (!childWritten[c]) continue;
		out(
			'children',
			`${cid(c)},${code},${childSex[c]},${M(childBirth[c]!)},${childEthnicity[c]},${childDisability[c]}`
		);
	}
	return counts;
}
