import { beforeEach, describe, expect, it } from 'vitest';
import { readAudit } from '../audit';
import { createUser } from '../auth/users';
import { openAppDb, type AppDb } from '../db/client';
import type { User } from '../db/schema';
import {
	cleanCommentary,
	COMMENTARY_MAX,
	commentaryVersions,
	publishedCommentary,
	publishVersion,
	saveCommentary
} from './commentary';
import { AreaNotHeldError, leadershipVersion, LeadershipError } from './store';

const LA = 'E09000001';
const area = `la:${LA}`;
const password = 'correct horse battery staple 7';
const base = { area, metricId: 'icpc_15wd', month: '2025-03', route: '/metrics/icpc_15wd' };

let db: AppDb;
let director: User;
let head: User;
let stranger: User;

beforeEach(async () => {
	db = openAppDb(':memory:');
	const leader = (email: string, la: string) =>
		createUser(db, { email, password, role: 'la_leader', laCodes: [la], agency: null });
	director = await leader('director@example.test', LA);
	head = await leader('head.of.service@example.test', LA);
	stranger = await leader('stranger@example.test', 'E09000002');
});

describe('commentary versions', () => {
	it('keeps every version; pages show the latest published, not a later draft', () => {
		const v1 = saveCommentary(db, director, {
			...base,
			body: 'First draft.',
			basedOn: null,
			publish: false
		});
		const v2 = saveCommentary(db, director, {
			...base,
			body: 'Published text.',
			basedOn: 1,
			publish: true
		});
		const v3 = saveCommentary(db, head, {
			...base,
			body: 'A newer draft.',
			basedOn: 2,
			publish: false
		});
		expect([v1, v2, v3].map((v) => [v.version, v.status, v.conflict])).toEqual([
			[1, 'draft', null],
			[2, 'published', null],
			[3, 'draft', null]
		]);
		expect(commentaryVersions(db, area, 'icpc_15wd', '2025-03').map((v) => v.body)).toEqual([
			'A newer draft.',
			'Published text.',
			'First draft.'
		]);
		expect(publishedCommentary(db, area, '2025-03').get('icpc_15wd')?.body).toBe('Published text.');
		// Another month, measure or area has none of it.
		expect(publishedCommentary(db, area, '2025-02').size).toBe(0);
		expect(publishedCommentary(db, 'la:E09000002', '2025-03').size).toBe(0);
	});

	it('publishes an earlier version again as the newest', () => {
		saveCommentary(db, director, { ...base, body: 'One.', basedOn: null, publish: true });
		saveCommentary(db, director, { ...base, body: 'Two.', basedOn: 1, publish: true });
		const again = publishVersion(db, director, { ...base, version: 1 });
		expect(again).toMatchObject({ version: 3, status: 'published', conflict: null });
		expect(publishedCommentary(db, area, '2025-03').get('icpc_15wd')?.body).toBe('One.');
		expect(() => publishVersion(db, director, { ...base, version: 9 })).toThrow(LeadershipError);
	});

	it('loses neither of two edits made at once: the later is kept as a draft and told of the other', () => {
		saveCommentary(db, director, { ...base, body: 'Agreed text.', basedOn: null, publish: true });
		// Both open version 1; the head of service saves first.
		const first = saveCommentary(db, head, {
			...base,
			body: 'Head’s edit.',
			basedOn: 1,
			publish: true
		});
		const second = saveCommentary(db, director, {
			...base,
			body: 'Director’s edit.',
			basedOn: 1,
			publish: true
		});
		expect(first).toMatchObject({ version: 2, status: 'published', conflict: null });
		expect(second.version).toBe(3);
		expect(second.status).toBe('draft');
		expect(second.conflict).toMatchObject({ version: 2, author: 'head.of.service@example.test' });
		// Both texts are kept; the published one is the head's until someone chooses.
		const bodies = commentaryVersions(db, area, 'icpc_15wd', '2025-03').map((v) => v.body);
		expect(bodies).toContain('Head’s edit.');
		expect(bodies).toContain('Director’s edit.');
		expect(publishedCommentary(db, area, '2025-03').get('icpc_15wd')?.body).toBe('Head’s edit.');
	});

	it('records each save in the audit log and moves the version kept pages are keyed on', () => {
		const v0 = Number(leadershipVersion(db));
		saveCommentary(db, director, { ...base, body: 'x', basedOn: null, publish: false });
		saveCommentary(db, director, { ...base, body: 'y', basedOn: 1, publish: true });
		expect(Number(leadershipVersion(db))).toBe(v0 + 2);
		const changes = readAudit(db, { action: 'leadership' }).map((a) => JSON.parse(a.details!));
		expect(changes.map((c) => [c.change, c.version])).toEqual([
			['publish commentary', 2],
			['save commentary draft', 1]
		]);
	});

	it('refuses an area the writer does not hold, and writes nothing', () => {
		expect(() =>
			saveCommentary(db, stranger, { ...base, body: 'x', basedOn: null, publish: true })
		).toThrow(AreaNotHeldError);
		expect(() => publishVersion(db, stranger, { ...base, version: 1 })).toThrow(AreaNotHeldError);
		expect(commentaryVersions(db, area, 'icpc_15wd', '2025-03')).toEqual([]);
	});
});

describe('commentary text', () => {
	it('keeps paragraphs and lines, drops control characters, and refuses empty or long text', () => {
		expect(cleanCommentary('  One.\r\n\r\n\r\n\r\n- a\u0007\n- b\u202E  \n')).toBe(
			'One.\n\n- a\n- b'
		);
		expect(() => cleanCommentary(' \n\t ')).toThrow(LeadershipError);
		expect(cleanCommentary('x'.repeat(COMMENTARY_MAX))).toHaveLength(COMMENTARY_MAX);
		expect(() => cleanCommentary('x'.repeat(COMMENTARY_MAX + 1))).toThrow(/at most 4,000/);
	});

	it('refuses what looks like personal data, saying what it found', () => {
		expect(() => cleanCommentary('Seen at SW1A 1AA.')).toThrow(/postcode/);
	});

	it('keeps markup as text (pages show it, never run it)', () => {
		expect(cleanCommentary('<script>alert(1)</script>')).toBe('<script>alert(1)</script>');
	});
});
