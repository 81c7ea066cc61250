import { describe, expect, it } from 'vitest';
import { ExtractError, formatProblem } from '../errors';
import { XML_LIMITS, xmlRecords, type XmlLimits, type XmlNode } from './records';

const bytes = (text: string) => new TextEncoder().encode(text);

/** The text in chunks of `size` bytes (1 splits every character and every tag). */
function* chunked(data: Uint8Array, size: number) {
	for (let i = 0; i < data.length; i += size) yield data.subarray(i, i + size);
}

async function read(text: string | Uint8Array, records = ['Child'], size = 64, limits?: XmlLimits) {
	const data = typeof text === 'string' ? bytes(text) : text;
	const out: XmlNode[] = [];
	for await (const r of xmlRecords(chunked(data, size), 'cin.xml', records, limits)) out.push(r);
	return out;
}

async function refusal(text: string | Uint8Array, limits?: XmlLimits) {
	try {
		await read(text, ['Child'], 64, limits);
	} catch (e) {
		if (e instanceof ExtractError) return e.problems[0]!;
		throw e;
	}
	throw new Error('expected a refusal');
}

const census = `<?xml version="1.0" encoding="UTF-8"?>
<Message>
  <Header><Source><LEA>201</LEA></Source></Header>
  <Children>
    <Child>
      <ChildIdentifiers><LAchildID> A1 </LAchildID><Sex>F</Sex></ChildIdentifiers>
      <CINdetails><CINreferralDate>2024-05-01</CINreferralDate></CINdetails>
      <CINdetails><CINreferralDate>2024-09-02</CINreferralDate></CINdetails>
    </Child>
    <Child>
      <ChildIdentifiers><LAchildID>B2</LAchildID><Sex>M</Sex></ChildIdentifiers>
    </Child>
  </Children>
</Message>
`;

describe('reading an XML return record by record', () => {
	it('yields each record whole, with its elements, trimmed text and starting line', async () => {
		const [a, b, ...rest] = await read(census);
		expect(rest).toEqual([]);
		expect(a).toMatchObject({ name: 'Child', line: 5 });
		expect(a!.children.map((c) => c.name)).toEqual([
			'ChildIdentifiers',
			'CINdetails',
			'CINdetails'
		]);
		expect(a!.children[0]!.children[0]).toEqual({
			name: 'LAchildID',
			line: 6,
			text: 'A1',
			children: []
		});
		expect(a!.children[2]!.children[0]!.text).toBe('2024-09-02');
		expect(b!.children[0]!.children[1]!.text).toBe('M');
	});

	it('gives the same records whatever the chunks, even a byte at a time through a character', async () => {
		const text = census.replace('B2', 'B2é');
		const whole = await read(text, ['Header', 'Child'], 1 << 20);
		expect(await read(text, ['Header', 'Child'], 1)).toEqual(whole);
		expect(whole[0]!.children[0]!.children[0]!.text).toBe('201');
		expect(whole[2]!.children[0]!.children[0]!.text).toBe('B2é');
	});

	it('reads elements by local name, whatever their namespace prefix', async () => {
		const [c] = await read(
			'<m:Message xmlns:m="urn:x"><m:Child><m:Sex>U</m:Sex></m:Child></m:Message>'
		);
		expect(c!.children[0]).toMatchObject({ name: 'Sex', text: 'U' });
	});

	it('hands records over as it reads, not after reading the whole file', async () => {
		let pulled = 0;
		const child = bytes('<Child><LAchildID>X</LAchildID></Child>\n');
		async function* endless() {
			yield bytes('<Message><Children>\n');
			for (let i = 0; i < 100_000; i++) {
				pulled++;
				yield child;
			}
			yield bytes('</Children></Message>\n');
		}
		let seen = 0;
		for await (const r of xmlRecords(endless(), 'cin.xml', ['Child'])) {
			expect(r.children[0]!.text).toBe('X');
			if (++seen === 10) break;
		}
		expect(pulled).toBeLessThan(20);
	});
});

describe('refusing XML that is not safe to read or not well formed', () => {
	it('refuses a DOCTYPE, so entities are never expanded (billion laughs)', async () => {
		const lol = `<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
]>
<Message><Child>&lol3;</Child></Message>`;
		const p = await refusal(lol);
		expect(p.expected).toMatch(/no DOCTYPE/);
		expect(p.line).toBeLessThanOrEqual(6);
	});

	it('refuses an external entity, and never reads the file it names', async () => {
		const p = await refusal(
			'<?xml version="1.0"?>\n<!DOCTYPE m [<!ENTITY x SYSTEM "file:///etc/passwd">]>\n<Message><Child>&x;</Child></Message>'
		);
		expect(p.expected).toMatch(/no DOCTYPE/);
	});

	it('refuses an entity it does not know, naming where', async () => {
		const p = await refusal('<Message>\n<Child>&x;</Child>\n</Message>');
		expect(p).toMatchObject({ line: 2, column: 'Message/Child' });
		expect(p.expected).toMatch(/well-formed XML/);
	});

	it('refuses nesting deeper than the limit, naming the element', async () => {
		const deep = '<a>'.repeat(40) + '</a>'.repeat(40);
		const p = await refusal(deep, { ...XML_LIMITS, maxDepth: 32 });
		expect(p.column).toBe(Array(33).fill('a').join('/'));
		expect(p.expected).toBe('elements nested at most 32 deep');
	});

	it('refuses another declared encoding, naming it', async () => {
		const p = await refusal('<?xml version="1.0" encoding="ISO-8859-1"?><Message/>');
		expect(p).toMatchObject({ line: 1, value: 'ISO-8859-1' });
	});

	it('refuses bytes that are not UTF-8 at the line they are on', async () => {
		const data = new Uint8Array([
			...bytes('<Message>\n<Child>\n<A>T'),
			0xe9,
			...bytes('st</A></Child></Message>')
		]);
		const p = await refusal(data);
		expect(p).toMatchObject({ line: 3, expected: expect.stringContaining('UTF-8') });
	});

	it('refuses UTF-16, as a census file is UTF-8', async () => {
		const utf16 = new Uint8Array([0xff, 0xfe, ...Buffer.from('<Message/>', 'utf16le')]);
		expect((await refusal(utf16)).expected).toMatch(/UTF-8/);
	});

	it('refuses a truncated file', async () => {
		const p = await refusal(census.slice(0, census.indexOf('</Children>')));
		expect(p.expected).toMatch(/truncated|well-formed/);
		expect(formatProblem(p)).toMatch(/^cin\.xml, line \d+/);
	});

	it('refuses a tag closed out of order, naming the line', async () => {
		const p = await refusal('<Message>\n<Child>\n<A></B>\n</Child></Message>');
		expect(p.line).toBe(3);
	});

	it('refuses a record with more elements than a census record can hold', async () => {
		const many = `<Message><Child>${'<A>1</A>'.repeat(11)}</Child></Message>`;
		const p = await refusal(many, { ...XML_LIMITS, maxRecordElements: 10 });
		expect(p).toMatchObject({
			column: 'Message/Child/A',
			expected: 'a record of at most 10 elements'
		});
		expect(
			await read(many.replace('<A>1</A>', ''), ['Child'], 64, {
				...XML_LIMITS,
				maxRecordElements: 11
			})
		).toHaveLength(1);
	});

	it('refuses a value longer than any census value, without holding more of it', async () => {
		const p = await refusal(`<Message><Child><A>${'x'.repeat(5000)}</A></Child></Message>`);
		expect(p).toMatchObject({
			column: 'Message/Child/A',
			expected: 'a value of at most 4096 characters'
		});
	});

	it('refuses a file over the size limit before reading on', async () => {
		const p = await refusal(census, { ...XML_LIMITS, maxBytes: 100 });
		expect(p.expected).toMatch(/at most/);
	});
});
