// Bounds on how much analytics work runs at once: a gate admits a fixed number of units of work
// and queues the rest in order of arrival. A queued unit leaves the queue when its request is
// abandoned (the client went away) or its deadline passes, so a burst cannot pile up work that
// nobody is waiting for.
export class GateTimeoutError extends Error {
	constructor() {
		super('The service is busy: the request waited too long for its turn.');
		this.name = 'GateTimeoutError';
	}
}

export class GateAbandonedError extends Error {
	constructor() {
		super('The request was abandoned while it waited for its turn.');
		this.name = 'GateAbandonedError';
	}
}

interface Waiter {
	admit: () => void;
	fail: (e: Error) => void;
}

export class Gate {
	private running = 0;
	private readonly queue: Waiter[] = [];

	constructor(readonly limit: number) {}

	/** Waits for a place; returns the function that gives it back (call it exactly once). */
	async enter(o: { signal?: AbortSignal; deadline?: number } = {}): Promise<() => void> {
		if (o.signal?.aborted) throw new GateAbandonedError();
		if (this.running < this.limit && this.queue.length === 0) {
			this.running++;
			return this.releaser();
		}
		await new Promise<void>((resolve, reject) => {
			const waiter: Waiter = {
				admit: () => {
					cleanup();
					resolve();
				},
				fail: (e) => {
					cleanup();
					reject(e);
				}
			};
			const leave = (e: Error) => {
				const i = this.queue.indexOf(waiter);
				if (i >= 0) this.queue.splice(i, 1);
				waiter.fail(e);
			};
			const onAbort = () => leave(new GateAbandonedError());
			const timer =
				o.deadline === undefined
					? undefined
					: setTimeout(() => leave(new GateTimeoutError()), Math.max(0, o.deadline - Date.now()));
			const cleanup = () => {
				if (timer) clearTimeout(timer);
				o.signal?.removeEventListener('abort', onAbort);
			};
			o.signal?.addEventListener('abort', onAbort, { once: true });
			this.queue.push(waiter);
		});
		// The place was handed over by the unit that left it (see releaser).
		return this.releaser();
	}

	private releaser(): () => void {
		let released = false;
		return () => {
			if (released) return;
			released = true;
			// Hand the place straight to the next in line, so no newcomer can slip in between.
			const next = this.queue.shift();
			if (next) next.admit();
			else this.running--;
		};
	}

	/** Units running and waiting (the per-user gates are forgotten when both are 0). */
	get load(): { running: number; waiting: number } {
		return { running: this.running, waiting: this.queue.length };
	}
}
