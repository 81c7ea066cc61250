// Child protection plans: each with its initial conference, review conferences (on time or
// late), statutory visits and agencies' attendance and reports, written from the reporting
// period (and those still open at its start).
import { addMonths, dayNumber } from '../stats/dates';
import type { Children } from './children';
import { categories, drawAttendance, endReasons, planLengthMonths } from './distributions';
import type { Simulation } from './simulation';

export class Plans {
	constructor(
		private readonly sim: Simulation,
		private readonly children: Children
	) {}

	/** Writes a conference and its agencies' attendance; returns its id. */
	conference(
		c: number,
		type: 'initial' | 'review',
		day: number,
		s47: string,
		plan: string,
		outcome: string,
		transferIn: boolean,
		childAge: number
	): string {
		const { sim } = this;
		const { rng, params: p, la } = sim;
		const id = sim.nextId('CF');
		sim.rows.write('conferences', {
			conference_id: id,
			child_id: this.children.id(c),
			la_code: la,
			type,
			s47_id: s47,
			plan_id: plan,
			date: sim.date(day),
			outcome,
			transfer_in: transferIn
		});
		// Where a multi-agency team is live, reports arrive on time more often (by the modelled
		// effect in points); those that do not are late or missing in the same proportions.
		const onTime = Math.min(
			1,
			p.reportsOnTime + sim.reformEffect('conference_reports_on_time', day) / 100
		);
		const report = () => {
			const u = rng.next();
			return u < onTime ? 'on_time' : u < onTime + (1 - onTime) * 0.6 ? 'late' : 'none';
		};
		const attendance = (agency: string, attended: string, reported: string) =>
			sim.rows.write('conference_attendance', {
				conference_id: id,
				la_code: la,
				agency,
				attendance: attended,
				report: reported
			});
		attendance('social_care', 'attended', 'not_requested');
		if (rng.chance(0.96))
			attendance('police', drawAttendance(rng, p.conferenceAttend.police), report());
		else attendance('police', 'not_invited', 'not_requested');
		attendance('health', drawAttendance(rng, p.conferenceAttend.health), report());
		if (childAge >= 4) {
			const holiday = [7, 11].includes(new Date(day * 86_400_000).getUTCMonth());
			attendance(
				'education',
				drawAttendance(rng, p.conferenceAttend.education * (holiday ? 0.75 : 1)),
				report()
			);
		} else {
			attendance('education', 'not_invited', 'not_requested');
		}
		if (rng.chance(0.15)) attendance('probation', drawAttendance(rng, 0.6), report());
		return id;
	}

	/**
	 * Starts a plan at its initial conference and runs it to its end; writes it if it touches
	 * the reporting period. Returns the day it ends (which may be after the extract date).
	 */
	start(c: number, icpcDay: number, s47: string, transferIn: boolean): number {
		const { sim } = this;
		const { rng, params: p } = sim;
		if (icpcDay > sim.periodEnd) return icpcDay;
		const planId = sim.nextId('P');
		const months = planLengthMonths.draw(rng) * p.planLengthScale * rng.uniform(0.85, 1.15);
		const intendedEnd = icpcDay + Math.round(months * 30.4);
		const age = this.children.ageOn(c, icpcDay);
		const { reviews, endDay } = this.reviewsUntil(icpcDay, intendedEnd);
		const open = endDay > sim.periodEnd;
		if (open || endDay >= sim.periodStart) {
			const repeat = rng.chance(p.repeatPlan) ? 1 + (rng.chance(0.25) ? 1 : 0) : 0;
			const category = categories.draw(rng);
			const latest = rng.chance(0.9) ? category : categories.draw(rng);
			sim.rows.write('cp_plans', {
				plan_id: planId,
				child_id: this.children.id(c),
				la_code: sim.la,
				start_date: sim.date(icpcDay),
				end_date: open ? '' : sim.date(endDay),
				initial_category: category,
				latest_category: latest,
				previous_plans: repeat,
				end_reason: open ? '' : endReasons.draw(rng)
			});
			this.conference(c, 'initial', icpcDay, s47, planId, 'plan', transferIn, age);
			for (let i = 0; i < reviews.length; i++) {
				const day = reviews[i]!;
				if (day > sim.periodEnd) break;
				const last = i === reviews.length - 1;
				const outcome = last && !open ? 'end' : 'continue';
				this.conference(c, 'review', day, '', planId, outcome, false, age);
			}
			this.visits(c, planId, icpcDay, endDay);
		}
		return endDay;
	}

	/**
	 * The review conferences of a plan and the day it ends: before the first review for short
	 * plans; otherwise at the review on or after the intended end (sometimes brought forward
	 * to it).
	 */
	private reviewsUntil(
		icpcDay: number,
		intendedEnd: number
	): { reviews: number[]; endDay: number } {
		const { sim } = this;
		const { rng, params: p } = sim;
		const reviews: number[] = [];
		let due = dayNumber(addMonths(sim.date(icpcDay), 3));
		if (intendedEnd < due - 10) return { reviews, endDay: intendedEnd };
		for (;;) {
			const onTime = rng.chance(p.reviewOnTime);
			let held = onTime ? due - rng.int(0, 15) : due + rng.int(1, 35);
			held = sim.nextWorkingDay(held);
			if (onTime && held > due) held = due - 1;
			if (intendedEnd < held - 20 && rng.chance(0.3)) {
				held = sim.nextWorkingDay(intendedEnd);
				reviews.push(held);
				return { reviews, endDay: held };
			}
			reviews.push(held);
			if (held >= intendedEnd) return { reviews, endDay: held };
			due = dayNumber(addMonths(sim.date(held), 6));
		}
	}

	/** Statutory visits every few working days, from the plan's start. */
	private visits(c: number, planId: string, icpcDay: number, endDay: number): void {
		const { sim } = this;
		const { rng, params: p } = sim;
		let v = sim.addWorkingDays(icpcDay, rng.int(1, 8));
		const stop = Math.min(endDay, sim.periodEnd);
		while (v <= stop) {
			if (v >= sim.periodStart - 60) {
				sim.rows.write('cp_visits', {
					visit_id: sim.nextId('V'),
					plan_id: planId,
					child_id: this.children.id(c),
					la_code: sim.la,
					date: sim.date(v),
					seen_alone: rng.chance(p.seenAlone)
				});
			}
			const gap = Math.max(2, Math.round(p.visitIntervalWd * Math.exp(rng.normal(0, 0.35))));
			v = sim.addWorkingDays(v, gap);
		}
	}
}
