// Whether the first page is still being hydrated: a chart created then finds its SVG already in
// the page, drawn by the server, and keeps it; a chart created later (after navigating in the
// browser) draws its own. The root layout says when the first page is mounted.
let mounted = false;

export function markPageMounted(): void {
	mounted = true;
}

export function pageHydrating(): boolean {
	return !mounted;
}
