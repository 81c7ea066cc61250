// Account administration (admins only; the hook refuses everyone else with 404). Every change
// is written to the audit log; changes of scope and passwords end the account's sessions.
import { fail } from '@sveltejs/kit';
import { recordAudit } from '$lib/server/audit';
import { invalidateUserSessions } from '$lib/server/auth/session';
import {
	createUser,
	disableUser,
	findUserById,
	generatePassword,
	laCodesOf,
	listUsers,
	parseLaCodes,
	PARTNER_AGENCIES,
	setPassword,
	updateUserScope,
	UserError,
	type PartnerAgency
} from '$lib/server/auth/users';
import { ROLES, type Role } from '$lib/roles';
import { appDb } from '$lib/server/db/client';
import type { Actions, PageServerLoad, RequestEvent } from './$types';

export const load: PageServerLoad = () => ({
	roles: [...ROLES],
	agencies: [...PARTNER_AGENCIES],
	users: listUsers(appDb()).map((u) => ({
		id: u.id,
		email: u.email,
		role: u.role,
		las: laCodesOf(u),
		agency: u.agency,
		disabled: u.disabled,
		demo: u.demo
	}))
});

const DEMO_REFUSAL =
	'Demonstration accounts cannot create or change accounts. Use an administrator account made with npm run users.';

const text = (form: FormData, name: string) => {
	const v = form.get(name);
	return typeof v === 'string' ? v.trim() : '';
};

function scopeFrom(form: FormData) {
	return {
		role: text(form, 'role') as Role,
		laCodes: parseLaCodes(text(form, 'las')),
		agency: (text(form, 'agency') || null) as PartnerAgency | null
	};
}

/** Writes an administration change to the audit log. */
function auditChange(admin: App.Locals['user'], details: Record<string, unknown>): void {
	recordAudit(appDb(), { action: 'admin', user: admin, route: '/admin/users', details });
}

/** Runs an admin change, turning a refusal into a form message. */
async function change<T>(work: () => Promise<T> | T) {
	try {
		return { ok: true as const, value: await work() };
	} catch (e) {
		if (e instanceof UserError)
			return { ok: false as const, failure: fail(400, { message: e.message }) };
		throw e;
	}
}

/**
 * Anyone may sign in as the demonstration administrator (its password is on the sign-in page),
 * so it may look at accounts but never create, change, disable or raise one.
 */
function notForDemo<R>(action: (event: RequestEvent) => R) {
	return (event: RequestEvent) => {
		if (!event.locals.user?.demo) return action(event);
		auditChange(event.locals.user, {
			change: event.url.search.replace(/^\?\//, ''),
			outcome: 'refused',
			reason: 'demonstration account'
		});
		return fail(403, { message: DEMO_REFUSAL });
	};
}

export const actions = {
	create: notForDemo(async ({ request, locals }) => {
		const form = await request.formData();
		const typed = text(form, 'password');
		const password = typed || generatePassword();
		const r = await change(() =>
			createUser(appDb(), { email: text(form, 'email'), password, ...scopeFrom(form) })
		);
		if (!r.ok) return r.failure;
		auditChange(locals.user, {
			change: 'create user',
			email: r.value.email,
			role: r.value.role,
			las: laCodesOf(r.value)
		});
		return {
			message: `Account created for ${r.value.email}.`,
			password: typed ? null : password,
			passwordFor: r.value.email
		};
	}),
	update: notForDemo(async ({ request, locals }) => {
		const form = await request.formData();
		const r = await change(() => updateUserScope(appDb(), text(form, 'id'), scopeFrom(form)));
		if (!r.ok) return r.failure;
		auditChange(locals.user, {
			change: 'role and scope',
			email: r.value.email,
			role: r.value.role,
			las: laCodesOf(r.value),
			agency: r.value.agency
		});
		return { message: `${r.value.email} now has role ${r.value.role}; their sessions have ended.` };
	}),
	disable: notForDemo(async ({ request, locals }) => {
		const form = await request.formData();
		const target = findUserById(appDb(), text(form, 'id'));
		if (!target) return fail(400, { message: 'No such account.' });
		if (target.id === locals.user!.id)
			return fail(400, { message: 'You cannot disable your own account.' });
		disableUser(appDb(), target.email);
		auditChange(locals.user, { change: 'disable user', email: target.email });
		return { message: `${target.email} is disabled; their sessions have ended.` };
	}),
	resetPassword: notForDemo(async ({ request, locals }) => {
		const form = await request.formData();
		const target = findUserById(appDb(), text(form, 'id'));
		if (!target) return fail(400, { message: 'No such account.' });
		const password = generatePassword();
		await setPassword(appDb(), target.id, password);
		auditChange(locals.user, { change: 'reset password', email: target.email });
		return {
			message: `New password for ${target.email}; their sessions have ended.`,
			password,
			passwordFor: target.email
		};
	}),
	endSessions: notForDemo(async ({ request, locals }) => {
		const form = await request.formData();
		const target = findUserById(appDb(), text(form, 'id'));
		if (!target) return fail(400, { message: 'No such account.' });
		const ended = invalidateUserSessions(appDb(), target.id);
		auditChange(locals.user, { change: 'end sessions', email: target.email, ended });
		return { message: `${ended} session(s) of ${target.email} ended.` };
	})
} satisfies Actions;
