// Who holds a child's case over an episode: a succession of workers, changing at the given
// rate, with short unallocated gaps; written as the allocations table.
import type { Children } from './children';
import type { Simulation } from './simulation';
import type { Workforce } from './workforce';

export class Allocations {
	/** Allocations written, by child, worker and first day (see allocationKey). */
	private readonly written = new Set<number>();

	constructor(
		private readonly sim: Simulation,
		private readonly children: Children,
		private readonly workforce: Workforce
	) {}

	/** Allocates child `c` from day `from` to day `to`, with `changesPerYear` changes of worker. */
	allocate(c: number, from: number, to: number, changesPerYear: number): void {
		const { sim } = this;
		const { rng } = sim;
		let t = from;
		let last = -1;
		while (t < to && t <= sim.periodEnd) {
			if (rng.chance(sim.params.unallocatedGap)) t += rng.int(1, 12);
			if (t >= to || t > sim.periodEnd) break;
			const w = this.workforce.pickWorker(t);
			let segmentEnd =
				t + Math.max(14, Math.round(-Math.log(1 - rng.next()) * (365 / changesPerYear)));
			if (w >= 0) segmentEnd = Math.min(segmentEnd, this.workforce.workers[w]!.end - 1);
			segmentEnd = Math.min(segmentEnd, to);
			const key = allocationKey(c, w, t);
			if (w >= 0 && w !== last && segmentEnd >= sim.periodStart && !this.written.has(key)) {
				this.written.add(key);
				const open = segmentEnd > sim.periodEnd;
				sim.rows.write('allocations', {
					child_id: this.children.id(c),
					worker_id: this.workforce.workers[w]!.id,
					la_code: sim.la,
					start_date: sim.date(t),
					end_date: open ? '' : sim.date(segmentEnd)
				});
			}
			last = w;
			t = Math.max(segmentEnd, t + 1);
		}
	}
}

/**
 * One number for a child, a worker and a day: a set of numbers is much cheaper than one of
 * strings, in a loop run for every allocation. Exact (under 2^53) for children under 2^20,
 * workers under 2^16 and days within 2^16 of 1970, each far beyond any authority or date the
 * simulation reaches; outside them it throws rather than let two allocations share a key.
 */
export function allocationKey(child: number, worker: number, day: number): number {
	if (child >= 2 ** 20 || worker >= 2 ** 16 || Math.abs(day) >= 2 ** 16)
		throw new Error(`allocation key out of range: child ${child}, worker ${worker}, day ${day}`);
	return (child * 2 ** 16 + worker) * 2 ** 17 + (day + 2 ** 16);
}
