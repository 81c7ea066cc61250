// Reads back from a printed PDF how many pages it has, on which page each named place landed,
// and what each page says. Chromium names a place in the file for every in-document link's target (the element's
// id), so a contents list of links gives the printer every section's page.
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';

export interface PdfPages {
	pages: number;
	/** 1-based page of each target found in the file; targets it does not name are absent. */
	targets: Map<string, number>;
}

export async function pageNumbersOf(pdf: Uint8Array, targets: string[]): Promise<PdfPages> {
	// pdf.js takes ownership of the bytes it is given: hand it a copy.
	const doc = await getDocument({ data: new Uint8Array(pdf), verbosity: 0 }).promise;
	try {
		const found = new Map<string, number>();
		if (targets.length) {
			const destinations = (await doc.getDestinations()) as Record<string, unknown[] | null>;
			for (const id of targets) {
				const ref = destinations[id]?.[0];
				if (ref && typeof ref === 'object') {
					found.set(id, (await doc.getPageIndex(ref as { num: number; gen: number })) + 1);
				}
			}
		}
		return { pages: doc.numPages, targets: found };
	} finally {
		await doc.destroy();
	}
}

/** Each page's text, in reading order, its pieces joined by spaces (for checks and tests). */
export async function pdfTextByPage(pdf: Uint8Array): Promise<string[]> {
	const doc = await getDocument({ data: new Uint8Array(pdf), verbosity: 0 }).promise;
	try {
		const pages: string[] = [];
		for (let n = 1; n <= doc.numPages; n++) {
			const content = await (await doc.getPage(n)).getTextContent();
			pages.push(
				content.items
					.map((item) => ('str' in item ? item.str : ''))
					.join(' ')
					.replace(/\s+/g, ' ')
					.trim()
			);
		}
		return pages;
	} finally {
		await doc.destroy();
	}
}

export interface PdfTag {
	role: string;
	/** The alternative text a figure carries, if any. */
	alt?: string;
}

/** Every structure element of the tagged document, page by page, in order (for checks). */
export async function pdfTagsOf(pdf: Uint8Array): Promise<PdfTag[]> {
	const doc = await getDocument({ data: new Uint8Array(pdf), verbosity: 0 }).promise;
	try {
		const tags: PdfTag[] = [];
		const walk = (node: { role?: string; alt?: string; children?: unknown[] }) => {
			if (node.role) tags.push(node.alt ? { role: node.role, alt: node.alt } : { role: node.role });
			for (const child of node.children ?? []) walk(child as typeof node);
		};
		for (let n = 1; n <= doc.numPages; n++) {
			const tree = await (await doc.getPage(n)).getStructTree();
			if (tree) walk(tree as unknown as Parameters<typeof walk>[0]);
		}
		return tags;
	} finally {
		await doc.destroy();
	}
}
