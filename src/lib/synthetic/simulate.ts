// Simulates one fictional authority's children's social care over the extract's years and
// writes its rows. Each authority draws from its own seeded stream, so authorities can be
// simulated in any order or in parallel with identical output. The parts draw from that one
// stream in a fixed order (workforce, then day by day the referrals with everything that
// follows from them, then transfers in and audits), so changing what one part draws changes
// everything drawn after it.
//
// A warm-up of two years before the reporting period is simulated so that the plans, cases and
// workforce in place on its first day exist; of the warm-up only what is still relevant is
// written: referrals in the 12 months before the period (for the re-referral look-back), plans
// and allocations still open at its start, their conferences and recent visits.
import type { WorkingDayCalendar } from '../stats/working-days';
import { Allocations } from './allocations';
import type { SyntheticAuthority } from './authorities';
import { Children } from './children';
import type { LaParams } from './params';
import { Plans } from './plans';
import type { AuthorityReform } from './reform';
import { Referrals } from './referrals';
import { RowWriter, type LaCounts, type RowSink } from './rows';
import { Simulation, type SimulationWindow } from './simulation';
import { Workforce } from './workforce';

export type { LaCounts, RowSink } from './rows';
export type { SimulationWindow } from './simulation';

export function simulateAuthority(
	la: SyntheticAuthority,
	params: LaParams,
	reform: AuthorityReform,
	seed: string,
	window: SimulationWindow,
	calendar: WorkingDayCalendar,
	emit: RowSink
): LaCounts {
	const rows = new RowWriter(emit);
	const sim = new Simulation(la, params, reform, seed, window, calendar, rows);
	const workforce = new Workforce(sim);
	const children = new Children(sim);
	const allocations = new Allocations(sim, children, workforce);
	const plans = new Plans(sim, children);
	const referrals = new Referrals(sim, children, plans, allocations);

	referrals.simulate();
	transfersIn(sim, children, plans, allocations, referrals);
	referrals.writeAudits();
	workforce.writePractitioners();
	workforce.writeVacancies();
	// Last: every child named by a row written above.
	children.write();
	return rows.counts;
}

/**
 * A few children arrive on a plan from another authority (transfer-in conferences), each
 * referred on arrival.
 */
function transfersIn(
	sim: Simulation,
	children: Children,
	plans: Plans,
	allocations: Allocations,
	referrals: Referrals
): void {
	const { rng, params: p } = sim;
	const span = sim.periodEnd - sim.warmUpStart;
	const transfers = rng.poisson((p.referralsPerYear * 0.0025 * span) / 365);
	for (let i = 0; i < transfers; i++) {
		const day = sim.nextWorkingDay(rng.int(sim.warmUpStart, sim.periodEnd));
		const c = children.add(day);
		const end = plans.start(c, day, '', true);
		referrals.arrival(c, day, end);
		allocations.allocate(c, day, end, p.workerChangesPerYear);
	}
}
