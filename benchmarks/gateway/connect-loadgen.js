'use strict';
// The load generator of the connect scenario of benchmarks/gateway.sh, the same for every server:
// --concurrency C cycles in flight, each one connecting a client, waiting for the server's
// confirmation that it is connected, closing it, and starting over (connect-cycle.js), on the
// `ws` client for every server. After --warmup s, a window of --duration s is measured: clients
// confirmed in it (accepted connections per second) and the handshake latency of each (from the
// new socket to the confirmation, HdrHistogram). No cycle starts after the window; those in flight
// finish. Refused clients (HTTP status, Socket.IO CONNECT_ERROR) and failed ones (timeouts,
// resets) are counted over the whole run, warm-up included; a failed cycle pauses
// FAILURE_PAUSE_MILLIS before its next one, so that a dead server is not hammered.
//
// Standard output carries one JSON line per event: {"event":"opened","pids":[...]} at once,
// {"event":"window-start"} and {"event":"window-end"} when the window starts and ends, and last
// {"event":"result",...}. Standard input (--control): its end aborts the run. Exits 0 once the
// result is printed, 2 on a bad command line.
//
// usage: node connect-loadgen.js --url URL --token T [options]   (--help lists them)

const { fork } = require('node:child_process');
const readline = require('node:readline');
const { clock } = require('./receivers');
const { cycle } = require('./connect-cycle');
const { Histogram } = require('./histogram');
const { parseCommandLine, usageError, emit, delay, shares, runScript } = require('./cli');

const USAGE = `usage: node connect-loadgen.js --url URL --token T [options]
  --url URL              the server (ours: ws://H:P/?token=T; Socket.IO:
                         ws://H:P/socket.io/?EIO=4&transport=websocket)
  --protocol P           ws (confirmed by the first message, default) or socketio (Socket.IO v5:
                         CONNECT with auth {token}, confirmed by the namespace's CONNECT)
  --token T              the token Socket.IO clients send in their CONNECT packet
  --concurrency C        cycles in flight (default 64)
  --warmup S             cycles before the measured window, seconds (default 3)
  --duration S           measured window, seconds (default 10)
  --handshake-timeout MS bound of one connection's handshake up to its confirmation (default 10000)
  --close-timeout MS     bound of one closing handshake (default 5000)
  --workers K            run the cycles in K forked processes, shared out evenly (default 0: in
                         this one); the window and the figures stay this process's
  --control              standard input controls the run: its end aborts
`;

const START_DELAY_MILLIS = 200;
const FAILURE_PAUSE_MILLIS = 20;

function parseArgs(args) {
  const o = parseCommandLine(args, {
    usage: USAGE,
    defaults: {
      url: null, protocol: 'ws', token: '', concurrency: 64, warmup: 3, duration: 10,
      handshakeMillis: 10000, closeMillis: 5000, workers: 0, control: false,
    },
    flags: { '--control': 'control' },
    strings: { '--url': 'url', '--protocol': 'protocol', '--token': 'token' },
    numbers: {
      '--concurrency': ['concurrency', 1, 4096], '--warmup': ['warmup', 0, 600],
      '--duration': ['duration', 0.1, 600], '--handshake-timeout': ['handshakeMillis', 1, 600000],
      '--close-timeout': ['closeMillis', 1, 600000], '--workers': ['workers', 0, 64],
    },
  });
  if (!o.url) {
    fail('--url is required');
  }
  if (o.protocol !== 'ws' && o.protocol !== 'socketio') {
    fail('--protocol must be ws or socketio');
  }
  if (o.workers > o.concurrency) {
    fail('--workers must not exceed --concurrency');
  }
  return o;
}

function fail(message) {
  usageError(USAGE, message);
}

function log(message) {
  process.stderr.write(`[connect-loadgen ${process.pid}] ${message}\n`);
}

/** What the cycles found, and the latencies of the window's accepted clients. */
class Tally {
  constructor(windowStart, windowEnd) {
    this.windowStart = windowStart;
    this.windowEnd = windowEnd;
    this.histogram = new Histogram();
    this.accepted = 0;
    this.windowAccepted = 0;
    this.rejected = 0;
    this.errors = 0;
    this.firstRejection = null;
    this.firstError = null;
  }

  /** @param {{outcome: string, startedAt: number, confirmedAt: number, detail: ?string}} r */
  add(r) {
    if (r.outcome === 'accepted') {
      this.accepted++;
      if (r.confirmedAt >= this.windowStart && r.confirmedAt < this.windowEnd) {
        this.windowAccepted++;
        this.histogram.recordMillis(r.confirmedAt - r.startedAt);
      }
    } else if (r.outcome === 'rejected') {
      this.rejected++;
      this.firstRejection = this.firstRejection || r.detail;
    } else {
      this.errors++;
      this.firstError = this.firstError || r.detail;
    }
  }

  /** @returns {object} the tally, for another process to {@link merge} */
  toJSON() {
    return {
      accepted: this.accepted, windowAccepted: this.windowAccepted, rejected: this.rejected,
      errors: this.errors, firstRejection: this.firstRejection, firstError: this.firstError,
      histogram: this.histogram.toJSON(),
    };
  }

  /** @param {object} other what another process's tally's toJSON returned */
  merge(other) {
    this.accepted += other.accepted;
    this.windowAccepted += other.windowAccepted;
    this.rejected += other.rejected;
    this.errors += other.errors;
    this.firstRejection = this.firstRejection || other.firstRejection;
    this.firstError = this.firstError || other.firstError;
    this.histogram.merge(other.histogram);
  }
}

/**
 * Runs cycles until the window ends.
 *
 * @param {object} o the options
 * @param {number} count cycles in flight
 * @param {{start: number, windowStart: number, windowEnd: number}} t when to start, and the
 *     window (clock times, the same in every process)
 * @returns {Promise<Tally>} what they found, once the last cycle has finished
 */
async function runCycles(o, count, t) {
  const tally = new Tally(t.windowStart, t.windowEnd);
  const loop = async () => {
    await delay(t.start - clock());
    while (clock() < t.windowEnd) {
      const r = await cycle(o);
      tally.add(r);
      if (r.outcome !== 'accepted') {
        await delay(FAILURE_PAUSE_MILLIS);
      }
    }
  };
  await Promise.all(Array.from({ length: count }, loop));
  return tally;
}

/**
 * Runs a share of the cycles in a forked worker process.
 *
 * @returns {{pid: number, done: Promise<object>}} its pid, and its tally's toJSON once it is done
 */
function forkWorker(o, count, t) {
  const child = fork(__filename, ['--worker'], { stdio: ['ignore', 'ignore', 'inherit', 'ipc'] });
  const done = new Promise((resolve, reject) => {
    child.once('message', (tally) => {
      resolve(tally);
      child.disconnect();
    });
    child.once('exit', (code, signal) => reject(new Error(`worker ${child.pid} exited (${code ?? signal})`)));
  });
  child.send({ o, count, t });
  return { pid: child.pid, done };
}

/** A worker process: runs the cycles its parent asks for, answers with their tally, and exits
 * when the parent is gone. */
function runWorker() {
  process.once('message', ({ o, count, t }) => {
    runCycles(o, count, t).then((tally) => process.send(tally.toJSON()), (e) => {
      log(`failed: ${e && e.stack ? e.stack : e}`);
      process.exit(1);
    });
  });
  process.on('disconnect', () => process.exit(0));
}

async function main() {
  const o = parseArgs(process.argv.slice(2));
  if (o.control) {
    const lines = readline.createInterface({ input: process.stdin });
    lines.on('close', () => {
      log('control input closed: aborting');
      process.exit(3);
    });
  }
  const start = clock() + START_DELAY_MILLIS;
  const t = { start, windowStart: start + o.warmup * 1000, windowEnd: 0 };
  t.windowEnd = t.windowStart + o.duration * 1000;
  const workers = shares(o.concurrency, o.workers).map((count) => forkWorker(o, count, t));
  emit('opened', { pids: [process.pid, ...workers.map((w) => w.pid)] });
  setTimeout(() => emit('window-start', {}), t.windowStart - clock());
  const windowEnded = delay(t.windowEnd - clock()).then(() => emit('window-end', {}));
  const tally = o.workers === 0 ? await runCycles(o, o.concurrency, t)
    : new Tally(t.windowStart, t.windowEnd);
  for (const other of await Promise.all(workers.map((w) => w.done))) {
    tally.merge(other);
  }
  await windowEnded;
  const h = tally.histogram;
  log(`${tally.windowAccepted} accepted in the window (${Math.round(tally.windowAccepted
    / o.duration)}/s), ${tally.rejected} rejected, ${tally.errors} errors`
    + `${tally.firstError ? ` (first: ${tally.firstError})` : ''}`);
  emit('result', {
    protocol: o.protocol, concurrency: o.concurrency, workers: o.workers, warmup: o.warmup,
    windowSeconds: o.duration,
    accepted: tally.accepted, windowAccepted: tally.windowAccepted,
    acceptedPerSecond: tally.windowAccepted / o.duration, rejected: tally.rejected,
    firstRejection: tally.firstRejection, errors: tally.errors, firstError: tally.firstError,
    samples: h.total, p50Ms: h.percentileMillis(0.5), p99Ms: h.percentileMillis(0.99),
    p999Ms: h.percentileMillis(0.999), maxMs: h.maxMicros / 1000,
  });
  process.exit(0);
}

runScript(module, { main, worker: runWorker, log });

module.exports = { Tally };
