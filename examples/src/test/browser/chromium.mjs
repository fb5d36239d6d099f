// What the browser tests share: Debian's Chromium (env CHROMIUM, default /usr/bin/chromium), driven
// headless through playwright-core, which never downloads a browser.
import { chromium } from 'playwright-core';
import { existsSync } from 'node:fs';

export const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';
export const ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** Exits with status 1 and the reason when there is no Chromium. */
export function requireChromium() {
  if (!existsSync(CHROMIUM)) {
    console.error(`FAIL: no Chromium at ${CHROMIUM} (apt-get install chromium, or set CHROMIUM)`);
    process.exit(1);
  }
}

/** Launches the headless Chromium, within `timeoutMs`. */
export function launchChromium(timeoutMs) {
  return chromium.launch({ executablePath: CHROMIUM, headless: true, args: ARGS, timeout: timeoutMs });
}
