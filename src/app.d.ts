// See https://svelte.dev/docs/kit/types#app.d.ts
import type { Session, User } from '$lib/server/db/schema';

declare global {
	namespace App {
		interface Error {
			message: string;
		}
		interface Locals {
			/** The signed-in user, or null; set by the handleAuth hook for every request. */
			user: User | null;
			session: Session | null;
		}
		// interface PageData {}
		// interface PageState {}
		// interface Platform {}
	}
}

export {};
