// Which digest a moment belongs to. A digest is sent once per period — a week (ISO 8601, Monday
// to Sunday, UTC), a calendar month, or a data version for those who asked to hear of each new
// load — so running the sender again in the same period finds its digest already made.

export const FREQUENCIES = ['weekly', 'monthly', 'loads'] as const;
export type Frequency = (typeof FREQUENCIES)[number];

export const FREQUENCY_LABELS: Record<Frequency, string> = {
	weekly: 'Weekly',
	monthly: 'Monthly',
	loads: 'Each time new data is loaded'
};

/** The ISO 8601 week a day falls in, as 2026-W49 (the week belongs to the year of its Thursday). */
export function isoWeek(day: Date): string {
	const d = new Date(Date.UTC(day.getUTCFullYear(), day.getUTCMonth(), day.getUTCDate()));
	const weekday = (d.getUTCDay() + 6) % 7; // Monday 0 … Sunday 6
	d.setUTCDate(d.getUTCDate() - weekday + 3); // that week's Thursday
	const year = d.getUTCFullYear();
	const firstThursday = new Date(Date.UTC(year, 0, 4));
	firstThursday.setUTCDate(firstThursday.getUTCDate() - ((firstThursday.getUTCDay() + 6) % 7) + 3);
	const week = 1 + Math.round((d.getTime() - firstThursday.getTime()) / (7 * 86_400_000));
	return `${year}-W${String(week).padStart(2, '0')}`;
}

/**
 * The period a digest made now covers; null for a digest of loads when no data is in service
 * (nothing has been loaded to tell of).
 */
export function periodOf(
	frequency: Frequency,
	now: Date,
	dataVersion: string | null
): string | null {
	if (frequency === 'weekly') return isoWeek(now);
	if (frequency === 'monthly') return now.toISOString().slice(0, 7);
	return dataVersion === null ? null : `load ${dataVersion}`;
}

/** The period in words, for the message's heading. */
export function periodInWords(frequency: Frequency, period: string, now: Date): string {
	if (frequency === 'weekly') {
		const monday = new Date(now);
		monday.setUTCDate(monday.getUTCDate() - ((monday.getUTCDay() + 6) % 7));
		return `the week beginning ${longDate(monday)}`;
	}
	if (frequency === 'monthly') {
		const [y, m] = period.split('-').map(Number) as [number, number];
		return new Date(Date.UTC(y, m - 1, 1)).toLocaleDateString('en-GB', {
			month: 'long',
			year: 'numeric',
			timeZone: 'UTC'
		});
	}
	return 'the data just loaded';
}

export function longDate(d: Date): string {
	return d.toLocaleDateString('en-GB', {
		day: 'numeric',
		month: 'long',
		year: 'numeric',
		timeZone: 'UTC'
	});
}
