import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ProblemList } from '../errors';
import { checksumOf } from '../history';
import { scanCsv } from './scan';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'scan-digest-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const sha256 = (bytes: Buffer | string) => crypto.createHash('sha256').update(bytes).digest('hex');

describe('the digest the structural scan takes as it reads', () => {
	it('is the SHA-256 of the file, across reads that split a character', async () => {
		// Over two of the scan's 4 MiB reads, with two-byte characters at every offset, so one
		// falls across the boundary and is carried into the next read.
		const line = 'id,name\n';
		let text = line;
		for (let i = 0; text.length < 5 * 2 ** 20; i++) text += `${i},Zoë Brontë${'é'.repeat(i % 3)}\n`;
		const file = path.join(dir, 'big.csv');
		fs.writeFileSync(file, text);
		const problems = new ProblemList();
		const scan = await scanCsv(file, 'big.csv', problems);
		expect(problems.items).toEqual([]);
		expect(scan!.sha256).toBe(sha256(fs.readFileSync(file)));
	});

	it('gives the folder the same checksum as reading every file would', async () => {
		const folder = path.join(dir, 'extract');
		fs.mkdirSync(folder);
		fs.writeFileSync(path.join(folder, 'a.csv'), 'x,y\n1,2\n');
		fs.writeFileSync(path.join(folder, 'manifest.json'), '{}\n');
		const scan = await scanCsv(path.join(folder, 'a.csv'), 'a.csv', new ProblemList());
		const known = new Map([['a.csv', scan!.sha256]]);
		expect(checksumOf(folder, known)).toBe(checksumOf(folder));
		// Each file as its name and digest, in name order.
		expect(checksumOf(folder)).toBe(
			sha256(`a.csv\n${sha256('x,y\n1,2\n')}\nmanifest.json\n${sha256('{}\n')}\n`)
		);
		// A changed byte is a different submission.
		fs.writeFileSync(path.join(folder, 'a.csv'), 'x,y\n1,3\n');
		expect(checksumOf(folder)).not.toBe(checksumOf(folder, known));
	});
});
