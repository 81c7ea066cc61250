// Minimal command-line parsing shared by the scripts: `--name value`, repeated flags collect
// into arrays, bare words are positional. Unknown flags are an error, so typos do not pass.
export interface ParsedArgs {
	flags: Map<string, string[]>;
	positional: string[];
}

export function parseArgs(
	argv: string[],
	known: { values: string[]; booleans?: string[] }
): ParsedArgs {
	const flags = new Map<string, string[]>();
	const positional: string[] = [];
	for (let i = 0; i < argv.length; i++) {
		const a = argv[i]!;
		if (!a.startsWith('--')) {
			positional.push(a);
			continue;
		}
		const name = a.slice(2);
		if (known.booleans?.includes(name)) {
			flags.set(name, ['true']);
		} else if (known.values.includes(name)) {
			const v = argv[++i];
			if (v === undefined) throw new UsageError(`--${name} needs a value`);
			flags.set(name, [...(flags.get(name) ?? []), v]);
		} else {
			throw new UsageError(`unknown option --${name}`);
		}
	}
	return { flags, positional };
}

export class UsageError extends Error {}

export function one(args: ParsedArgs, name: string): string | undefined {
	return args.flags.get(name)?.at(-1);
}

/** Prints a usage error and exits with status 2; returns (for other errors) to let the caller decide. */
export function exitOnUsageError(e: unknown, command: string, usage: string): void {
	if (e instanceof UsageError) {
		console.error(`${command}: ${e.message}\n${usage}`);
		process.exit(2);
	}
}

/** Rows per table, one aligned line each. */
export function printRowCounts(rows: Record<string, number>): void {
	for (const [t, n] of Object.entries(rows)) {
		console.log(`  ${t.padEnd(24)} ${n.toLocaleString('en-GB').padStart(12)}`);
	}
}
