// Working days in England and Wales: Monday to Friday, less bank holidays. The same definition
// is built into the analytics database as a calendar table (see the loader), and tests check
// that the two agree.
//
// wd(a, b) is the number of working days d with a < d ≤ b, so an event on the Nth working day
// after a has wd = N, and "within N working days" means wd(a, b) ≤ N. The CIN census's
// InitialCPCtarget (S47ActualStartDate plus 15 working days) follows the same counting.
import { dayNumber, isoDate, weekday } from './dates';

export class WorkingDayCalendar {
	private readonly holidays: Set<number>;
	private readonly first: number;
	/** cumulative[i] = working days in (first - 1, first + i]. */
	private readonly cumulative: Int32Array;
	/** Day numbers of the working days, in order. */
	private readonly workingDays: Int32Array;

	constructor(bankHolidays: Iterable<string>, from = '1995-01-01', to = '2035-12-31') {
		this.holidays = new Set([...bankHolidays].map(dayNumber));
		this.first = dayNumber(from);
		const last = dayNumber(to);
		this.cumulative = new Int32Array(last - this.first + 1);
		const working: number[] = [];
		let count = 0;
		for (let d = this.first; d <= last; d++) {
			if (this.isWorkingDayNumber(d)) {
				count++;
				working.push(d);
			}
			this.cumulative[d - this.first] = count;
		}
		this.workingDays = Int32Array.from(working);
	}

	private index(day: number): number {
		const i = day - this.first;
		if (i < 0 || i >= this.cumulative.length) {
			throw new RangeError(`${isoDate(day)} is outside the working-day calendar`);
		}
		return i;
	}

	isWorkingDayNumber(day: number): boolean {
		const w = weekday(day);
		return w !== 0 && w !== 6 && !this.holidays.has(day);
	}

	isWorkingDay(iso: string): boolean {
		return this.isWorkingDayNumber(dayNumber(iso));
	}

	/** Working days d with a < d ≤ b (negative when b is before a). */
	between(a: string, b: string): number {
		return this.betweenDays(dayNumber(a), dayNumber(b));
	}

	betweenDays(a: number, b: number): number {
		return this.cumulative[this.index(b)]! - this.cumulative[this.index(a)]!;
	}

	/** The Nth working day after `a` (N ≥ 1); for N = 0, `a` itself. */
	add(a: string, n: number): string {
		return isoDate(this.addDays(dayNumber(a), n));
	}

	addDays(a: number, n: number): number {
		if (n <= 0) return a;
		// cumulative at a counts working days up to and including a; the Nth after a is the
		// working day with cumulative count cumulative[a] + n.
		const target = this.cumulative[this.index(a)]! + n;
		const day = this.workingDays[target - 1];
		if (day === undefined) throw new RangeError('date beyond the working-day calendar');
		return day;
	}
}
