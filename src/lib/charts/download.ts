// Saves a drawn chart as a file: SVG as drawn, or PNG at twice the screen resolution on a
// white background. Runs in the browser only; the figures themselves are in the page's table
// and CSV, so these are for slides and reports.
const SVG_NS = 'http://www.w3.org/2000/svg';

function serialise(svg: SVGSVGElement, title: string): string {
	const copy = svg.cloneNode(true) as SVGSVGElement;
	copy.setAttribute('xmlns', SVG_NS);
	const { width, height } = svg.getBoundingClientRect();
	copy.setAttribute('width', String(Math.round(width)));
	copy.setAttribute('height', String(Math.round(height)));
	// A standalone file has no page stylesheet: give it the page's font and a title.
	copy.style.fontFamily = getComputedStyle(svg).fontFamily;
	copy.style.background = '#ffffff';
	const t = document.createElementNS(SVG_NS, 'title');
	t.textContent = title;
	copy.prepend(t);
	return new XMLSerializer().serializeToString(copy);
}

function save(blob: Blob, filename: string): void {
	const url = URL.createObjectURL(blob);
	const a = document.createElement('a');
	a.href = url;
	a.download = filename;
	document.body.append(a);
	a.click();
	a.remove();
	setTimeout(() => URL.revokeObjectURL(url), 1000);
}

export function downloadSvg(svg: SVGSVGElement, title: string, filename: string): void {
	save(new Blob([serialise(svg, title)], { type: 'image/svg+xml' }), `${filename}.svg`);
}

export async function downloadPng(svg: SVGSVGElement, title: string, filename: string) {
	const source = serialise(svg, title);
	const { width, height } = svg.getBoundingClientRect();
	const image = new Image();
	image.src = `data:image/svg+xml;charset=utf-8,${encodeURIComponent(source)}`;
	await image.decode();
	const scale = 2;
	const canvas = document.createElement('canvas');
	canvas.width = Math.round(width * scale);
	canvas.height = Math.round(height * scale);
	const ctx = canvas.getContext('2d')!;
	ctx.fillStyle = '#ffffff';
	ctx.fillRect(0, 0, canvas.width, canvas.height);
	ctx.drawImage(image, 0, 0, canvas.width, canvas.height);
	const blob = await new Promise<Blob | null>((resolve) => canvas.toBlob(resolve, 'image/png'));
	if (blob) save(blob, `${filename}.png`);
}
