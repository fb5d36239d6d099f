#!/usr/bin/env node
// Browser test of the chat example: two headless-Chromium pages, usually on two gateway nodes,
// join the same fresh room and talk to each other.
//
//   node chat-test.mjs <url1> <url2> <screenshot.png>
//
// Uses Debian's Chromium (env CHROMIUM, default /usr/bin/chromium) through playwright-core; it
// never downloads a browser. Prints one JSON line on stdout; exits 0 when everything was seen,
// 1 on a failure (reason, both pages' #log and console errors on stderr, a screenshot of both pages
// in <screenshot>-failed.png), 2 on bad usage. The screenshot path exists only after a success.
// Every wait is bounded: STEP_TIMEOUT_MS (default 15000) per step, a watchdog for the whole run.

import { existsSync, rmSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { launchChromium, requireChromium } from './chromium.mjs';

const STEP_MS = Number(process.env.STEP_TIMEOUT_MS) || 15000;
const WATCHDOG_MS = STEP_MS * 6;

const [url1, url2, shotPath] = process.argv.slice(2);
if (!url1 || !url2 || !shotPath || process.argv.length > 5) {
  console.error('usage: node chat-test.mjs <url1> <url2> <screenshot.png>');
  process.exit(2);
}
requireChromium();

const failedShotPath = shotPath.replace(/(\.png)?$/i, '-failed.png');
rmSync(shotPath, { force: true });
rmSync(failedShotPath, { force: true });

const t0 = Date.now();
const since = () => Date.now() - t0;
const tag = randomBytes(4).toString('hex');
const room = `room-${tag}`;
const result = {
  ok: false,
  room,
  chromium: null,
  pages: [
    { name: 'alice', url: url1, client: null, node: null, status: null, sockets: 0 },
    { name: 'bob', url: url2, client: null, node: null, status: null, sockets: 0 },
  ],
  timings: {},
  screenshot: null,
};
const diag = [[], []]; // console errors, page errors, failed requests per page
let browser = null;
let pages = [];
let step = 'launching Chromium';

class StepError extends Error {}

/** Runs one named step; its failure names the step. */
async function stage(name, fn) {
  step = name;
  try {
    return await fn();
  } catch (e) {
    if (e instanceof StepError) throw e;
    const msg = String(e && e.message ? e.message : e).split('\n')[0];
    throw new StepError(`${name}: ${msg}`);
  }
}

/** Waits until the page's #log has a `.msg.<kind>` whose text is exactly `text`; returns its data-at. */
async function waitForLog(page, kind, text, what) {
  try {
    const handle = await page.waitForFunction(
      ([k, t]) => {
        for (const el of document.querySelectorAll(`#log .msg.${k}`)) {
          if (el.textContent === t) return Number(el.getAttribute('data-at')) || Date.now();
        }
        return false;
      },
      [kind, text],
      { timeout: STEP_MS },
    );
    return await handle.jsonValue();
  } catch (e) {
    throw new StepError(`${what}: "${text}" (.msg.${kind}) did not appear within ${STEP_MS} ms`);
  }
}

async function connected(page, i) {
  const p = result.pages[i];
  try {
    await page.waitForSelector('#status[data-state="connected"]', { timeout: STEP_MS });
  } catch (e) {
    const s = await page.locator('#status').textContent({ timeout: 1000 }).catch(() => null);
    throw new StepError(`page ${i + 1} (${p.name}) not connected within ${STEP_MS} ms; #status says ${JSON.stringify(s)}`);
  }
  const st = await page.evaluate(() => {
    const el = document.getElementById('status');
    return { text: el.textContent, client: el.getAttribute('data-client'), node: el.getAttribute('data-node') };
  });
  const m = /^connected as (\S+) on (.*)$/.exec(st.text.trim());
  p.status = st.text;
  p.client = st.client || (m && m[1]) || null;
  p.node = st.node || (m && m[2]) || null;
  if (!p.client) throw new StepError(`page ${i + 1} (${p.name}): no client id in #status ${JSON.stringify(st.text)}`);
}

async function join(page, i) {
  const name = result.pages[i].name;
  await page.fill('#name', name);
  await page.fill('#room', room);
  await page.click('#join');
}

/** Types `text` on page `from`, waits for it on page `to` (then for the sender's own echo). */
async function talk(from, to, text, useEnter) {
  const line = `${result.pages[from].name}: ${text}`;
  const sender = pages[from];
  await sender.waitForSelector('#text:enabled', { timeout: STEP_MS }).catch(() => {
    throw new StepError(`page ${from + 1} (${result.pages[from].name}): #text still disabled after joining`);
  });
  await sender.fill('#text', text);
  const sentAt = Date.now();
  if (useEnter) await sender.press('#text', 'Enter');
  else await sender.click('#send');
  const seenAt = await waitForLog(pages[to], 'say', line, `page ${to + 1} (${result.pages[to].name}) never got page ${from + 1}'s message`);
  await waitForLog(sender, 'say', line, `page ${from + 1} (${result.pages[from].name}) never got its own message back`);
  const left = await sender.inputValue('#text');
  if (left !== '') throw new StepError(`page ${from + 1}: #text not cleared after sending (${JSON.stringify(left)})`);
  return Math.max(0, seenAt - sentAt);
}

/** Both pages side by side in one PNG, composed in a third (offline) page. */
async function screenshot(path) {
  const shots = [];
  for (const page of pages) {
    shots.push((await page.screenshot({ timeout: STEP_MS })).toString('base64'));
  }
  const ctx = await browser.newContext({ viewport: { width: 1300, height: 760 } });
  try {
    const page = await ctx.newPage();
    const cells = shots.map((b64, i) => {
      const p = result.pages[i];
      const label = `page ${i + 1}: ${p.name} · ${p.url} · ${p.client ?? '?'} on ${p.node ?? '?'}`;
      return `<figure><figcaption>${escapeHtml(label)}</figcaption><img src="data:image/png;base64,${b64}"></figure>`;
    }).join('');
    await page.setContent(
      `<!doctype html><style>
        body{margin:0;padding:10px;background:#444;display:flex;gap:10px;font:13px sans-serif}
        figure{margin:0;display:flex;flex-direction:column;gap:4px}
        figcaption{color:#eee}
        img{display:block;border:1px solid #222;width:640px}
      </style>${cells}`,
      { waitUntil: 'load', timeout: STEP_MS },
    );
    await page.screenshot({ path, fullPage: true, timeout: STEP_MS });
  } finally {
    await ctx.close().catch(() => {});
  }
}

function escapeHtml(s) {
  return String(s).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

async function dumpPages() {
  for (let i = 0; i < 2; i++) {
    const page = pages[i];
    const p = result.pages[i];
    console.error(`--- page ${i + 1} (${p.name}, ${p.url}) ---`);
    if (!page) {
      console.error('(not opened)');
      continue;
    }
    const state = await page.evaluate(() => {
      const s = document.getElementById('status');
      const log = document.getElementById('log');
      return {
        status: s ? `[${s.getAttribute('data-state')}] ${s.textContent}` : '(no #status)',
        log: log ? [...log.children].map((d) => `${d.className}: ${d.textContent}`) : null,
      };
    }).catch((e) => ({ status: `(page unreadable: ${String(e.message).split('\n')[0]})`, log: null }));
    console.error(`#status ${state.status}`);
    console.error('#log:');
    console.error(state.log === null ? '  (none)' : state.log.length ? state.log.map((l) => `  ${l}`).join('\n') : '  (empty)');
    if (diag[i].length) console.error(`console/network:\n${diag[i].map((l) => `  ${l}`).join('\n')}`);
  }
}

async function closeBrowser() {
  if (!browser) return;
  const b = browser;
  browser = null;
  await Promise.race([b.close().catch(() => {}), new Promise((r) => setTimeout(r, 5000).unref())]);
}

async function main() {
  browser = await stage('launching Chromium', () => launchChromium(STEP_MS * 2));
  result.chromium = browser.version();
  result.timings.launchMs = since();

  const urls = [url1, url2];
  await stage('opening the pages', async () => {
    pages = await Promise.all(urls.map(async (url, i) => {
      const ctx = await browser.newContext({ viewport: { width: 640, height: 720 } });
      const page = await ctx.newPage();
      page.setDefaultTimeout(STEP_MS);
      page.on('console', (m) => { if (m.type() === 'error') diag[i].push(`console: ${m.text()}`); });
      page.on('pageerror', (e) => diag[i].push(`page error: ${e.message}`));
      page.on('requestfailed', (r) => diag[i].push(`request failed: ${r.url()} ${r.failure()?.errorText ?? ''}`));
      page.on('websocket', (ws) => {
        result.pages[i].sockets++;
        ws.on('close', () => diag[i].push(`websocket closed: ${ws.url()}`));
      });
      return page;
    }));
    await Promise.all(pages.map(async (page, i) => {
      const res = await page.goto(urls[i], { waitUntil: 'load', timeout: STEP_MS });
      if (!res || !res.ok()) throw new Error(`page ${i + 1} ${urls[i]}: HTTP ${res ? res.status() : 'no response'}`);
    }));
  });
  result.timings.loadedMs = since();

  await stage('waiting for the welcome', () => Promise.all(pages.map((page, i) => connected(page, i))));
  result.timings.connectedMs = since();
  if (result.pages[0].client === result.pages[1].client) {
    throw new StepError(`both pages got the same client id ${result.pages[0].client}`);
  }

  await stage('joining', async () => {
    await join(pages[0], 0);
    await waitForLog(pages[0], 'joined', `alice joined ${room}`, 'page 1 (alice) never saw its own join');
    await join(pages[1], 1);
    // bob joins after alice, so alice sees both joins and bob sees his own (the server does not replay
    // earlier joins); alice seeing bob's join is the first message across the two pages.
    await Promise.all([
      waitForLog(pages[1], 'joined', `bob joined ${room}`, 'page 2 (bob) never saw its own join'),
      waitForLog(pages[0], 'joined', `bob joined ${room}`, "page 1 (alice) never saw bob's join"),
    ]);
  });
  result.timings.joinedMs = since();

  const m1 = `hello bob ${tag} ${Date.now() % 100000}`;
  const m2 = `hi alice ${tag} ${Date.now() % 100000}`;
  result.timings.aliceToBobMs = await stage('alice -> bob', () => talk(0, 1, m1, true));
  result.timings.bobToAliceMs = await stage('bob -> alice', () => talk(1, 0, m2, false));

  await stage('screenshot', async () => {
    await screenshot(shotPath);
    if (!existsSync(shotPath)) throw new Error(`${shotPath} was not written`);
  });
  result.screenshot = shotPath;
  result.ok = true;
}

const watchdog = setTimeout(async () => {
  console.error(`FAIL: the whole run took over ${WATCHDOG_MS} ms (stuck at: ${step})`);
  console.log(JSON.stringify({ ...result, error: `watchdog at: ${step}` }));
  const proc = browser && browser.process ? browser.process() : null;
  await closeBrowser();
  if (proc && proc.exitCode === null) proc.kill('SIGKILL');
  process.exit(1);
}, WATCHDOG_MS);

for (const sig of ['SIGINT', 'SIGTERM']) {
  process.on(sig, async () => {
    await closeBrowser();
    process.exit(130);
  });
}

let code = 0;
try {
  await main();
} catch (e) {
  code = 1;
  const reason = e instanceof StepError ? e.message : `${step}: ${e && e.stack ? e.stack : e}`;
  result.error = reason;
  console.error(`FAIL: ${reason}`);
  await dumpPages().catch(() => {});
  if (pages.length === 2 && browser) {
    await screenshot(failedShotPath)
      .then(() => console.error(`(screenshot of both pages in ${failedShotPath})`))
      .catch(() => {});
  }
} finally {
  result.timings.totalMs = since();
  await closeBrowser();
  clearTimeout(watchdog);
}
console.log(JSON.stringify(result));
process.exitCode = code;
