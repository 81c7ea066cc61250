// Debian's Chromium (OVERSIGHT_CHROMIUM), driven by playwright-core — a downloaded browser is
// never used — with the launch flags that work on a headless server. The board pack's printer,
// the benchmark, the screenshots and the end-to-end tests all start it from here.
import { chromium, type Browser } from 'playwright-core';
import { readConfig } from '../config';

export const CHROMIUM_PATH = readConfig().chromiumPath;

export const CHROMIUM_ARGS = [
	'--headless',
	'--no-sandbox',
	'--disable-gpu',
	'--disable-background-networking',
	'--disable-component-update',
	'--no-first-run'
];

export function launchChromium(args: string[] = []): Promise<Browser> {
	return chromium.launch({ executablePath: CHROMIUM_PATH, args: [...CHROMIUM_ARGS, ...args] });
}
