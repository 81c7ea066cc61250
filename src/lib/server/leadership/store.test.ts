import { beforeEach, describe, expect, it } from 'vitest';
import { readAudit } from '../audit';
import { createUser, viewerOf } from '../auth/users';
import { openAppDb, type AppDb } from '../db/client';
import type { User } from '../db/schema';
import { areaOf, authoritiesOf, holdsArea } from './area';
import {
	addChangePoint,
	AreaNotHeldError,
	cleanLabel,
	LABEL_MAX,
	leadershipVersion,
	LeadershipError,
	parseTargetValue,
	readLeadership,
	removeChangePoint,
	setRecalculation,
	setTarget,
	targetHistory
} from './store';

const LA1 = 'E09000001';
const LA2 = 'E09000002';
const LA3 = 'E09000003';
const password = 'correct horse battery staple 7';
const route = '/metrics/icpc_15wd';

let db: AppDb;
let director: User;
let otherDirector: User;
let partner: User;
let national: User;
let admin: User;

beforeEach(async () => {
	db = openAppDb(':memory:');
	director = await createUser(db, {
		email: 'director@example.test',
		password,
		role: 'la_leader',
		laCodes: [LA1],
		agency: null
	});
	otherDirector = await createUser(db, {
		email: 'other@example.test',
		password,
		role: 'la_leader',
		laCodes: [LA3],
		agency: null
	});
	partner = await createUser(db, {
		email: 'partner@example.test',
		password,
		role: 'partner',
		laCodes: [LA1, LA2],
		agency: 'police'
	});
	national = await createUser(db, {
		email: 'national@example.test',
		password,
		role: 'national',
		laCodes: [],
		agency: null
	});
	admin = await createUser(db, {
		email: 'admin@example.test',
		password,
		role: 'admin',
		laCodes: [],
		agency: null
	});
});

describe('areas', () => {
	it('names one authority or a partnership, and nothing for regions or England', () => {
		expect(areaOf({ kind: 'la', la: LA1 })).toBe(`la:${LA1}`);
		expect(areaOf({ kind: 'las', las: [LA2, LA1, LA2] })).toBe(`las:${LA1},${LA2}`);
		expect(areaOf({ kind: 'region', region: 'E12000007' })).toBeNull();
		expect(areaOf({ kind: 'england' })).toBeNull();
	});

	it('reads back only well-formed keys', () => {
		expect(authoritiesOf(`las:${LA1},${LA2}`)).toEqual([LA1, LA2]);
		for (const bad of ['', 'la:', `la:${LA1},${LA2}`, `las:${LA1}`, `region:${LA1}`, `la:${LA1};x`])
			expect(authoritiesOf(bad), bad).toEqual([]);
	});

	it('is held by those who hold every authority of it, never by national users or admins', () => {
		expect(holdsArea(viewerOf(director), `la:${LA1}`)).toBe(true);
		expect(holdsArea(viewerOf(director), `la:${LA2}`)).toBe(false);
		expect(holdsArea(viewerOf(partner), `las:${LA1},${LA2}`)).toBe(true);
		expect(holdsArea(viewerOf(partner), `la:${LA2}`)).toBe(true);
		expect(holdsArea(viewerOf(director), `las:${LA1},${LA2}`)).toBe(false);
		expect(holdsArea(viewerOf(national), `la:${LA1}`)).toBe(false);
		expect(holdsArea(viewerOf(admin), `la:${LA1}`)).toBe(false);
	});
});

describe('targets', () => {
	it('keeps every version; the latest set for a month stands', () => {
		setTarget(db, director, {
			area: `la:${LA1}`,
			metricId: 'icpc_15wd',
			fromMonth: '2024-04',
			value: 80,
			route
		});
		setTarget(db, director, {
			area: `la:${LA1}`,
			metricId: 'icpc_15wd',
			fromMonth: '2024-04',
			value: 85,
			route
		});
		setTarget(db, director, {
			area: `la:${LA1}`,
			metricId: 'icpc_15wd',
			fromMonth: '2025-04',
			value: null,
			route
		});
		expect(readLeadership(db, `la:${LA1}`).targets.get('icpc_15wd')).toEqual([
			{ from: '2024-04', value: 85 },
			{ from: '2025-04', value: null }
		]);
		expect(targetHistory(db, `la:${LA1}`, 'icpc_15wd').map((t) => t.value)).toEqual([null, 85, 80]);
	});

	it('reads the value as the measure counts it', () => {
		expect(parseTargetValue(' 85.5 % ', 'icpc_15wd')).toBe(85.5);
		expect(parseTargetValue('', 'icpc_15wd')).toBeNull();
		for (const bad of ['abc', '1e3', '0x10', '-1', '101', '85,5', 'Infinity'])
			expect(() => parseTargetValue(bad, 'icpc_15wd'), bad).toThrow(LeadershipError);
		expect(() => parseTargetValue('5', 'no_such_measure')).toThrow(LeadershipError);
	});

	it('refuses a month that is not one', () => {
		for (const fromMonth of ['2024-13', '2024-4', 'April', "2024-04' OR 1=1"])
			expect(() =>
				setTarget(db, director, {
					area: `la:${LA1}`,
					metricId: 'icpc_15wd',
					fromMonth,
					value: 1,
					route
				})
			).toThrow(LeadershipError);
	});
});

describe('who may write', () => {
	const attempts = (user: () => User, area: string) => [
		() =>
			setTarget(db, user(), { area, metricId: 'icpc_15wd', fromMonth: '2024-04', value: 1, route }),
		() =>
			addChangePoint(db, user(), {
				area,
				month: '2024-04',
				label: 'x',
				recalculateFor: null,
				route
			})
	];

	it('refuses every write to an area the account does not hold, in any spelling', () => {
		const areas = [
			`la:${LA3}`,
			`la:${LA2},${LA1}`,
			`las:${LA1},${LA3}`,
			`las:${LA1}`,
			`la:${LA1} `,
			`la:e09000001`,
			'england',
			'region:E12000007',
			''
		];
		for (const area of areas)
			for (const write of attempts(() => director, area))
				expect(write, area).toThrow(AreaNotHeldError);
		for (const who of [() => national, () => admin])
			for (const write of attempts(who, `la:${LA1}`)) expect(write).toThrow(AreaNotHeldError);
		expect(readAudit(db, { action: 'leadership' })).toHaveLength(0);
		expect(leadershipVersion(db)).toBe('0');
	});

	it("refuses to touch another area's change point by its id", () => {
		const id = addChangePoint(db, otherDirector, {
			area: `la:${LA3}`,
			month: '2024-06',
			label: 'Their change',
			recalculateFor: 'icpc_15wd',
			route
		});
		// Through their own area: the id is not on its timeline.
		expect(() => removeChangePoint(db, director, { area: `la:${LA1}`, id, route })).toThrow(
			LeadershipError
		);
		expect(() =>
			setRecalculation(db, director, {
				area: `la:${LA1}`,
				id,
				metricId: 'icpc_15wd',
				on: false,
				route
			})
		).toThrow(LeadershipError);
		// Through theirs: not held.
		expect(() => removeChangePoint(db, director, { area: `la:${LA3}`, id, route })).toThrow(
			AreaNotHeldError
		);
		const theirs = readLeadership(db, `la:${LA3}`).changes;
		expect(theirs).toHaveLength(1);
		expect([...theirs[0]!.recalculated]).toEqual(['icpc_15wd']);
	});
});

describe('change points', () => {
	it('are added, recalculated per measure, removed, and each change is audited and versioned', () => {
		const area = `las:${LA1},${LA2}`;
		const v0 = leadershipVersion(db);
		const id = addChangePoint(db, partner, {
			area,
			month: '2025-01',
			label: '  New   police\treferral pathway ',
			recalculateFor: 'icpc_15wd',
			route
		});
		setRecalculation(db, partner, { area, id, metricId: 'review_on_time', on: true, route });
		setRecalculation(db, partner, { area, id, metricId: 'icpc_15wd', on: false, route });
		let [change] = readLeadership(db, area).changes;
		expect(change).toMatchObject({
			month: '2025-01',
			label: 'New police referral pathway',
			addedBy: 'partner@example.test'
		});
		expect([...change!.recalculated]).toEqual(['review_on_time']);
		// Another area sees none of it.
		expect(readLeadership(db, `la:${LA1}`).changes).toEqual([]);

		removeChangePoint(db, partner, { area, id, route });
		expect(readLeadership(db, area).changes).toEqual([]);
		[change] = readLeadership(db, area).changes;
		expect(change).toBeUndefined();

		const audit = readAudit(db, { action: 'leadership' }).reverse();
		expect(audit.map((a) => JSON.parse(a.details!).change)).toEqual([
			'add change point',
			'recalculate from change point',
			'stop recalculating from change point',
			'remove change point'
		]);
		expect(audit.every((a) => a.email === 'partner@example.test' && a.route === route)).toBe(true);
		expect(Number(leadershipVersion(db))).toBe(Number(v0) + 4);
	});

	it('take plain text on one line, not empty and not too long; markup is kept as text', () => {
		expect(cleanLabel('<script>alert(1)</script>')).toBe('<script>alert(1)</script>');
		expect(cleanLabel('a\u0000b\u202Ec\nd')).toBe('a b c d');
		expect(() => cleanLabel('   ')).toThrow(LeadershipError);
		expect(cleanLabel('x'.repeat(LABEL_MAX))).toHaveLength(LABEL_MAX);
		expect(() => cleanLabel('x'.repeat(LABEL_MAX + 1))).toThrow(LeadershipError);
	});
});
