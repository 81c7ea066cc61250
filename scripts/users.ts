// npm run users -- add --email E --role la_leader|partner|national|admin [--la CODE ...] [--agency police|health]
// npm run users -- list
// npm run users -- disable --email E
// npm run users -- subscribe --email E --digest weekly|monthly|loads|off
// Manages accounts in the app database. For `add`, the password is read from standard input
// when something is piped in; otherwise one is generated and printed once.
import fs from 'node:fs';
import { openAppDb } from '../src/lib/server/db/client';
import { config } from '../src/lib/server/config';
import { recordAudit } from '../src/lib/server/audit';
import {
	createUser,
	disableUser,
	findUserByEmail,
	generatePassword,
	laCodesOf,
	listUsers,
	UserError,
	type PartnerAgency
} from '../src/lib/server/auth/users';
import type { Role } from '../src/lib/roles';
import { isFrequency, setSubscription, subscriptionOf } from '../src/lib/server/digests/store';
import { exitOnUsageError, one, parseArgs, UsageError } from './lib/args';

const usage = `usage: npm run users -- add --email E --role la_leader|partner|national|admin [--la CODE ...] [--agency police|health]
       npm run users -- list
       npm run users -- disable --email E
       npm run users -- subscribe --email E --digest weekly|monthly|loads|off`;

try {
	const args = parseArgs(process.argv.slice(2), {
		values: ['email', 'role', 'la', 'agency', 'digest']
	});
	const [command, ...extra] = args.positional;
	if (extra.length) throw new UsageError(`unexpected ${extra[0]}`);
	const db = openAppDb(config().appDbPath);
	const operator = { action: 'admin' as const, route: 'npm run users' };
	if (command === 'add') {
		const email = one(args, 'email');
		const role = one(args, 'role');
		if (!email || !role) throw new UsageError('add needs --email and --role');
		// A password piped in is used; with none (a terminal, or empty input) one is generated.
		const given = process.stdin.isTTY ? '' : fs.readFileSync(0, 'utf8').replace(/\r?\n$/, '');
		const generated = given === '';
		const password = generated ? generatePassword() : given;
		const u = await createUser(db, {
			email,
			password,
			role: role as Role,
			laCodes: args.flags.get('la') ?? [],
			agency: (one(args, 'agency') as PartnerAgency | undefined) ?? null
		});
		recordAudit(db, {
			...operator,
			details: {
				change: 'create user',
				email: u.email,
				role: u.role,
				las: laCodesOf(u),
				agency: u.agency
			}
		});
		console.log(
			`users: created ${u.email} (${u.role}${laCodesOf(u).length ? ` for ${laCodesOf(u).join(', ')}` : ''}${u.agency ? `, ${u.agency}` : ''})`
		);
		if (generated) console.log(`users: password (shown once): ${password}`);
	} else if (command === 'list') {
		for (const u of listUsers(db))
			console.log(
				`${u.email.padEnd(36)} ${u.role.padEnd(10)} ${laCodesOf(u).join(',').padEnd(22)} ${(u.agency ?? '').padEnd(7)} ${(subscriptionOf(db, u.id)?.frequency ?? 'no digest').padEnd(9)} ${u.disabled ? 'disabled' : 'active'}${u.demo ? ' (demo)' : ''}`
			);
	} else if (command === 'disable') {
		const email = one(args, 'email');
		if (!email) throw new UsageError('disable needs --email');
		const u = disableUser(db, email);
		recordAudit(db, { ...operator, details: { change: 'disable user', email: u.email } });
		console.log(`users: disabled ${u.email}; their sessions have ended`);
	} else if (command === 'subscribe') {
		const email = one(args, 'email');
		const digest = one(args, 'digest');
		if (!email || !digest || (digest !== 'off' && !isFrequency(digest)))
			throw new UsageError('subscribe needs --email and --digest weekly|monthly|loads|off');
		const u = findUserByEmail(db, email);
		if (!u) throw new UserError(`There is no account for ${email}.`);
		setSubscription(db, u.id, digest);
		recordAudit(db, { ...operator, details: { change: 'digest', email: u.email, digest } });
		console.log(
			`users: ${u.email} ${digest === 'off' ? 'receives no digest' : `receives the ${digest} digest`}`
		);
	} else {
		throw new UsageError(
			command ? `unknown command ${command}` : 'give a command: add, list, disable or subscribe'
		);
	}
} catch (e) {
	exitOnUsageError(e, 'users', usage);
	if (e instanceof UserError) {
		console.error(`users: ${e.message}`);
		process.exit(2);
	}
	throw e;
}
