// Real census files (fake data, from the validators' and LIIA's public repositories: see
// tests/fixtures/census/ORIGIN.md) read by the XML record reader: every child or worker record
// comes out whole, with the header the import will read the authority from. The d2i files are
// deliberately invalid census returns but well-formed XML, so they read.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ExtractError } from '$lib/server/analytics/load/errors';
import { child, readXmlRecords, type XmlNode } from '$lib/server/analytics/load/xml/records';

const samples = path.resolve('tests/fixtures/census');

async function records(file: string, names: string[]): Promise<XmlNode[]> {
	const out: XmlNode[] = [];
	const where = path.isAbsolute(file) ? file : path.join(samples, file);
	for await (const r of readXmlRecords(where, path.basename(file), names)) out.push(r);
	return out;
}

const lea = (header: XmlNode) => child(child(header, 'Source')!, 'LEA')!.text;

describe('census sample files', () => {
	it.each([
		['liia-tools__cin-2022.xml', 1, '201'],
		['d2i-validator__CIN_Census_2024.xml', 2, '201'],
		['d2i-validator__CIN_Census_2026.xml', 2, '201'],
		['d2i-validator__fake_CIN_data.xml', 332, '975']
	])('%s: %i children, authority %s', async (file, children, code) => {
		const r = await records(file, ['Header', 'Child']);
		expect(r[0]!.name).toBe('Header');
		expect(lea(r[0]!)).toBe(code);
		const kids = r.filter((n) => n.name === 'Child');
		expect(kids).toHaveLength(children);
		for (const k of kids)
			expect(child(child(k, 'ChildIdentifiers')!, 'LAchildID')!.text).not.toBe('');
	});

	it('the liia 2022 child carries its episode, plan and reviews', async () => {
		const [kid] = await records('liia-tools__cin-2022.xml', ['Child']);
		const episode = child(kid!, 'CINdetails')!;
		expect(child(episode, 'CINreferralDate')!.text).toMatch(/^\d{4}-\d{2}-\d{2}$/);
		expect(child(episode, 'ChildProtectionPlans')).toBeDefined();
	});

	it('the workforce sample: 30 workers and the authority', async () => {
		const r = await records('liia-tools__social_work_workforce_2022.xml', ['Header', 'CSWWWorker']);
		expect(lea(r[0]!)).toBe('301');
		expect(r.filter((n) => n.name === 'CSWWWorker')).toHaveLength(30);
	});
});

describe('a census file too large to be one', () => {
	it('refuses a 1 GiB file at once, before reading any of it', async () => {
		const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cpo-census-'));
		try {
			// Sparse: 1 GiB of zero bytes, none written. Read, they would be refused as not XML;
			// the size problem shows they were not read.
			const file = path.join(dir, 'cin.xml');
			fs.closeSync(fs.openSync(file, 'w'));
			fs.truncateSync(file, 2 ** 30);
			const error = await records(file, ['Child']).catch((e: unknown) => e);
			expect(error).toBeInstanceOf(ExtractError);
			expect((error as ExtractError).problems[0]).toMatchObject({
				value: String(2 ** 30),
				expected: 'a file of at most 512 MiB'
			});
		} finally {
			fs.rmSync(dir, { recursive: true, force: true });
		}
	});
});
