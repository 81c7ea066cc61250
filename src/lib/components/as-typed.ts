/**
 * The text of a form field as the reader left it before the page's script took over, or
 * undefined. Hydration sets a text field from the page's data (a textarea's text is even cleared
 * first), which would wipe what was typed before the script ran. Called as a component is
 * created, before hydration touches its fields, and only while the first page is hydrated: a
 * page drawn later by script may still have the previous page's field of that id beside it.
 */
export function typedBeforeHydration(id: string): string | undefined {
	if (typeof document === 'undefined' || document.documentElement.dataset.hydrated) return;
	const field = document.getElementById(id);
	if (field instanceof HTMLTextAreaElement || field instanceof HTMLInputElement) return field.value;
}
