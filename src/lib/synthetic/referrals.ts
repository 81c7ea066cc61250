// The referral stream: referrals arriving day by day (with the year's seasons and the
// authority's trend), some re-referrals of recent children; for each, the assessment, a
// strategy discussion and section 47 enquiry for some (with agencies' attendance, information
// requests and escalations), an initial conference and plan for some of those, the episode's
// allocations, and a sample of case audits.
import { weekday } from '../stats/dates';
import type { Allocations } from './allocations';
import type { Children } from './children';
import {
	abuseFactors,
	assessmentBins,
	codesByGroup,
	drawAttendance,
	drawBin,
	icpcDelayBins,
	needs,
	ordinaryFactors,
	otherSourceGroups,
	season,
	seasonMean,
	yearEffect
} from './distributions';
import type { Plans } from './plans';
import { jointDiscussionChance } from './reform';
import type { Simulation } from './simulation';

/** One referral as its casework unfolds. */
interface Referral {
	id: string;
	child: number;
	/** The child's age in years on the referral day. */
	age: number;
	day: number;
	/** Its casework is written (the referral is in the reporting period). */
	written: boolean;
	closeDay: number;
	closeReason: string;
}

/** A section 47 enquiry: started on a day, with an outcome, written or not. */
interface Enquiry {
	id: string;
	start: number;
	outcome: string;
	written: boolean;
}

interface Assessment {
	start: number;
	authorised: number;
	hasStrategy: boolean;
	/** The referral concerns abuse (an abuse factor is recorded). */
	abuse: boolean;
}

export class Referrals {
	// Children referred, by day, for re-referrals within 12 months (from `recentFrom`).
	private readonly recentChildren: number[] = [];
	private readonly recentDays: number[] = [];
	private recentFrom = 0;
	private readonly auditDayByChild = new Map<number, number>();
	/** The day each child's latest episode closed (or will close): one episode at a time. */
	private readonly episodeCloses = new Map<number, number>();

	constructor(
		private readonly sim: Simulation,
		private readonly children: Children,
		private readonly plans: Plans,
		private readonly allocations: Allocations
	) {}

	/** Every day from the warm-up's start to the extract date. */
	simulate(): void {
		const { sim } = this;
		const p = sim.params;
		for (let t = sim.warmUpStart; t <= sim.periodEnd; t++) {
			const date = new Date(t * 86_400_000);
			const fy = date.getUTCMonth() >= 3 ? date.getUTCFullYear() : date.getUTCFullYear() - 1;
			const yearsFromEnd = (t - sim.periodEnd) / 365;
			const w = weekday(t);
			// Weekends get 30% of a weekday's referrals; a week averages 1 (5 × 1.28 + 2 × 0.3 = 7).
			const dayFactor = w === 0 || w === 6 ? 0.3 : sim.calendar.isWorkingDayNumber(t) ? 1.28 : 0.4;
			const lambda =
				(p.referralsPerYear / 365) *
				(season[date.getUTCMonth()]! / seasonMean) *
				yearEffect(fy) *
				Math.exp(p.drift * yearsFromEnd) *
				dayFactor;
			const n = sim.rng.poisson(lambda);
			for (let i = 0; i < n; i++) this.referral(t);
		}
	}

	/**
	 * A re-referral within 12 months, or a child new to the authority (or returning later). A
	 * child whose episode is still open (or closed that day) is not referred again: as in the
	 * census, a child has one episode at a time; a new child is referred instead.
	 */
	private childReferredOn(t: number): number {
		const { rng } = this.sim;
		const days = this.recentDays;
		while (this.recentFrom < days.length && days[this.recentFrom]! < t - 365) this.recentFrom++;
		let c = -1;
		if (this.recentFrom < days.length && rng.chance(this.sim.params.reReferral)) {
			c = this.closedChild(t, this.recentFrom, days.length - 1);
		} else if (this.recentFrom > 0 && rng.chance(0.06)) {
			c = this.closedChild(t, 0, this.recentFrom - 1);
		}
		if (c < 0) c = this.children.add(t);
		this.recentChildren.push(c);
		this.recentDays.push(t);
		return c;
	}

	/**
	 * A child among the referred from `from` to `to` (indexes) whose episode closed before day
	 * `t`: a few draws, most children's episodes having closed within the year; -1 if none.
	 */
	private closedChild(t: number, from: number, to: number): number {
		for (let attempt = 0; attempt < 8; attempt++) {
			const c = this.recentChildren[this.sim.rng.int(from, to)]!;
			if ((this.episodeCloses.get(c) ?? -Infinity) < t) return c;
		}
		return -1;
	}

	private referral(t: number): void {
		const { sim } = this;
		const { rng, params: p } = sim;
		const child = this.childReferredOn(t);
		const r: Referral = {
			id: sim.nextId('R'),
			child,
			age: this.children.ageOn(child, t),
			day: t,
			// Referral chains are written from the reporting period.
			written: t >= sim.periodStart,
			closeDay: t,
			closeReason: 'RC7'
		};
		const group = rng.chance(p.policeShareOfReferrals) ? 'police' : otherSourceGroups.draw(rng);
		const source = rng.pick(codesByGroup.get(group)!);
		const need = needs.draw(rng);
		const nfa = rng.chance(p.nfa);
		if (!nfa && t <= sim.periodEnd) this.casework(r);
		this.episodeCloses.set(child, r.closeDay);
		// Referrals are written from 12 months before the period, for the re-referral look-back,
		// and earlier ones whose episode was still open then (a census return carries every
		// episode open in its year, and the plans and allocations written sit in them).
		if (t >= sim.periodStart - 365 || r.closeDay >= sim.periodStart - 365) {
			const open = r.closeDay > sim.periodEnd;
			sim.rows.write('referrals', {
				referral_id: r.id,
				child_id: this.children.id(child),
				la_code: sim.la,
				referral_date: sim.date(t),
				source,
				primary_need: need,
				nfa,
				close_date: open ? '' : sim.date(r.closeDay),
				close_reason: open ? '' : r.closeReason
			});
		}
		// Case audits sample recent referrals.
		if (r.written && rng.chance(0.02)) this.auditDayByChild.set(child, t + rng.int(20, 120));
	}

	/** Assessment, strategy and enquiry, conference and plan, the episode and its allocations. */
	private casework(r: Referral): void {
		const { sim } = this;
		const { rng, params: p } = sim;
		const a = this.assessment(r);
		const { strategyDay, enquiry } = this.strategyAndEnquiry(r, a);
		// Episode: closes at authorisation when not in need, otherwise after a period of support
		// or after a plan ends.
		const inNeed = enquiry?.outcome === 'icpc' || !rng.chance(p.notInNeed);
		r.closeDay = a.authorised;
		r.closeReason = rng.chance(0.6) ? 'RC8' : 'RC9';
		if (inNeed) {
			r.closeDay = a.authorised + Math.round(Math.exp(rng.normal(Math.log(200), 0.6)));
			r.closeReason = 'RC7';
		}
		// The episode holds everything done in it.
		if (enquiry) r.closeDay = Math.max(r.closeDay, enquiry.start);
		if (enquiry?.outcome === 'icpc') {
			const icpcDay = sim.addWorkingDays(
				enquiry.start,
				drawBin(rng, icpcDelayBins, p.icpcWithin15, 15)
			);
			const s47 = enquiry.written ? enquiry.id : '';
			if (rng.chance(p.icpcToPlan)) {
				const planEnd = this.plans.start(r.child, icpcDay, s47, false);
				r.closeDay = Math.max(r.closeDay, planEnd + rng.int(30, 180));
			} else {
				if (icpcDay >= sim.periodStart && icpcDay <= sim.periodEnd)
					this.plans.conference(r.child, 'initial', icpcDay, s47, '', 'no_plan', false, r.age);
				r.closeDay = Math.max(r.closeDay, icpcDay);
			}
		}
		const changes = strategyDay >= 0 ? p.workerChangesPerYear : 0.6;
		this.allocations.allocate(r.child, a.start, r.closeDay, changes);
	}

	/** The assessment: working days from referral to authorisation, in England's bins. */
	private assessment(r: Referral): Assessment {
		const { sim } = this;
		const { rng, params: p } = sim;
		const t = r.day;
		const start = sim.addWorkingDays(t, rng.chance(0.6) ? 0 : rng.int(1, 2));
		const duration = drawBin(rng, assessmentBins, p.within45, 45);
		let authorised = sim.addWorkingDays(t, duration);
		if (authorised < start) authorised = start;
		// A strategy discussion for some, early in the assessment.
		const hasStrategy = rng.chance(p.strategyPerReferral);
		const abuse = hasStrategy ? rng.chance(0.85) : rng.chance(0.12);
		if (r.written && start <= sim.periodEnd) {
			const factors = new Set<string>();
			if (abuse) factors.add(abuseFactors.draw(rng));
			const n = rng.int(0, 3);
			for (let i = 0; i < n; i++) factors.add(ordinaryFactors.draw(rng));
			sim.rows.write('assessments', {
				assessment_id: sim.nextId('A'),
				referral_id: r.id,
				child_id: this.children.id(r.child),
				la_code: sim.la,
				start_date: sim.date(start),
				authorised_date: authorised > sim.periodEnd ? '' : sim.date(authorised),
				factors: [...factors].join(';')
			});
		}
		return { start, authorised, hasStrategy, abuse };
	}

	/**
	 * The strategy discussion (with its attendance) and the enquiry it starts, or an enquiry
	 * started without one. The day of the discussion is -1 where there was none.
	 */
	private strategyAndEnquiry(
		r: Referral,
		a: Assessment
	): { strategyDay: number; enquiry: Enquiry | null } {
		const { sim } = this;
		const { rng, params: p, la } = sim;
		const t = r.day;
		// The missed-strategy pattern: some children with abuse factors and a recent referral get
		// no strategy discussion, more often where police engagement is weak.
		const skipStrategy = a.abuse && rng.chance(p.missedStrategyBias) && a.hasStrategy;
		if (a.hasStrategy && !skipStrategy) {
			const strategyDay = sim.addWorkingDays(t, rng.int(0, 4));
			const written = r.written && strategyDay <= sim.periodEnd;
			const strategyId = sim.nextId('SD');
			const initiated = rng.chance(p.s47Initiated);
			const holiday = [3, 7, 11].includes(new Date(strategyDay * 86_400_000).getUTCMonth());
			const policeAttended = rng.chance(p.attend.police);
			// Where a multi-agency team is live, some discussions are held jointly: police and health
			// both there. Drawn only then, so authorities without a team draw exactly as before;
			// the enquiry's outcome still follows `policeAttended`, so no other measure moves.
			const joint = this.jointDiscussion(strategyDay);
			if (written) {
				sim.rows.write('strategy_discussions', {
					strategy_id: strategyId,
					child_id: this.children.id(r.child),
					referral_id: r.id,
					la_code: la,
					date: sim.date(strategyDay),
					s47_initiated: initiated
				});
				const attendance = (agency: string, attended: string) =>
					sim.rows.write('strategy_attendance', {
						strategy_id: strategyId,
						la_code: la,
						agency,
						attendance: attended
					});
				attendance('social_care', 'attended');
				attendance(
					'police',
					policeAttended || joint ? 'attended' : rng.chance(0.3) ? 'report_only' : 'absent'
				);
				const health = drawAttendance(rng, p.attend.health, 0.15);
				attendance('health', joint ? 'attended' : health);
				attendance(
					'education',
					r.age < 4
						? 'not_invited'
						: drawAttendance(rng, p.attend.education * (holiday ? 0.7 : 1), 0.1)
				);
			}
			if (!initiated) return { strategyDay, enquiry: null };
			const enquiry: Enquiry = {
				start: strategyDay,
				id: sim.nextId('S'),
				outcome: '',
				written: false
			};
			const u = rng.next();
			const pIcpc = policeAttended ? p.icpcIfPolice : p.icpcIfPolice * 0.8;
			const pNfa = policeAttended
				? p.nfaIfPolice
				: Math.min(0.8, p.nfaIfPolice + p.nfaPenaltyNoPolice);
			enquiry.outcome =
				u < pIcpc ? 'icpc' : u < pIcpc + pNfa ? 'nfa' : u < pIcpc + pNfa + 0.05 ? 'other' : 'cin';
			if (written) this.writeEnquiry(r, enquiry, strategyId);
			return { strategyDay, enquiry };
		}
		if (rng.chance(p.s47WithoutStrategy * 3)) {
			// An enquiry started without a strategy discussion that decided it.
			const enquiry: Enquiry = {
				start: sim.addWorkingDays(t, rng.int(1, 5)),
				id: sim.nextId('S'),
				outcome: '',
				written: false
			};
			enquiry.outcome = rng.chance(0.3) ? 'icpc' : rng.chance(0.5) ? 'cin' : 'nfa';
			if (r.written && enquiry.start <= sim.periodEnd) this.writeEnquiry(r, enquiry, '');
			return { strategyDay: -1, enquiry };
		}
		return { strategyDay: -1, enquiry: null };
	}

	/**
	 * Whether a discussion on `day` is held jointly by the authority's multi-agency team: with the
	 * chance that lifts the share attended by social care, police and health by exactly the
	 * modelled effect (the chance of all three otherwise being police's times health's).
	 */
	private jointDiscussion(day: number): boolean {
		const { sim } = this;
		const points = sim.reformEffect('strategy_core_attendance', day);
		if (points === 0) return false;
		const { police, health } = sim.params.attend;
		return sim.rng.chance(jointDiscussionChance(police * health, points));
	}

	/** Writes the enquiry, its information requests to partners and any escalation. */
	private writeEnquiry(r: Referral, enquiry: Enquiry, strategyId: string): void {
		const { sim } = this;
		const { rng, params: p, la } = sim;
		enquiry.written = true;
		const end = sim.addWorkingDays(enquiry.start, rng.int(5, 28));
		const ended = end <= sim.periodEnd;
		sim.rows.write('s47_enquiries', {
			s47_id: enquiry.id,
			child_id: this.children.id(r.child),
			referral_id: r.id,
			strategy_id: strategyId,
			la_code: la,
			start_date: sim.date(enquiry.start),
			end_date: ended ? sim.date(end) : '',
			outcome: ended ? enquiry.outcome : ''
		});
		this.informationRequests(r, enquiry);
		if (rng.chance(p.escalationsPer100S47 / 100)) this.escalation(r, enquiry);
	}

	/** Information requests to partners, answered after a few working days (or not at all). */
	private informationRequests(r: Referral, enquiry: Enquiry): void {
		const { sim } = this;
		const { rng, params: p } = sim;
		for (const agency of ['police', 'health', 'education']) {
			if (agency === 'education' && r.age < 4) continue;
			if (!rng.chance(0.7)) continue;
			const asked = sim.addWorkingDays(enquiry.start, rng.int(0, 3));
			const slower = agency === 'health' ? 1.2 : 1;
			const answered = rng.chance(0.95)
				? sim.addWorkingDays(
						asked,
						Math.max(0, Math.round(p.infoMedianWd * Math.exp(rng.normal(0, 0.6)) * slower))
					)
				: Infinity;
			if (asked > sim.periodEnd) continue;
			sim.rows.write('information_requests', {
				request_id: sim.nextId('IR'),
				child_id: this.children.id(r.child),
				la_code: sim.la,
				requesting_agency: 'social_care',
				responding_agency: agency,
				requested_date: sim.date(asked),
				responded_date: answered > sim.periodEnd ? '' : sim.date(answered)
			});
		}
	}

	/** A disagreement between agencies raised during the enquiry, and how it was resolved. */
	private escalation(r: Referral, enquiry: Enquiry): void {
		const { sim } = this;
		const { rng, params: p } = sim;
		const raisedBy = rng.pick(['police', 'health', 'education', 'social_care']);
		const raisedWith =
			raisedBy === 'social_care' ? rng.pick(['police', 'health', 'education']) : 'social_care';
		const raised = sim.addWorkingDays(enquiry.start, rng.int(2, 30));
		if (raised > sim.periodEnd) return;
		const resolvedWd = rng.chance(p.escalationResolved20) ? rng.int(1, 20) : rng.int(21, 70);
		const resolved = sim.addWorkingDays(raised, resolvedWd);
		const stage = resolvedWd <= 10 ? 1 : resolvedWd <= 20 ? rng.int(1, 2) : rng.int(2, 4);
		const open = resolved > sim.periodEnd;
		sim.rows.write('escalations', {
			escalation_id: sim.nextId('E'),
			child_id: rng.chance(0.9) ? this.children.id(r.child) : '',
			la_code: sim.la,
			raised_by: raisedBy,
			raised_with: raisedWith,
			raised_date: sim.date(raised),
			highest_stage: stage,
			resolved_date: open ? '' : sim.date(resolved),
			outcome: open ? '' : rng.pick(['upheld', 'upheld', 'not_upheld', 'withdrawn'])
		});
	}

	/**
	 * The referral of a child arriving on another authority's plan (source 5C, another
	 * authority's children's social care), its episode closing some weeks after the plan ends.
	 */
	arrival(child: number, day: number, planEnd: number): void {
		const { sim } = this;
		const closeDay = planEnd + 60;
		if (day < sim.periodStart - 365 && closeDay < sim.periodStart - 365) return;
		const open = closeDay > sim.periodEnd;
		sim.rows.write('referrals', {
			referral_id: sim.nextId('R'),
			child_id: this.children.id(child),
			la_code: sim.la,
			referral_date: sim.date(day),
			source: '5C',
			primary_need: 'N1',
			nfa: false,
			close_date: open ? '' : sim.date(closeDay),
			close_reason: open ? '' : 'RC7'
		});
	}

	/** The case audits of the sampled children. */
	writeAudits(): void {
		const { sim } = this;
		const { rng, params: p } = sim;
		for (const [c, day] of this.auditDayByChild) {
			if (day > sim.periodEnd) continue;
			const good = rng.chance(p.auditGood);
			const grade = good
				? rng.chance(0.12)
					? 'outstanding'
					: 'good'
				: rng.chance(0.8)
					? 'requires_improvement'
					: 'inadequate';
			sim.rows.write('case_audits', {
				audit_id: sim.nextId('CA'),
				child_id: this.children.id(c),
				la_code: sim.la,
				audit_date: sim.date(day),
				multi_agency: rng.chance(p.auditMulti),
				grade
			});
		}
	}
}
