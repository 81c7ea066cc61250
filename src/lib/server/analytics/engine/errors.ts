// Why a metric request was refused. Each message is safe to show to the person who asked:
// it names the parameter at fault and never a figure.

/** The request itself is malformed: unknown metric, breakdown, date or authority. */
export class MetricRequestError extends Error {
	constructor(message: string) {
		super(message);
		this.name = 'MetricRequestError';
	}
}

/** The viewer may not see the scope asked for. Pages answer this with 404, revealing nothing. */
export class ScopeForbiddenError extends Error {
	constructor(message = 'That authority is outside your scope.') {
		super(message);
		this.name = 'ScopeForbiddenError';
	}
}

/** Disclosure control does not allow the figures asked for (e.g. a custom period for one LA). */
export class DisclosureError extends Error {
	constructor(message: string) {
		super(message);
		this.name = 'DisclosureError';
	}
}
