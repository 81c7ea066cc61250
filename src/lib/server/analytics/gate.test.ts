import { describe, expect, it } from 'vitest';
import { Gate, GateAbandonedError, GateTimeoutError } from './gate';

const tick = () => new Promise((r) => setTimeout(r, 0));

describe('a gate on analytics work', () => {
	it('admits up to its limit and queues the rest in order of arrival', async () => {
		const gate = new Gate(2);
		const order: string[] = [];
		const a = await gate.enter();
		const b = await gate.enter();
		const c = gate.enter().then((release) => (order.push('c'), release));
		const d = gate.enter().then((release) => (order.push('d'), release));
		await tick();
		expect(gate.load).toEqual({ running: 2, waiting: 2 });
		a();
		const releaseC = await c;
		// A newcomer does not overtake the queue when a place frees.
		const e = gate.enter().then((release) => (order.push('e'), release));
		b();
		await d;
		releaseC();
		await e;
		expect(order).toEqual(['c', 'd', 'e']);
		expect(gate.load.running).toBe(2);
	});

	it('lets a queued unit go when its request is abandoned or its deadline passes', async () => {
		const gate = new Gate(1);
		const held = await gate.enter();
		const controller = new AbortController();
		const abandoned = gate.enter({ signal: controller.signal });
		const late = gate.enter({ deadline: Date.now() + 20 });
		controller.abort();
		await expect(abandoned).rejects.toBeInstanceOf(GateAbandonedError);
		await expect(late).rejects.toBeInstanceOf(GateTimeoutError);
		expect(gate.load).toEqual({ running: 1, waiting: 0 });
		held();
		held();
		expect(gate.load).toEqual({ running: 0, waiting: 0 });
	});
});
