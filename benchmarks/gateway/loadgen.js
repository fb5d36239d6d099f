'use strict';
// The WebSocket load generator of benchmarks/gateway.sh, the same for every server measured.
//
// Broadcast mode: opens N normal receiving connections (and S stalled ones, which stop reading
// once connected), then one extra sender connection sends a message every --interval ms carrying
// a sequence number and its send time; the server broadcasts it to everyone. After --warmup s, a
// window of --duration s is measured: deliveries received in it (deliveries/s), and the
// send-to-receive latency of every message sent in it, as each normal client sees it (and, apart,
// that of every delivery received in it: when the server falls behind, the window's own messages
// may never arrive in time, and this shows how far behind it was). Sending stops at the end of
// the window; the normal clients then get up to --drain s to receive what is still in flight.
// Idle mode: opens N connections, holds them, reports.
//
// Several servers (--url U1,U2,...): the receiving connections go to each in turn, and the sender
// to --sender-url (default the first of them): a cross-node group send, where the sender's server
// holds no receiver. --hold-start waits for "go" on the control channel once every connection is
// open, before the first message: the benchmark lets the servers report every receiver joined.
//
// Times come from performance.timeOrigin + performance.now(), in ms with sub-ms precision,
// comparable across processes (--workers K forks K processes that hold the receiving
// connections; the sender then stays alone in this one).
//
// Standard output carries one JSON line per event: {"event":"opened",...} once every connection
// is open, {"event":"window-start"} and {"event":"window-end"} (broadcast), {"event":"drained"}
// (broadcast), and last {"event":"result",...} with every figure. Progress goes to standard
// error. Exits 0 once the result is printed and the connections closed, 2 on a bad command line.
//
// usage: node loadgen.js --url URL [options]   (--help lists them)

const { fork } = require('node:child_process');
const readline = require('node:readline');
const { ReceiverGroup, clock, makePayload } = require('./receivers');
const { connect } = require('./connection');
const { Histogram } = require('./histogram');
const { parseCommandLine, usageError, emit, delay, shares } = require('./cli');

const USAGE = `usage: node loadgen.js --url URL [options]
  --url URL[,URL...]     the server (Socket.IO: ws://H:P/socket.io/?EIO=4&transport=websocket);
                         several: the receiving connections go to each in turn
  --sender-url URL       where the sender connects (default: the first --url)
  --protocol P           ws (payloads are text messages, default) or socketio (Socket.IO v5)
  --mode M               broadcast (default) or idle (open the connections, hold, report)
  --connections N        normal receiving connections (default 1000)
  --stalled N            stalled connections: connected, then never read again (default 0)
  --payload B            message size in bytes (default 128)
  --interval MS          a message every MS ms from one extra sender connection (default 10)
  --warmup S             sending before the measured window, seconds (default 5)
  --duration S           measured window, seconds; idle mode: how long to hold (default 20)
  --drain S              after the window, wait at most S s for messages in flight (default 5)
  --workers K            hold the receiving connections in K worker processes (default 0)
  --concurrency C        opening handshakes in flight at once (default 200)
  --handshake-timeout MS bound of one connection's opening handshake(s) (default 30000)
  --control              standard input controls the run: "go" ends a hold; its end aborts
  --hold                 with --control: wait for "go" once all connections are open (idle)
                         or once the window is drained (broadcast), before reporting
  --hold-start           with --control (broadcast): wait for "go" once all connections are
                         open, before the first message
`;

const CLOSE_MILLIS = 10000;
const START_DELAY_MILLIS = 200;

function parseArgs(args) {
  const o = parseCommandLine(args, {
    usage: USAGE,
    defaults: {
      url: null, senderUrl: null, protocol: 'ws', mode: 'broadcast', connections: 1000, stalled: 0,
      payload: 128, interval: 10, warmup: 5, duration: 20, drain: 5, workers: 0, concurrency: 200,
      handshakeMillis: 30000, control: false, hold: false, holdStart: false,
    },
    flags: { '--control': 'control', '--hold': 'hold', '--hold-start': 'holdStart' },
    strings: {
      '--url': 'url', '--sender-url': 'senderUrl', '--protocol': 'protocol', '--mode': 'mode',
    },
    numbers: {
      '--connections': ['connections', 0, 100000], '--stalled': ['stalled', 0, 10000],
      '--payload': ['payload', 32, 1 << 20], '--interval': ['interval', 0.1, 60000],
      '--warmup': ['warmup', 0, 3600], '--duration': ['duration', 0, 3600],
      '--drain': ['drain', 0, 600], '--workers': ['workers', 0, 64],
      '--concurrency': ['concurrency', 1, 10000],
      '--handshake-timeout': ['handshakeMillis', 1, 600000],
    },
  });
  if (!o.url) {
    fail('--url is required');
  }
  if (o.protocol !== 'ws' && o.protocol !== 'socketio') {
    fail('--protocol must be ws or socketio');
  }
  if (o.mode !== 'broadcast' && o.mode !== 'idle') {
    fail('--mode must be broadcast or idle');
  }
  if ((o.hold || o.holdStart) && !o.control) {
    fail('--hold and --hold-start need --control');
  }
  o.urls = o.url.split(',').filter((u) => u.length > 0);
  if (o.urls.length === 0) {
    fail('--url is required');
  }
  o.senderUrl = o.senderUrl || o.urls[0];
  return o;
}

function fail(message) {
  usageError(USAGE, message);
}

function log(message) {
  process.stderr.write(`[loadgen ${process.pid}] ${message}\n`);
}

/** Standard input as a control channel: "go" lines, and the end of input aborts the run. */
function controlChannel() {
  let goes = 0;
  let waiter = null;
  const lines = readline.createInterface({ input: process.stdin });
  lines.on('line', (line) => {
    if (line.trim() === 'go') {
      goes++;
      if (waiter !== null) {
        const w = waiter;
        waiter = null;
        goes--;
        w();
      }
    }
  });
  lines.on('close', () => {
    log('control input closed: aborting');
    process.exit(3);
  });
  return {
    go() {
      if (goes > 0) {
        goes--;
        return Promise.resolve();
      }
      return new Promise((resolve) => {
        waiter = resolve;
      });
    },
  };
}

/** Receiving connections held in this process. */
class LocalGroup {
  constructor(options, normal, stalled) {
    this.group = new ReceiverGroup(options, normal, stalled);
    this.pid = process.pid;
  }

  open() { return this.group.open(); }

  setWindow(start, end) { this.group.setWindow(start, end); }

  drain(windowSent, boundMillis) { return this.group.drain(windowSent, boundMillis); }

  stats() { return this.group.stats(); }

  close(boundMillis) { return this.group.close(boundMillis); }
}

/** Receiving connections held in a forked worker process, driven over IPC. */
class WorkerGroup {
  constructor(options, normal, stalled) {
    this.child = fork(__filename, ['--worker'], { stdio: ['ignore', 'ignore', 'inherit', 'ipc'] });
    this.pid = this.child.pid;
    this.pending = new Map();
    this.nextId = 0;
    this.child.on('message', (m) => {
      const call = this.pending.get(m.id);
      if (call) {
        this.pending.delete(m.id);
        if (m.error) {
          call.reject(new Error(m.error));
        } else {
          call.resolve(m.result);
        }
      }
    });
    this.child.on('exit', (code, signal) => {
      for (const call of this.pending.values()) {
        call.reject(new Error(`worker ${this.pid} exited (${code ?? signal})`));
      }
      this.pending.clear();
    });
    this.ready = this.call('init', [options, normal, stalled]);
  }

  call(method, args) {
    return new Promise((resolve, reject) => {
      const id = this.nextId++;
      this.pending.set(id, { resolve, reject });
      this.child.send({ id, method, args });
    });
  }

  open() { return this.ready.then(() => this.call('open', [])); }

  setWindow(start, end) { return this.call('setWindow', [start, end]); }

  drain(windowSent, boundMillis) { return this.call('drain', [windowSent, boundMillis]); }

  stats() { return this.call('stats', []); }

  /** Closes the connections, then waits (bounded) for the worker to exit, so that it is reaped. */
  close(boundMillis) {
    return this.call('close', [boundMillis]).then(() => new Promise((resolve) => {
      if (this.child.exitCode !== null || this.child.signalCode !== null) {
        resolve();
        return;
      }
      const timer = setTimeout(() => this.child.kill('SIGKILL'), CLOSE_MILLIS);
      this.child.once('exit', () => {
        clearTimeout(timer);
        resolve();
      });
      this.child.disconnect();
    }));
  }
}

/** A worker process: one ReceiverGroup, driven by its parent; exits when the parent is gone. */
function runWorker() {
  let group = null;
  process.on('message', async ({ id, method, args }) => {
    try {
      let result = null;
      if (method === 'init') {
        group = new ReceiverGroup(...args);
      } else {
        result = await group[method](...args);
      }
      process.send({ id, result: result === undefined ? null : result });
    } catch (e) {
      process.send({ id, error: String(e && e.stack ? e.stack : e) });
    }
  });
  process.on('disconnect', () => process.exit(0));
}

/**
 * Sends one message every interval from the sender until the end of the window.
 *
 * @returns {Promise<object>} what was sent: sent, windowSent, lateSends, maxLagMillis
 */
function sendUntil(o, sender, start, windowStart, windowEnd) {
  return new Promise((resolve) => {
    let seq = 0;
    let windowSent = 0;
    let lateSends = 0;
    let maxLag = 0;
    const step = () => {
      let now = clock();
      for (;;) {
        const intended = start + seq * o.interval;
        if (intended >= windowEnd) {
          resolve({ sent: seq, windowSent, lateSends, maxLagMillis: maxLag });
          return;
        }
        if (intended > now) {
          break;
        }
        const lag = now - intended;
        maxLag = Math.max(maxLag, lag);
        if (lag > o.interval) {
          lateSends++;
        }
        sender.send(makePayload(seq, now, o.payload));
        if (now >= windowStart && now < windowEnd) {
          windowSent++;
        }
        seq++;
        now = clock();
      }
      setTimeout(step, start + seq * o.interval - clock());
    };
    setTimeout(step, start - clock());
  });
}

async function main() {
  const o = parseArgs(process.argv.slice(2));
  const control = o.control ? controlChannel() : null;
  const groupOptions = {
    urls: o.urls, protocol: o.protocol, concurrency: o.concurrency,
    handshakeMillis: o.handshakeMillis,
  };
  const groups = [];
  if (o.workers === 0) {
    groups.push(new LocalGroup(groupOptions, o.connections, o.stalled));
  } else {
    const normal = shares(o.connections, o.workers);
    const stalled = shares(o.stalled, o.workers);
    for (let i = 0; i < o.workers; i++) {
      groups.push(new WorkerGroup(groupOptions, normal[i], stalled[i]));
    }
  }

  const openStart = clock();
  const opens = await Promise.all(groups.map((g) => g.open()));
  const opened = opens.reduce((n, r) => n + r.opened, 0);
  const stalledOpened = opens.reduce((n, r) => n + r.stalledOpened, 0);
  let errors = opens.reduce((n, r) => n + r.errors, 0);
  let firstError = opens.map((r) => r.firstError).find((e) => e) || null;
  let sender = null;
  if (o.mode === 'broadcast') {
    try {
      sender = await connect(o.senderUrl, o.protocol, () => {}, o.handshakeMillis);
    } catch (e) {
      errors++;
      firstError = firstError || `sender: ${e.message}`;
    }
  }
  const openMillis = clock() - openStart;
  log(`${opened} normal + ${stalledOpened} stalled connections open in ${Math.round(openMillis)} ms`
    + `, ${errors} errors${firstError ? ` (first: ${firstError})` : ''}`);
  emit('opened', {
    opened, stalledOpened, errors, firstError, openMillis, pids: groups.map((g) => g.pid),
  });

  let sent = { sent: 0, windowSent: 0, lateSends: 0, maxLagMillis: 0 };
  let windowSeconds = 0;
  if (o.mode === 'idle') {
    if (o.hold) {
      await control.go();
    } else {
      await delay(o.duration * 1000);
    }
  } else if (sender !== null) {
    if (o.holdStart) {
      await control.go();
    }
    const start = clock() + START_DELAY_MILLIS;
    const windowStart = start + o.warmup * 1000;
    const windowEnd = windowStart + o.duration * 1000;
    windowSeconds = o.duration;
    await Promise.all(groups.map((g) => g.setWindow(windowStart, windowEnd)));
    setTimeout(() => emit('window-start', {}), windowStart - clock());
    sent = await sendUntil(o, sender, start, windowStart, windowEnd);
    await delay(windowEnd - clock());
    emit('window-end', {});
    await Promise.all(groups.map((g) => g.drain(sent.windowSent, o.drain * 1000)));
    emit('drained', {});
    if (o.hold) {
      await control.go();
    }
  }

  const stats = await Promise.all(groups.map((g) => g.stats()));
  const histogram = new Histogram();
  const received = new Histogram();
  const sum = (key) => stats.reduce((n, s) => n + s[key], 0);
  stats.forEach((s) => {
    histogram.merge(s.histogram);
    received.merge(s.receivedHistogram);
  });
  const expected = sent.windowSent * opened;
  const windowReceived = sum('windowReceived');
  emit('result', {
    mode: o.mode, protocol: o.protocol, url: o.url, senderUrl: o.senderUrl, workers: o.workers,
    connections: o.connections, stalled: o.stalled, opened, stalledOpened,
    connectErrors: errors, firstError, openMillis,
    closedEarly: sum('closedEarly'), stalledClosed: sum('stalledClosed'),
    payload: o.payload, interval: o.interval, warmup: o.warmup, windowSeconds,
    sent: sent.sent, windowSent: sent.windowSent, lateSends: sent.lateSends,
    senderMaxLagMs: sent.maxLagMillis,
    expected, delivered: sum('delivered'), windowReceived, received: sum('received'),
    deliveriesPerSecond: windowSeconds > 0 ? windowReceived / windowSeconds : 0,
    expectedPerSecond: windowSeconds > 0 ? expected / windowSeconds : 0,
    gaps: sum('gaps'), reordered: sum('reordered'), unparsable: sum('unparsable'),
    samples: histogram.total,
    p50Ms: histogram.percentileMillis(0.5), p99Ms: histogram.percentileMillis(0.99),
    p999Ms: histogram.percentileMillis(0.999), maxMs: histogram.maxMicros / 1000,
    receivedP50Ms: received.percentileMillis(0.5), receivedP99Ms: received.percentileMillis(0.99),
  });

  // idle: closing handshakes, so that the server has let go of every connection when this
  // process exits; broadcast: the server may be far behind, drop the connections
  const closeMillis = o.mode === 'idle' ? CLOSE_MILLIS : 0;
  await Promise.all(groups.map((g) => g.close(closeMillis)));
  if (sender !== null) {
    sender.terminate();
  }
  process.exit(0);
}

if (process.argv[2] === '--worker') {
  runWorker();
} else {
  main().catch((e) => {
    log(`failed: ${e && e.stack ? e.stack : e}`);
    process.exit(1);
  });
}
