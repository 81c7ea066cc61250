// The children of the simulation: drawn when first referred (or on arrival from another
// authority), named by id in the rows that concern them, and written to the children table
// only if some row names them.
import { ageAtReferral, ethnicityLondon, ethnicityNational } from './distributions';
import type { Simulation } from './simulation';

const LONDON = 'E12000007';

export class Children {
	private readonly sex: string[] = [];
	private readonly birth: number[] = [];
	private readonly ethnicity: string[] = [];
	private readonly disability: boolean[] = [];
	private readonly named: boolean[] = [];
	/** Each child's id once made: most are named in many rows. */
	private readonly ids: string[] = [];

	constructor(private readonly sim: Simulation) {}

	/** A new child, `age` years old on the day (drawn if not given); returns its number. */
	add(day: number, age?: number): number {
		const { rng } = this.sim;
		const ethnicities =
			this.sim.authority.regionCode === LONDON ? ethnicityLondon : ethnicityNational;
		const years = age ?? ageAtReferral.draw(rng);
		this.sex.push(rng.chance(0.01) ? 'U' : rng.chance(0.51) ? 'M' : 'F');
		this.birth.push(day - years * 365 - rng.int(0, 364));
		// Ethnicity not yet obtained is a census code of its own (the census requires one).
		this.ethnicity.push(rng.chance(0.02) ? 'NOBT' : ethnicities.draw(rng));
		this.disability.push(rng.chance(0.08));
		this.named.push(false);
		return this.sex.length - 1;
	}

	/** The child's id, for a row about to be written (so the child is written too). */
	id(c: number): string {
		this.named[c] = true;
		return (this.ids[c] ??= `C-${this.sim.tag}-${String(c + 1).padStart(7, '0')}`);
	}

	/** The child's age in whole years on the day. */
	ageOn(c: number, day: number): number {
		return Math.floor((day - this.birth[c]!) / 365);
	}

	/** Every child named by a row written. */
	write(): void {
		const { sim } = this;
		for (let c = 0; c < this.sex.length; c++) {
			if (!this.named[c]) continue;
			sim.rows.write('children', {
				child_id: this.id(c),
				la_code: sim.la,
				sex: this.sex[c]!,
				birth_month: sim.month(this.birth[c]!),
				ethnicity: this.ethnicity[c]!,
				disability: this.disability[c]!
			});
		}
	}
}
