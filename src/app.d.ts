// See https://svelte.dev/docs/kit/types#app.d.ts
import type { Session, User } from '$lib/server/db/schema';
import type { AuditNote } from '$lib/server/request';

declare global {
	namespace App {
		interface Error {
			message: string;
		}
		interface Locals {
			/** The signed-in user, or null; set by the handleAuth hook for every request. */
			user: User | null;
			session: Session | null;
			/** What the request resolved and served, or why it was refused, for the audit log. */
			audit?: AuditNote;
		}
		// interface PageData {}
		// interface PageState {}
		// interface Platform {}
	}
}

export {};
