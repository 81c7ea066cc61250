import { describe, expect, it } from 'vitest';
import { openAppDb } from './client';
import { auditEvent } from './schema';

describe('openAppDb', () => {
	it('applies the committed migrations', () => {
		const db = openAppDb(':memory:');
		const tables = db.$client
			.prepare(`SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name`)
			.all()
			.map((r) => (r as { name: string }).name);
		expect(tables).toEqual(expect.arrayContaining(['audit_event', 'session', 'user']));
	});

	it('keeps the audit log append-only', () => {
		const db = openAppDb(':memory:');
		db.insert(auditEvent)
			.values({ at: new Date(0), action: 'test' })
			.run();
		const raw = db.$client;
		expect(() => raw.prepare(`UPDATE audit_event SET action = 'changed'`).run()).toThrow(
			/append-only/
		);
		expect(() => raw.prepare('DELETE FROM audit_event').run()).toThrow(/append-only/);
		expect(db.select().from(auditEvent).all()).toHaveLength(1);
	});
});
