// What every part of one authority's simulation shares: its random stream, its days (the
// warm-up, the reporting period, the working-day calendar), its ids and the writer of its rows.
import { dayNumber, isoDate } from '../stats/dates';
import type { WorkingDayCalendar } from '../stats/working-days';
import type { SyntheticAuthority } from './authorities';
import type { LaParams } from './params';
import { Random } from './random';
import type { AuthorityReform, ModelledMeasure } from './reform';
import type { RowWriter } from './rows';

export interface SimulationWindow {
	/** First day of the reporting period (YYYY-MM-DD). */
	start: string;
	/** Last day of the reporting period and the extract date. */
	end: string;
}

/**
 * Days simulated before the reporting period, so that the plans, cases and workforce in place
 * on its first day exist.
 */
const WARM_UP_DAYS = 730;

export class Simulation {
	readonly rng: Random;
	/** The authority's code, on every row. */
	readonly la: string;
	/** The authority's number in ids (001, 002, …), so ids are unique across authorities. */
	readonly tag: string;
	/** First day of the reporting period (a day number). */
	readonly periodStart: number;
	/** Last day of the reporting period: the extract date. */
	readonly periodEnd: number;
	/** First day simulated. */
	readonly warmUpStart: number;
	private seq = 0;
	// ISO strings for every day that may be written, looked up rather than formatted each time.
	private readonly firstDay: number;
	private readonly isoCache: string[] = [];

	constructor(
		readonly authority: SyntheticAuthority,
		readonly params: LaParams,
		readonly reform: AuthorityReform,
		seed: string,
		readonly window: SimulationWindow,
		readonly calendar: WorkingDayCalendar,
		readonly rows: RowWriter
	) {
		this.rng = new Random(`${seed}:simulate:${authority.code}`);
		this.la = authority.code;
		this.tag = String(authority.index + 1).padStart(3, '0');
		this.periodStart = dayNumber(window.start);
		this.periodEnd = dayNumber(window.end);
		this.warmUpStart = this.periodStart - WARM_UP_DAYS;
		this.firstDay = this.warmUpStart - 40 * 366;
	}

	/**
	 * The modelled effect of the authority's multi-agency child protection team on a measure, in
	 * its units, for an event on `day`: zero before go-live, where there is none, or for a
	 * measure the model does not move.
	 */
	reformEffect(measure: ModelledMeasure, day: number): number {
		const live = this.reform.goLiveDay;
		return live !== null && day >= live ? (this.reform.effects[measure] ?? 0) : 0;
	}

	/** A day number as YYYY-MM-DD. */
	date(day: number): string {
		return (this.isoCache[day - this.firstDay] ??= isoDate(day));
	}

	/** A day number's month as YYYY-MM. */
	month(day: number): string {
		return this.date(day).slice(0, 7);
	}

	addWorkingDays(day: number, n: number): number {
		return this.calendar.addDays(day, n);
	}

	/** The day itself if it is a working day, else the next working day. */
	nextWorkingDay(day: number): number {
		return this.calendar.isWorkingDayNumber(day) ? day : this.addWorkingDays(day, 1);
	}

	/** A new id for a row of a case table: its prefix, the authority and a sequence number. */
	nextId(prefix: string): string {
		return `${prefix}-${this.tag}-${(++this.seq).toString(36).toUpperCase().padStart(6, '0')}`;
	}
}
