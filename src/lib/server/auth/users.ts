// Accounts: who may sign in, with which role and over which authorities. The role and scope
// stored here are the only source of what a signed-in person may see (see viewerOf).
import { encodeBase32LowerCaseNoPadding } from '@oslojs/encoding';
import { asc, eq } from 'drizzle-orm';
import { isGssCode } from '$lib/contract';
import { isRole, ROLES, type Role } from '$lib/roles';
import type { AppDb } from '../db/client';
import { user as userTable, type User } from '../db/schema';
import type { Viewer } from '../analytics/engine/scope';
import { servedData } from './served';
import { invalidateUserSessions } from './session';
import { hashPassword, passwordProblem } from './password';

export const PARTNER_AGENCIES = ['police', 'health'] as const;
export type PartnerAgency = (typeof PARTNER_AGENCIES)[number];

export class UserError extends Error {
	constructor(message: string) {
		super(message);
		this.name = 'UserError';
	}
}

const EMAIL = /^[^\s@]{1,64}@[^\s@]{1,189}\.[^\s@]{2,63}$/;

export function normaliseEmail(email: string): string {
	return email.trim().toLowerCase();
}

export interface UserScope {
	role: Role;
	laCodes: string[];
	agency: PartnerAgency | null;
}

/** Checks that a role and scope fit together: one LA for a leader, LAs and an agency for a partner. */
export function checkScope(scope: UserScope): UserScope {
	if (!isRole(scope.role)) throw new UserError(`Role must be one of ${ROLES.join(', ')}.`);
	const las = [...new Set(scope.laCodes)];
	for (const la of las)
		if (!isGssCode(la)) throw new UserError(`${JSON.stringify(la)} is not an LA code.`);
	switch (scope.role) {
		case 'la_leader':
			if (las.length !== 1) throw new UserError('An LA leader holds exactly one authority.');
			if (scope.agency) throw new UserError('Only partners have an agency.');
			break;
		case 'partner':
			if (las.length === 0) throw new UserError('A partner holds at least one authority.');
			if (!scope.agency || !PARTNER_AGENCIES.includes(scope.agency))
				throw new UserError(`A partner's agency is one of ${PARTNER_AGENCIES.join(', ')}.`);
			break;
		default:
			if (las.length)
				throw new UserError(`A ${scope.role} user sees aggregates, not named authorities.`);
			if (scope.agency) throw new UserError('Only partners have an agency.');
	}
	return { role: scope.role, laCodes: las.sort(), agency: scope.agency };
}

export interface NewUser extends UserScope {
	email: string;
	password: string;
	demo?: boolean;
}

export async function createUser(db: AppDb, input: NewUser): Promise<User> {
	const email = normaliseEmail(input.email);
	if (!EMAIL.test(email))
		throw new UserError(`${JSON.stringify(input.email)} is not an email address.`);
	const scope = checkScope(input);
	const problem = passwordProblem(input.password, email);
	if (problem) throw new UserError(problem);
	if (findUserByEmail(db, email)) throw new UserError(`There is already an account for ${email}.`);
	const id = new Uint8Array(15);
	crypto.getRandomValues(id);
	const row = {
		id: encodeBase32LowerCaseNoPadding(id),
		email,
		passwordHash: await hashPassword(input.password),
		role: scope.role,
		laCodes: JSON.stringify(scope.laCodes),
		agency: scope.agency,
		disabled: false,
		demo: input.demo === true,
		// Anyone could sign in while demonstration data was served: such accounts are not
		// trusted once real data arrives (see demo.ts).
		createdOnDemoData: input.demo !== true && servedData(db) === 'demonstration'
	};
	return db.insert(userTable).values(row).returning().get();
}

export function findUserByEmail(db: AppDb, email: string): User | undefined {
	return db
		.select()
		.from(userTable)
		.where(eq(userTable.email, normaliseEmail(email)))
		.get();
}

export function listUsers(db: AppDb): User[] {
	return db.select().from(userTable).orderBy(asc(userTable.email)).all();
}

/** Disables an account and ends its sessions. */
export function disableUser(db: AppDb, email: string): User {
	const u = findUserByEmail(db, email);
	if (!u) throw new UserError(`No account for ${normaliseEmail(email)}.`);
	db.update(userTable).set({ disabled: true }).where(eq(userTable.id, u.id)).run();
	invalidateUserSessions(db, u.id);
	return { ...u, disabled: true };
}

export function laCodesOf(u: User): string[] {
	return JSON.parse(u.laCodes) as string[];
}

/** What the metric engine needs to know about a signed-in user. */
export function viewerOf(u: User): Viewer {
	if (u.role === 'la_leader' || u.role === 'partner') return { role: u.role, las: laCodesOf(u) };
	return { role: 'national', las: [] };
}

/** A random password for a new account: 20 base32 characters (100 bits). */
export function generatePassword(): string {
	const b = new Uint8Array(13);
	crypto.getRandomValues(b);
	return encodeBase32LowerCaseNoPadding(b).slice(0, 20);
}

export function findUserById(db: AppDb, id: string): User | undefined {
	return db.select().from(userTable).where(eq(userTable.id, id)).get();
}

/** Changes role and scope; the user's sessions end so the new scope applies at once. */
export function updateUserScope(db: AppDb, id: string, scope: UserScope): User {
	const u = findUserById(db, id);
	if (!u) throw new UserError('No such account.');
	const s = checkScope(scope);
	db.update(userTable)
		.set({ role: s.role, laCodes: JSON.stringify(s.laCodes), agency: s.agency })
		.where(eq(userTable.id, id))
		.run();
	invalidateUserSessions(db, id);
	return findUserById(db, id)!;
}

/** Sets a new password (checked like any other) and ends the user's sessions. */
export async function setPassword(db: AppDb, id: string, password: string): Promise<void> {
	const u = findUserById(db, id);
	if (!u) throw new UserError('No such account.');
	const problem = passwordProblem(password, u.email);
	if (problem) throw new UserError(problem);
	db.update(userTable)
		.set({ passwordHash: await hashPassword(password) })
		.where(eq(userTable.id, id))
		.run();
	invalidateUserSessions(db, id);
}

/** The LA codes typed into a form: separated by commas, spaces or new lines. */
export function parseLaCodes(text: string): string[] {
	return text
		.split(/[\s,]+/)
		.map((x) => x.trim().toUpperCase())
		.filter(Boolean);
}
