#!/usr/bin/env node
// Browser test of the client library's failover, driven by ClientFailoverBrowserIT: a headless-Chromium
// page loads /switchboard-client.js from gateway 1 and connects with both gateways in its URL list;
// the Java test kills the node it is on (SIGKILL) and sends a message once the page is on the other.
//
//   node failover-test.mjs <http url of gateway 1> <http url of gateway 2> <text to wait for>
//
// Prints one JSON line per step on stdout, which the Java test acts on:
//   {"step":"open","url":...}        connected (the test then kills that url's node)
//   {"step":"reopened","url":...}    connected again after a close (the test then sends <text>)
//   {"step":"done","ok":true,...}    <text> received; or {"step":"done","ok":false,"error":...}
// Exits 0 when the text was received, 1 otherwise, 2 on bad usage. Every wait is bounded: STEP_MS
// for the first connection, RECOVER_MS (10 s) from the close to the text, a watchdog for the run.

import { launchChromium, requireChromium } from './chromium.mjs';

const STEP_MS = Number(process.env.STEP_TIMEOUT_MS) || 15000;
const RECOVER_MS = 10000;
const WATCHDOG_MS = STEP_MS * 4 + RECOVER_MS;

const [url1, url2, text] = process.argv.slice(2);
if (!url1 || !url2 || !text || process.argv.length > 5) {
  console.error('usage: node failover-test.mjs <url1> <url2> <text>');
  process.exit(2);
}
requireChromium();

const ws = (url) => url.replace(/^http/, 'ws');
const say = (line) => console.log(JSON.stringify(line));
let browser = null;
let page = null;

/** The page's side: the library, imported from the gateway that served the page, and its events. */
async function startClient([urls]) {
  const { connect } = await import('/switchboard-client.js');
  const events = [];
  window.failover = { events, tokens: 0 };
  const client = connect({
    urls,
    initialDelay: 200,
    maxDelay: 2000,
    token: () => Promise.resolve(`token-${++window.failover.tokens}`),
  });
  for (const type of ['open', 'close', 'reconnecting', 'error', 'message', 'overflow']) {
    client.on(type, (value) => events.push({
      type, at: Date.now(), value: value instanceof Error ? value.message : value,
    }));
  }
  window.failover.client = client;
}

const events = () => page.evaluate(() => window.failover.events);

async function waitFor(what, timeoutMs, predicate, arg) {
  try {
    return await (await page.waitForFunction(predicate, arg, { timeout: timeoutMs })).jsonValue();
  } catch (e) {
    throw new Error(`${what} not within ${timeoutMs} ms; events: ${JSON.stringify(await events())}`);
  }
}

async function main() {
  browser = await launchChromium(STEP_MS * 2);
  page = await (await browser.newContext()).newPage();
  page.on('pageerror', (e) => console.error(`page error: ${e.message}`));
  const res = await page.goto(`${url1}switchboard-client.js`, { timeout: STEP_MS });
  if (!res || !res.ok()) throw new Error(`${url1}switchboard-client.js: HTTP ${res ? res.status() : '-'}`);
  await page.evaluate(startClient, [[ws(url1), ws(url2)]]);

  const first = await waitFor('the first open', STEP_MS,
    () => window.failover.events.find((e) => e.type === 'open'));
  say({ step: 'open', url: first.value.url });

  const reopened = await waitFor('a close then an open on another URL', RECOVER_MS, ([firstUrl]) => {
    const ev = window.failover.events;
    const close = ev.findIndex((e) => e.type === 'close');
    return close >= 0 && ev.slice(close).find((e) => e.type === 'open' && e.value.url !== firstUrl);
  }, [first.value.url]);
  const closed = (await events()).find((e) => e.type === 'close');
  say({ step: 'reopened', url: reopened.value.url, close: closed.value, closeToOpenMs: reopened.at - closed.at });

  const got = await waitFor(`the message "${text}"`, RECOVER_MS - (Date.now() - closed.at),
    ([t]) => window.failover.events.find((e) => e.type === 'message' && e.value === t), [text]);
  const all = await events();
  const tokens = await page.evaluate(() => window.failover.tokens);
  say({ step: 'done', ok: true, closeToMessageMs: got.at - closed.at, tokens,
    events: all.map((e) => `${e.type} ${JSON.stringify(e.value)}`) });
}

const watchdog = setTimeout(() => {
  say({ step: 'done', ok: false, error: `watchdog: over ${WATCHDOG_MS} ms` });
  const proc = browser && browser.process ? browser.process() : null;
  if (proc && proc.exitCode === null) proc.kill('SIGKILL');
  process.exit(1);
}, WATCHDOG_MS);

try {
  await main();
} catch (e) {
  process.exitCode = 1;
  say({ step: 'done', ok: false, error: String(e && e.message ? e.message : e) });
} finally {
  clearTimeout(watchdog);
  if (browser) await Promise.race([browser.close().catch(() => {}), new Promise((r) => setTimeout(r, 5000).unref())]);
}
