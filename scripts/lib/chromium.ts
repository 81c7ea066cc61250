// Debian's Chromium, driven by playwright-core (a downloaded browser is never used), with the
// launch flags that work on a headless server. Shared by the benchmark and the screenshots.
import { chromium, type Browser } from 'playwright-core';

export function launchChromium(): Promise<Browser> {
	return chromium.launch({
		executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
		args: [
			'--headless',
			'--no-sandbox',
			'--disable-gpu',
			'--disable-background-networking',
			'--disable-component-update',
			'--no-first-run'
		]
	});
}
