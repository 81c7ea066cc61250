// Where a digest's unsubscribe link goes: no sign-in needed, its key in the address.
export const UNSUBSCRIBE_PATH = '/digest/unsubscribe';

export function unsubscribeUrl(origin: string, token: string): string {
	return `${origin}${UNSUBSCRIBE_PATH}?token=${token}`;
}
