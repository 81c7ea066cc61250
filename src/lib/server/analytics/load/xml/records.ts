// Reads an XML return (a census file) as a stream of records: complete small subtrees, such as
// one child with everything recorded about it, handed over one at a time so that memory stays
// bounded whatever the file's size. The files come from outside, so the reader is hardened: no
// DOCTYPE (a DTD could define entities to expand, internal or external), UTF-8 only, limits on
// nesting, on the file's size and on each record's, so a record is never larger than a census
// record can be. Anything else is a problem naming the file, the line and the element.
import fs from 'node:fs';
import { SaxesParser } from 'saxes';
import { ExtractError, fileProblem, type ExtractProblem } from '../errors';

/** An element with its text and child elements, and the line it starts on. */
export interface XmlNode {
	name: string;
	line: number;
	/** The element's own text, trimmed ('' for an element holding only elements). */
	text: string;
	children: XmlNode[];
}

export interface XmlLimits {
	/** Largest file read, in bytes; a larger one is refused before it is read. */
	maxBytes: number;
	/** Deepest nesting of elements. */
	maxDepth: number;
	/** Most elements in one record. */
	maxRecordElements: number;
	/** Longest text of one element, in characters. */
	maxTextLength: number;
}

/**
 * Far above any census file: the largest authority's is tens of megabytes, the nesting is 7, a
 * child's record holds at most a few thousand elements and every value is a short code, date
 * or id.
 */
export const XML_LIMITS: XmlLimits = {
	maxBytes: 512 * 2 ** 20,
	maxDepth: 32,
	maxRecordElements: 100_000,
	maxTextLength: 4096
};

/** A file over the size limit (`size` when known before reading). */
function tooLarge(file: string, limits: XmlLimits, size: number | null): ExtractProblem {
	return {
		...fileProblem(file, `a file of at most ${limits.maxBytes / 2 ** 20} MiB`),
		value: size === null ? null : String(size)
	};
}

/** The element's name without a namespace prefix. */
const localName = (name: string) => name.slice(name.indexOf(':') + 1);

/** The first child element with this name, if any. */
export function child(node: XmlNode, name: string): XmlNode | undefined {
	return node.children.find((c) => c.name === name);
}

/**
 * Parses XML text fed in chunks and yields every element named in `records` (outside another
 * record) as a whole subtree. Throws an ExtractError at the first problem.
 */
export async function* xmlRecords(
	chunks: AsyncIterable<Uint8Array> | Iterable<Uint8Array>,
	file: string,
	records: readonly string[],
	limits: XmlLimits = XML_LIMITS
): AsyncGenerator<XmlNode> {
	const wanted = new Set(records);
	const parser = new SaxesParser({ position: true });
	const path: string[] = [];
	const open: XmlNode[] = []; // the record being built, outermost first
	const ready: XmlNode[] = [];
	let recordElements = 0;
	let problem: ExtractProblem | null = null;
	const refuse = (expected: string, value: string | null = null) => {
		problem ??= { file, line: parser.line, column: path.join('/') || null, value, expected };
	};

	parser.on('xmldecl', (decl) => {
		if (decl.encoding !== undefined && decl.encoding.toLowerCase() !== 'utf-8')
			refuse('a file encoded as UTF-8 (its declaration names another encoding)', decl.encoding);
	});
	parser.on('doctype', () =>
		refuse('no DOCTYPE (a census file has none, and a DTD could define entities)')
	);
	parser.on('opentag', (tag) => {
		const name = localName(tag.name);
		path.push(name);
		if (path.length > limits.maxDepth)
			return refuse(`elements nested at most ${limits.maxDepth} deep`);
		if (open.length === 0 && !wanted.has(name)) return;
		if (open.length === 0) recordElements = 0;
		if (++recordElements > limits.maxRecordElements)
			return refuse(`a record of at most ${limits.maxRecordElements} elements`);
		const node: XmlNode = { name, line: parser.line, text: '', children: [] };
		open.at(-1)?.children.push(node);
		open.push(node);
	});
	parser.on('text', (text) => {
		const node = open.at(-1);
		if (!node) return;
		node.text += text;
		if (node.text.length > limits.maxTextLength)
			refuse(`a value of at most ${limits.maxTextLength} characters`);
	});
	parser.on('closetag', () => {
		path.pop();
		const node = open.pop();
		if (!node) return;
		node.text = node.text.trim();
		if (open.length === 0) ready.push(node);
	});
	// saxes prefixes its message with the position, which the problem already gives.
	parser.on('error', (e) =>
		refuse(`well-formed XML (${e.message.replace(/^(?:[^:]*:)?\d+:\d+: /, '').replace(/\.$/, '')})`)
	);

	const decoder = new TextDecoder('utf-8', { fatal: true });
	let bytes = 0;
	let lines = 1; // lines fully decoded so far, for locating a byte that is not UTF-8
	const feed = (text: string) => {
		parser.write(text);
		if (problem) throw new ExtractError([problem]);
	};
	for await (const chunk of chunks) {
		bytes += chunk.length;
		if (bytes > limits.maxBytes) throw new ExtractError([tooLarge(file, limits, null)]);
		let text: string;
		try {
			text = decoder.decode(chunk, { stream: true });
		} catch {
			throw new ExtractError([notUtf8(file, chunk, lines)]);
		}
		for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) lines++;
		feed(text);
		yield* ready.splice(0);
	}
	try {
		feed(decoder.decode());
	} catch (e) {
		if (e instanceof ExtractError) throw e;
		throw new ExtractError([
			fileProblem(file, 'UTF-8 text (the file ends part-way through a character)', lines)
		]);
	}
	parser.close();
	if (!problem && path.length > 0)
		refuse('the file to end after its last element (is it truncated?)');
	if (problem) throw new ExtractError([problem]);
	yield* ready.splice(0);
}

/** The problem for a chunk holding bytes that are not UTF-8, at the line they are on. */
function notUtf8(file: string, chunk: Uint8Array, linesBefore: number): ExtractProblem {
	let line = linesBefore;
	let start = 0;
	for (let i = 0; i <= chunk.length; i++) {
		if (i < chunk.length && chunk[i] !== 0x0a) continue;
		try {
			new TextDecoder('utf-8', { fatal: true }).decode(chunk.subarray(start, i));
		} catch {
			break;
		}
		line++;
		start = i + 1;
	}
	return fileProblem(
		file,
		'UTF-8 text (this file has bytes that are not valid UTF-8; save it as UTF-8)',
		line
	);
}

/**
 * The records of a file on disk, read in 1 MiB chunks. A file over the size limit is refused
 * before any of it is read.
 */
export async function* readXmlRecords(
	path: string,
	file: string,
	records: readonly string[],
	limits: XmlLimits = XML_LIMITS
): AsyncGenerator<XmlNode> {
	const size = fs.statSync(path).size;
	if (size > limits.maxBytes) throw new ExtractError([tooLarge(file, limits, size)]);
	yield* xmlRecords(fs.createReadStream(path, { highWaterMark: 1 << 20 }), file, records, limits);
}
