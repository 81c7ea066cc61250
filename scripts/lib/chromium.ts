// The scripts start the same Chromium, with the same flags, as the server's board-pack printer.
export { CHROMIUM_ARGS, CHROMIUM_PATH, launchChromium } from '../../src/lib/server/pdf/chromium';
