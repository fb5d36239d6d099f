'use strict';
// The load generator of the scale scenarios of benchmarks/gateway.sh (idle100k, broadcast100k,
// storm), against our gateway (GatewayBenchServer): --connections WebSocket clients on the `ws`
// client, shared out to --workers forked processes (a Node process holds some 25,000 sockets
// comfortably), each client bound to one of --sources source addresses 127.0.0.2, 127.0.0.3, ...
// (`localAddress`: each source address has its own ephemeral ports, about 28,000 with the default
// net.ipv4.ip_local_port_range, so 100,000 connections to one server port need at least four).
// Clients answer the server's pings by themselves (`ws` sends the pong) and send nothing else.
//
// Standard output carries one JSON line per event: {"event":"opened",...} once every client is
// open (or failed): how many, how long it took from the first attempt to the last open, the
// processes; then one line per command. Standard input takes commands (and its end stops the run):
//   counts                     {"event":"counts","open":N,"closes":{"<code reason>":N}}: the
//                              clients open now and the closes seen since they opened
//   broadcast N MS BYTES DRAIN one sender client (in this process, from 127.0.0.1) sends N
//                              payloads of BYTES bytes every MS ms ("<seq> <send ms> <padding>",
//                              which our server broadcasts to every client), then waits DRAIN ms;
//                              {"event":"broadcast-result",...}: deliveries, and the send-to-
//                              receive latency of one client in --sample-every (HdrHistogram)
//   storm TIMEOUT              (with --reconnect-url) waits until every client that was open is
//                              back (or TIMEOUT ms); {"event":"storm-result",...}: the time from
//                              the first close to 50/90/99/100 % back, the failed attempts by kind
// With --reconnect-url, a client whose connection closes reconnects there, with the browser
// client's policy (exponential backoff, full jitter: initial --backoff-initial, at most
// --backoff-max), until it is open again.
//
// usage: node scale-loadgen.js --url URL [options]   (--help lists them)

const { fork } = require('node:child_process');
const readline = require('node:readline');
const { WebSocket } = require('ws');
const { clock, makePayload } = require('./receivers');
const { Histogram } = require('./histogram');
const { parseCommandLine, usageError, emit, delay, shares, runScript } = require('./cli');
const policy = require('./scale-policy');

/** The close code of a gateway shedding a connection over its limits (try again later). */
const SHED_CLOSE_CODE = 1013;

const USAGE = `usage: node scale-loadgen.js --url URL [options]
  --url URL              the server (ws://127.0.0.1:P/)
  --connections N        clients to open and hold (default 100000)
  --workers K            processes holding them, shared out evenly (default 4)
  --sources N            source addresses 127.0.0.2 .. 127.0.0.(N+1), round-robin (default 8)
  --concurrency C        opening handshakes in flight per process (default 100)
  --handshake-timeout MS bound of one opening handshake (default 30000)
  --sample-every S       broadcast: one client in S records latencies (default 100)
  --reconnect-url URL    storm: a closed client reconnects here, with backoff
  --backoff-initial MS   storm: first backoff ceiling (default 500)
  --backoff-max MS       storm: largest backoff ceiling (default 10000)
  --control              standard input takes commands; its end stops the run
`;

function parseArgs(args) {
  const o = parseCommandLine(args, {
    usage: USAGE,
    defaults: {
      url: null, connections: 100000, workers: 4, sources: 8, concurrency: 100,
      handshakeMillis: 30000, sampleEvery: 100, reconnectUrl: null, backoffInitial: 500,
      backoffMax: 10000, control: false,
    },
    flags: { '--control': 'control' },
    strings: { '--url': 'url', '--reconnect-url': 'reconnectUrl' },
    numbers: {
      '--connections': ['connections', 1, 1000000], '--workers': ['workers', 1, 64],
      '--sources': ['sources', 1, 250], '--concurrency': ['concurrency', 1, 10000],
      '--handshake-timeout': ['handshakeMillis', 1, 600000],
      '--sample-every': ['sampleEvery', 1, 1000000],
      '--backoff-initial': ['backoffInitial', 1, 600000],
      '--backoff-max': ['backoffMax', 1, 600000],
    },
  });
  if (!o.url) {
    usageError(USAGE, '--url is required');
  }
  if (o.workers > o.connections) {
    usageError(USAGE, '--workers must not exceed --connections');
  }
  return o;
}

function log(message) {
  process.stderr.write(`[scale-loadgen ${process.pid}] ${message}\n`);
}

/** One worker's clients: opening, holding, receiving, reconnecting. */
class Clients {
  constructor(o, first, count) {
    this.o = o;
    this.first = first;
    this.count = count;
    this.open = 0;
    this.opened = 0;
    this.errors = 0;
    this.firstError = null;
    this.lastOpenAt = 0;
    this.closes = {};
    this.refusals = {};
    this.deliveries = 0;
    this.histogram = new Histogram();
    this.storming = false;
    this.firstClose = null;
    this.backTimes = [];
    this.everOpen = 0;
  }

  /** Opens every client, `concurrency` at a time; settles once each is open or failed. */
  async openAll() {
    let next = 0;
    const lane = async () => {
      while (next < this.count) {
        const index = this.first + next++;
        try {
          await this.connect(index, this.o.url, 1);
          this.opened++;
        } catch (e) {
          this.errors++;
          this.firstError = this.firstError || policy.refusalKey(e);
        }
      }
    };
    await Promise.all(Array.from({ length: Math.min(this.o.concurrency, this.count) }, lane));
    this.everOpen = this.open;
  }

  /**
   * Opens client `index` on `url`; rejects with {status}, {code, reason} or {error}.
   */
  connect(index, url, attempt) {
    return new Promise((resolve, reject) => {
      const ws = new WebSocket(url, {
        perMessageDeflate: false, skipUTF8Validation: true, followRedirects: false,
        handshakeTimeout: this.o.handshakeMillis,
        localAddress: policy.sourceAddress(index, this.o.sources),
      });
      let isOpen = false;
      let backAt = null;
      const sampling = policy.samples(index, this.o.sampleEvery);
      ws.on('unexpected-response', (req, res) => {
        res.resume();
        ws.terminate();
        reject({ status: res.statusCode });
      });
      ws.on('error', (error) => {
        if (!isOpen) {
          reject({ error });
        }
      });
      ws.on('open', () => {
        isOpen = true;
        this.open++;
        this.lastOpenAt = clock();
        if (attempt > 1 || url !== this.o.url) {
          backAt = this.lastOpenAt;
          this.backTimes.push(backAt);
        }
        resolve();
      });
      ws.on('message', (data) => {
        this.deliveries++;
        if (sampling) {
          this.histogram.recordMillis(clock() - policy.sentAt(data.toString('latin1', 0, 40)));
        }
      });
      ws.on('close', (code, reason) => {
        if (!isOpen) {
          reject({ code, reason: reason.toString() });
          return;
        }
        this.open--;
        const key = policy.refusalKey({ code, reason: reason.toString() });
        if (code === SHED_CLOSE_CODE && backAt !== null) {
          // a gateway over its limits sheds a reconnection with 101 then close 1013: a refused
          // attempt, not a client back; the backoff keeps growing, as in the browser client
          this.backTimes.splice(this.backTimes.lastIndexOf(backAt), 1);
          this.refusals[key] = (this.refusals[key] || 0) + 1;
          this.reconnect(index, attempt);
          return;
        }
        this.closes[key] = (this.closes[key] || 0) + 1;
        if (this.o.reconnectUrl) {
          this.firstClose = this.firstClose === null ? clock() : this.firstClose;
          this.reconnect(index, 1);
        }
      });
    });
  }

  /** Reconnects client `index` to the reconnect URL, with backoff, until it is open. */
  async reconnect(index, attempt) {
    await delay(policy.backoffDelay(attempt, this.o.backoffInitial, this.o.backoffMax));
    try {
      await this.connect(index, this.o.reconnectUrl, attempt + 1);
    } catch (failure) {
      const key = policy.refusalKey(failure);
      this.refusals[key] = (this.refusals[key] || 0) + 1;
      this.reconnect(index, attempt + 1);
    }
  }

  stormStatus(full) {
    return {
      back: this.backTimes.length, everOpen: this.everOpen, firstClose: this.firstClose,
      refusals: this.refusals, closes: this.closes, backTimes: full ? this.backTimes : [],
    };
  }
}

/** A forked worker process: opens its share, then answers its parent's requests. */
function runWorker() {
  let clients = null;
  process.on('message', async (m) => {
    if (m.type === 'open') {
      clients = new Clients(m.o, m.first, m.count);
      await delay(m.start - clock());
      await clients.openAll();
      process.send({
        type: 'opened', opened: clients.opened, errors: clients.errors,
        firstError: clients.firstError, lastOpenAt: clients.lastOpenAt,
      });
    } else if (m.type === 'counts') {
      process.send({ type: 'counts', open: clients.open, closes: clients.closes });
    } else if (m.type === 'tally') {
      process.send({
        type: 'tally', deliveries: clients.deliveries, histogram: clients.histogram.toJSON(),
      });
      clients.deliveries = 0;
      clients.histogram = new Histogram();
    } else if (m.type === 'storm-status') {
      process.send({ type: 'storm-status', ...clients.stormStatus(m.full) });
    }
  });
  process.on('disconnect', () => process.exit(0));
}

/** The main process's side of its workers: one request at a time to all of them. */
class Workers {
  constructor(o) {
    this.children = [];
    let first = 0;
    const start = clock() + 200;
    this.start = start;
    for (const count of shares(o.connections, o.workers)) {
      const child = fork(__filename, ['--worker'], { stdio: ['ignore', 'ignore', 'inherit', 'ipc'] });
      child.once('exit', (code, signal) => {
        if (!this.closing) {
          log(`worker ${child.pid} exited (${code ?? signal})`);
          process.exit(1);
        }
      });
      child.send({ type: 'open', o, first, count, start });
      this.children.push(child);
      first += count;
    }
  }

  /** @returns {Promise<object[]>} every worker's next message of `type` */
  next(type) {
    return Promise.all(this.children.map((c) => new Promise((resolve) => {
      const on = (m) => {
        if (m.type === type) {
          c.off('message', on);
          resolve(m);
        }
      };
      c.on('message', on);
    })));
  }

  /** @returns {Promise<object[]>} every worker's answer to a request */
  ask(request) {
    const answers = this.next(request.type);
    this.children.forEach((c) => c.send(request));
    return answers;
  }
}

async function broadcast(o, workers, count, intervalMillis, bytes, drainMillis) {
  const sender = new WebSocket(o.url, { perMessageDeflate: false, localAddress: '127.0.0.1' });
  sender.on('message', () => {}); // its own copies: not counted
  await new Promise((resolve, reject) => {
    sender.once('open', resolve);
    sender.once('error', reject);
  });
  await workers.ask({ type: 'tally' }); // reset
  const first = clock();
  for (let seq = 0; seq < count; seq++) {
    await delay(first + seq * intervalMillis - clock());
    sender.send(makePayload(seq, clock(), bytes));
  }
  const lastSend = clock();
  await delay(drainMillis);
  sender.close();
  const histogram = new Histogram();
  let deliveries = 0;
  for (const t of await workers.ask({ type: 'tally' })) {
    deliveries += t.deliveries;
    histogram.merge(t.histogram);
  }
  const sendingSeconds = (lastSend - first + intervalMillis) / 1000;
  emit('broadcast-result', {
    sent: count, expected: count * o.connections, deliveries,
    deliveriesPerSecond: deliveries / sendingSeconds, sampleEvery: o.sampleEvery,
    samples: histogram.total, p50Ms: histogram.percentileMillis(0.5),
    p99Ms: histogram.percentileMillis(0.99), p999Ms: histogram.percentileMillis(0.999),
    maxMs: histogram.maxMicros / 1000,
  });
}

async function storm(workers, timeoutMillis) {
  const deadline = clock() + timeoutMillis;
  let statuses = await workers.ask({ type: 'storm-status', full: false });
  const everOpen = statuses.reduce((n, s) => n + s.everOpen, 0);
  while (clock() < deadline && statuses.reduce((n, s) => n + s.back, 0) < everOpen) {
    await delay(250);
    statuses = await workers.ask({ type: 'storm-status', full: false });
  }
  statuses = await workers.ask({ type: 'storm-status', full: true });
  const backTimes = statuses.flatMap((s) => s.backTimes);
  const closes = statuses.map((s) => s.firstClose).filter((t) => t !== null);
  const firstClose = closes.length === 0 ? null : Math.min(...closes);
  const refusals = statuses.reduce((all, s) => policy.addCounts(all, s.refusals), {});
  const closed = statuses.reduce((all, s) => policy.addCounts(all, s.closes), {});
  const until = (share) => (firstClose === null ? null
    : policy.timeUntilBack(backTimes, everOpen, firstClose, share));
  emit('storm-result', {
    clients: everOpen, back: backTimes.length, p50Ms: until(0.5), p90Ms: until(0.9),
    p99Ms: until(0.99), allMs: until(1), refusals, closes: closed,
  });
}

async function main() {
  const o = parseArgs(process.argv.slice(2));
  const workers = new Workers(o);
  const opened = await workers.next('opened');
  const lastOpenAt = Math.max(...opened.map((w) => w.lastOpenAt));
  emit('opened', {
    opened: opened.reduce((n, w) => n + w.opened, 0),
    errors: opened.reduce((n, w) => n + w.errors, 0),
    firstError: opened.map((w) => w.firstError).find((e) => e) || null,
    acceptMillis: lastOpenAt - workers.start,
    pids: [process.pid, ...workers.children.map((c) => c.pid)],
  });
  if (!o.control) {
    workers.closing = true;
    process.exit(0);
  }
  const lines = readline.createInterface({ input: process.stdin });
  let queue = Promise.resolve();
  lines.on('line', (line) => {
    const [command, ...a] = line.trim().split(/\s+/);
    queue = queue.then(async () => {
      if (command === 'counts') {
        const counts = await workers.ask({ type: 'counts' });
        emit('counts', {
          open: counts.reduce((n, c) => n + c.open, 0),
          closes: counts.reduce((all, c) => policy.addCounts(all, c.closes), {}),
        });
      } else if (command === 'broadcast') {
        const [count, interval, bytes, drain] = a.map(Number);
        await broadcast(o, workers, count, interval, bytes, drain);
      } else if (command === 'storm') {
        await storm(workers, Number(a[0]));
      } else if (command) {
        log(`unknown command ${command}`);
      }
    }).catch((e) => {
      log(`${command} failed: ${e && e.stack ? e.stack : JSON.stringify(e)}`);
      emit('failed', { command, message: String(e && e.message ? e.message : JSON.stringify(e)) });
    });
  });
  lines.on('close', () => {
    workers.closing = true;
    process.exit(0);
  });
}

runScript(module, { main, worker: runWorker, log });
