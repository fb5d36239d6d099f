// What the browser tests share: Debian's Chromium (env CHROMIUM, default /usr/bin/chromium), driven
// headless through playwright-core, which never downloads a browser.
import { chromium } from 'playwright-core';

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

/** Launches the headless Chromium, within `timeoutMs`. */
export function launchChromium(timeoutMs) {
  return chromium.launch({ executablePath: CHROMIUM, headless: true, args: ARGS, timeout: timeoutMs });
}
