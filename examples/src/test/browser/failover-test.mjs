#!/usr/bin/env node
// Browser test of the client library's failover, driven by ClientFailoverBrowserIT and
// PartitionBrowserFailoverIT: a headless-Chromium page loads /switchboard-client.js from gateway 1
// and connects with both gateways in its URL list; the Java test kills the node it is on (SIGKILL),
// or cuts its host off, and sends a message once the page is on the other.
//
//   node failover-test.mjs <http url of gateway 1> <http url of gateway 2> <text to wait for> [extra]
//
// extra, optional, JSON: {"client": options added to the page's client (e.g. heartbeatInterval,
// heartbeatMessage, deadAfter), "control": options of a second client on the page, with the same
// URLs (e.g. the same without deadAfter), "warmUpMs": after the first open, wait that long before
// the step "open" (which then lists the events so far), "receiveMs": the longest wait from the
// close to the text (default RECOVER_MS), "holdMs": once the text is received, wait
// until that long after the first client's close before reporting the control client}.
//
// Prints one JSON line per step on stdout, which the Java test acts on:
//   {"step":"open","url":...}        connected (the test then kills that url's node)
//   {"step":"reopened","url":...}    connected again after a close (the test then sends <text>)
//   {"step":"done","ok":true,...}    <text> received; or {"step":"done","ok":false,"error":...}
//                                    (with a control client: its state, url and events then)
// Times (closeAt, openAt, gotAt, controlCheckedAt) are epoch ms of the page's clock.
// Exits 0 when the text was received, 1 otherwise, 2 on bad usage. Every wait is bounded: STEP_MS
// for the first connection, RECOVER_MS (10 s, plus the client's deadAfter) until the reconnection,
// RECOVER_MS (or receiveMs) from the close to the text, a watchdog for the run.

import { launchChromium, requireChromium } from './chromium.mjs';

const [url1, url2, text, extraJson] = process.argv.slice(2);
if (!url1 || !url2 || !text || process.argv.length > 6) {
  console.error('usage: node failover-test.mjs <url1> <url2> <text> [extra JSON]');
  process.exit(2);
}
const extra = extraJson ? JSON.parse(extraJson) : {};
const clientOptions = extra.client || {};
const warmUpMs = extra.warmUpMs || 0;
const holdMs = extra.holdMs || 0;

const STEP_MS = Number(process.env.STEP_TIMEOUT_MS) || 15000;
const RECOVER_MS = 10000;
const REOPEN_MS = RECOVER_MS + (clientOptions.deadAfter || 0);
const RECEIVE_MS = extra.receiveMs || RECOVER_MS;
const WATCHDOG_MS = STEP_MS * 4 + warmUpMs + REOPEN_MS + RECEIVE_MS + holdMs;
requireChromium();

const ws = (url) => url.replace(/^http/, 'ws');
const say = (line) => console.log(JSON.stringify(line));
let browser = null;
let page = null;

/**
 * The page's side: the library, imported from the gateway that served the page, a client with
 * these options, and its events in window[name].
 */
async function startClient([urls, options, name]) {
  const { connect } = await import('/switchboard-client.js');
  const state = { events: [], tokens: 0 };
  window[name] = state;
  const client = connect({
    urls,
    initialDelay: 200,
    maxDelay: 2000,
    token: () => Promise.resolve(`token-${++state.tokens}`),
    ...options,
  });
  for (const type of ['open', 'close', 'reconnecting', 'error', 'message', 'overflow']) {
    client.on(type, (value) => state.events.push({
      type, at: Date.now(), value: value instanceof Error ? value.message : value,
    }));
  }
  state.client = client;
}

const events = (name = 'failover') => page.evaluate((n) => window[n].events, name);
const show = (all) => all.map((e) => `${e.type} ${JSON.stringify(e.value)}`);

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
  await page.evaluate(startClient, [[ws(url1), ws(url2)], clientOptions, 'failover']);
  if (extra.control) await page.evaluate(startClient, [[ws(url1), ws(url2)], extra.control, 'control']);

  const first = await waitFor('the first open', STEP_MS,
    () => window.failover.events.find((e) => e.type === 'open'));
  const control = extra.control ? await waitFor('the control client\'s open', STEP_MS,
    () => window.control.events.find((e) => e.type === 'open')) : null;
  if (warmUpMs > 0) await new Promise((r) => setTimeout(r, warmUpMs));
  say({ step: 'open', url: first.value.url, controlUrl: control ? control.value.url : undefined,
    events: warmUpMs > 0 ? show(await events()) : undefined });

  const reopened = await waitFor('a close then an open on another URL', REOPEN_MS, ([firstUrl]) => {
    const ev = window.failover.events;
    const close = ev.findIndex((e) => e.type === 'close');
    return close >= 0 && ev.slice(close).find((e) => e.type === 'open' && e.value.url !== firstUrl);
  }, [first.value.url]);
  const closed = (await events()).find((e) => e.type === 'close');
  say({ step: 'reopened', url: reopened.value.url, close: closed.value, closeToOpenMs: reopened.at - closed.at,
    closeAt: closed.at, openAt: reopened.at });

  const got = await waitFor(`the message "${text}"`, RECEIVE_MS - (Date.now() - closed.at),
    ([t]) => window.failover.events.find((e) => e.type === 'message' && e.value === t), [text]);
  const all = await events();
  const tokens = await page.evaluate(() => window.failover.tokens);
  const done = { step: 'done', ok: true, closeToMessageMs: got.at - closed.at, gotAt: got.at, tokens,
    events: show(all) };
  if (extra.control) {
    const wait = closed.at + holdMs - Date.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    done.control = await page.evaluate(() => ({ state: window.control.client.state,
      url: window.control.client.url, checkedAt: Date.now() }));
    done.control.events = show(await events('control'));
  }
  say(done);
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
