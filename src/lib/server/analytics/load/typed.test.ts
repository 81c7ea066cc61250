// The two ways into the database refuse the same values. For each kind of column, each value
// (good ones, and the near misses a spreadsheet or a case system produces) is staged as text
// and checked thoroughly (checks.ts), and typed strictly and checked typed (typed.ts): the
// typed way must refuse exactly what the text checks refuse, or a good extract would be
// refused, or worse, a bad one taken in without a word. The same for the rules between a row's
// columns, on the contract's own tables.
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { table, type ColumnDef, type ColumnType, type TableDef } from '$lib/contract';
import { createManifestAuthorities, tableChecks } from './checks';
import { ProblemList } from './errors';
import type { ExtractFile } from './extract';
import { extractedParam, runChecks } from './run-checks';
import { literal, rowsOf } from './sql';
import { strictTypedExpression, typedFaultsSql } from './typed';

const EXTRACTED = '2025-03-31';
const LA = 'E09000001';

let instance: DuckDBInstance;
let c: DuckDBConnection;
beforeAll(async () => {
	instance = await DuckDBInstance.create(':memory:');
	c = await instance.connect();
	await createManifestAuthorities(c, [LA]);
});
afterAll(() => {
	c.closeSync();
	instance.closeSync();
});

/** Stages `rows` (text by column name; a missing column is empty) as the table's text. */
async function stage(t: TableDef, rows: Record<string, string>[]): Promise<void> {
	const values = rows
		.map((r) => `(${t.columns.map((col) => literal(r[col.name] ?? '')).join(', ')})`)
		.join(', ');
	const names = t.columns.map((col) => `"${col.name}"`).join(', ');
	await c.run(
		`CREATE OR REPLACE TEMP TABLE staged AS SELECT * FROM (VALUES ${values}) v(${names})`
	);
}

/** Whether the text checks refuse the staged table. */
async function textRefuses(t: TableDef): Promise<boolean> {
	const f = { table: t, file: `${t.name}.csv`, path: '', format: 'csv', columns: [] };
	const problems = new ProblemList();
	await runChecks(
		c,
		tableChecks(t, 'temp.staged', 'thorough'),
		f as unknown as ExtractFile,
		EXTRACTED,
		problems
	);
	return problems.size > 0;
}

/** Whether typing the staged table strictly fails, or its typed checks find anything. */
async function typedRefuses(t: TableDef): Promise<boolean> {
	const select = t.columns.map((col) => strictTypedExpression(col, 's')).join(', ');
	try {
		await c.run(`CREATE OR REPLACE TEMP TABLE typed AS SELECT ${select} FROM temp.staged s`);
	} catch {
		return true;
	}
	const sql = typedFaultsSql(t, 'temp.typed');
	const [r] = await rowsOf(c, sql, extractedParam(sql, EXTRACTED));
	return r!.faults === true;
}

/** A table of a key and one column of `type`. */
function probe(type: ColumnType, opts: { nullable?: boolean; kind?: 'case' } = {}): TableDef {
	const column = (name: string, ty: ColumnType, nullable = false): ColumnDef => ({
		name,
		type: ty,
		nullable,
		description: ''
	});
	const columns = [column('probe_id', { kind: 'id' }), column('value', type, opts.nullable)];
	if (opts.kind === 'case') columns.push(column('la_code', { kind: 'la_code' }));
	return {
		name: 'probe' as TableDef['name'],
		kind: opts.kind ?? 'reference',
		local: true,
		required: false,
		key: ['probe_id'],
		columns,
		description: ''
	};
}

/** For each value of `column` (the others good), whether each way refuses it. */
async function verdicts(t: TableDef, values: string[], column = 'value') {
	const out: { value: string; text: boolean; typed: boolean }[] = [];
	for (const value of values) {
		await stage(t, [{ probe_id: 'P1', la_code: LA, value: 'x', [column]: value }]);
		out.push({ value, text: await textRefuses(t), typed: await typedRefuses(t) });
	}
	return out;
}

/**
 * Asserts both ways agree on every value, accepting `accepted` and refusing `refused`, each
 * value of `column` tried on its own.
 */
async function expectAgreement(
	t: TableDef,
	accepted: string[],
	refused: string[],
	column?: string
) {
	const results = await verdicts(t, [...accepted, ...refused], column);
	for (const r of results)
		expect({ value: r.value, typed: r.typed }).toEqual({ value: r.value, typed: r.text });
	expect(results.filter((r) => r.text).map((r) => r.value)).toEqual(refused);
}

describe('typing strictly and checking typed refuses what the text checks refuse', () => {
	it('event dates: form, existence and range', async () => {
		await expectAgreement(
			probe({ kind: 'date' }, { nullable: true }),
			['2020-01-05', '2000-01-01', EXTRACTED, '2024-02-29', ''],
			[
				'2020-1-5',
				' 2020-01-05',
				'2020-01-05 ',
				'2020-02-30',
				'2019-02-29',
				'1999-12-31',
				'2025-04-01',
				'20200105',
				'2020/01/05',
				'2020-01-05T00:00',
				'05/01/2020',
				'0000-01-01',
				'9999-12-31'
			]
		);
	});

	it('dates of any year and dates before 2000 (not events)', async () => {
		await expectAgreement(
			probe({ kind: 'date', anyYear: true }),
			['1850-06-01', '2999-01-01'],
			['2020-13-01', '', '1850-6-1']
		);
		await expectAgreement(
			probe({ kind: 'date', event: false }),
			['1950-01-01', '1900-01-01'],
			['1899-12-31', '2025-04-01']
		);
	});

	it('months', async () => {
		await expectAgreement(
			probe({ kind: 'month' }, { nullable: true }),
			['2020-01', '1900-01', '2025-03', ''],
			['2020-1', '2020-13', '2020-00', '1899-12', '2025-04', '2020-01-01', '202001']
		);
	});

	it('true or false, and only those words', async () => {
		await expectAgreement(
			probe({ kind: 'boolean' }, { nullable: true }),
			['true', 'false', ''],
			['TRUE', 'True', 't', '1', 'yes', ' true']
		);
	});

	it('whole numbers and decimals: form and range', async () => {
		await expectAgreement(
			probe({ kind: 'integer', min: 0, max: 10 }, { nullable: true }),
			['0', '10', '007', '-0', ''],
			['11', '-1', '+5', ' 5', '5.0', '1e1', '9999999999']
		);
		await expectAgreement(
			probe({ kind: 'decimal', min: 0, max: 100 }),
			['1.5', '100', '100.0', '-0.0', '0.123456'],
			['0.1234567', '100.000001', '.5', '5.', '1e2', '']
		);
	});

	it('codes, lists of codes and text', async () => {
		await expectAgreement(
			probe({ kind: 'code', codes: ['A', 'B', '1A'] }),
			['A', '1A'],
			['a', 'C', ' A', '']
		);
		await expectAgreement(
			probe({ kind: 'code', codes: ['A', 'B'] }, { nullable: true }),
			['A', ''],
			['C']
		);
		await expectAgreement(
			probe({ kind: 'codes', codes: ['N1', 'N2'], separator: ';' }, { nullable: true }),
			['N1', 'N1;N2', 'N2;N2', ''],
			['N1;', 'N1;;N2', 'n1', ';', 'N1,N2', ' N1']
		);
		await expectAgreement(
			probe({ kind: 'codes', codes: ['N1', 'N2'], separator: ';' }),
			['N1'],
			['']
		);
		await expectAgreement(
			probe({ kind: 'text', maxLength: 5 }, { nullable: true }),
			['abcde', 'ééééé', ''],
			['abcdef']
		);
	});

	it('identifiers and authority codes', async () => {
		const long = 'x'.repeat(64);
		await expectAgreement(
			probe({ kind: 'id' }),
			['abc', long, '9434765918', 'AB12345678901'],
			[`${long}x`, '9434765919', 'A123456789012', '']
		);
		await expectAgreement(
			probe({ kind: 'la_code' }),
			['E09000001'],
			['e09000001', 'E0900000', 'E090000011']
		);
		await expectAgreement(
			probe({ kind: 'text', maxLength: 10 }, { kind: 'case' }),
			[LA],
			['E09000002', 'e09000001'],
			'la_code'
		);
	});

	it('a repeated key', async () => {
		const t = probe({ kind: 'text', maxLength: 10 }, { nullable: true });
		await stage(t, [{ probe_id: 'P1' }, { probe_id: 'P2' }]);
		expect([await textRefuses(t), await typedRefuses(t)]).toEqual([false, false]);
		await stage(t, [{ probe_id: 'P1' }, { probe_id: 'P2' }, { probe_id: 'P1' }]);
		expect([await textRefuses(t), await typedRefuses(t)]).toEqual([true, true]);
	});

	it('a table whose columns have no rule of their own but the key', async () => {
		const t: TableDef = {
			...probe({ kind: 'boolean' }),
			key: ['flag'],
			columns: [{ name: 'flag', type: { kind: 'boolean' }, nullable: true, description: '' }]
		};
		await stage(t, [{ flag: 'true' }, { flag: 'false' }]);
		expect([await textRefuses(t), await typedRefuses(t)]).toEqual([false, false]);
		await stage(t, [{ flag: 'true' }, { flag: 'true' }]);
		expect([await textRefuses(t), await typedRefuses(t)]).toEqual([true, true]);
	});
});

describe("rules between a row's columns, on the contract's tables", () => {
	/** A conference that keeps every rule; each case changes some of it. */
	const conference = {
		conference_id: 'CF1',
		child_id: 'C1',
		la_code: LA,
		type: 'review',
		date: '2024-05-01',
		plan_id: 'P1',
		s47_id: '',
		outcome: 'continue',
		transfer_in: 'false'
	};

	it('conferences: outcomes, plans and enquiries by type', async () => {
		const t = table('conferences');
		expect(t.columns.map((col) => col.name).sort()).toEqual(Object.keys(conference).sort());
		const cases: [Record<string, string>, boolean][] = [
			[{}, false],
			[{ outcome: 'end' }, false],
			[{ outcome: 'plan' }, true],
			[{ plan_id: '' }, true],
			[{ s47_id: 'S1' }, true],
			[{ transfer_in: 'true' }, true],
			[{ transfer_in: '' }, true],
			[{ type: 'initial', outcome: 'plan', s47_id: 'S1' }, false],
			[{ type: 'initial', outcome: 'no_plan', plan_id: '', s47_id: 'S1' }, false],
			[{ type: 'initial', outcome: 'plan', plan_id: '', s47_id: 'S1' }, true],
			[{ type: 'initial', outcome: 'continue', s47_id: 'S1' }, true],
			[{ type: 'initial', outcome: 'plan', transfer_in: 'true' }, false]
		];
		for (const [change, refused] of cases) {
			await stage(t, [{ ...conference, ...change }]);
			const verdict = { change, text: await textRefuses(t), typed: await typedRefuses(t) };
			expect(verdict).toEqual({ change, text: refused, typed: refused });
		}
	});

	it('a date on or after another in the same row', async () => {
		const t = table('referrals');
		const referral = {
			referral_id: 'R1',
			child_id: 'C1',
			la_code: LA,
			referral_date: '2024-05-01',
			source: '1A',
			primary_need: 'N1',
			nfa: 'false',
			close_date: '2024-06-01',
			close_reason: 'RC1'
		};
		expect(t.columns.map((col) => col.name).sort()).toEqual(Object.keys(referral).sort());
		for (const [close, refused] of [
			['2024-06-01', false],
			['2024-05-01', false],
			['', false],
			['2024-04-30', true]
		] as const) {
			await stage(t, [{ ...referral, close_date: close }]);
			expect({ close, text: await textRefuses(t), typed: await typedRefuses(t) }).toEqual({
				close,
				text: refused,
				typed: refused
			});
		}
	});
});
