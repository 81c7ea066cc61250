// Passwords: argon2id with OWASP's recommended parameters (19 MiB memory, 2 iterations,
// 1 lane), a minimum length of 12 and a short list of passwords too common to allow.
import { hash, verify } from '@node-rs/argon2';

// 2 is Argon2id in @node-rs/argon2's Algorithm enum (a const enum, so not importable here).
const ARGON2ID = 2;
export const ARGON2_OPTIONS = {
	algorithm: ARGON2ID,
	memoryCost: 19456,
	timeCost: 2,
	parallelism: 1
};

export const MIN_PASSWORD_LENGTH = 12;

// Common passwords of 12 characters or more (from public breach-frequency lists); shorter ones
// fail on length anyway.
const COMMON = new Set([
	'123456789012',
	'1234567890123',
	'12345678910111213',
	'password1234',
	'password12345',
	'passwordpassword',
	'qwertyuiop12',
	'qwertyuiopasdf',
	'1q2w3e4r5t6y',
	'iloveyou1234',
	'welcome12345',
	'letmein12345',
	'administrator',
	'changeme1234',
	'trustno1trustno1',
	'aaaaaaaaaaaa',
	'abcdefghijkl',
	'abcdefgh1234',
	'football1234',
	'monkey123456',
	'sunshine1234',
	'princess1234',
	'correcthorsebatterystaple',
	'safeguarding1',
	'safeguarding123',
	'childprotection',
	'childprotection1'
]);

/** Why a password may not be used, or null when it may. */
export function passwordProblem(password: string, email?: string): string | null {
	if (password.length < MIN_PASSWORD_LENGTH)
		return `A password needs at least ${MIN_PASSWORD_LENGTH} characters.`;
	if (password.length > 256) return 'A password may have at most 256 characters.';
	const lower = password.toLowerCase();
	if (COMMON.has(lower) || /^(.)\1+$/.test(password))
		return 'That password is too common; choose another.';
	if (email && lower.includes(email.toLowerCase().split('@')[0]!))
		return 'A password may not contain your email name.';
	return null;
}

export function hashPassword(password: string): Promise<string> {
	return hash(password, ARGON2_OPTIONS);
}

export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
	try {
		return await verify(passwordHash, password);
	} catch {
		return false;
	}
}
