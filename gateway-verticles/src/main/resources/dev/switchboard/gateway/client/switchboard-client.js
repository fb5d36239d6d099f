// switchboard-client.js: a browser client for Switchboard gateways (one ES module, no dependencies).
// Every gateway serves it at GET /switchboard-client.js (types: /switchboard-client.d.ts).
//
//   import { connect } from '/switchboard-client.js';
//   const client = connect({ urls: ['wss://a.example/', 'wss://b.example/'], token: fetchToken });
//   client.on('message', (data) => console.log(data));
//   client.send('hello'); // 'sent', 'queued' (while disconnected) or 'refused'
//
// What it does, in order of a connection's life:
// - connects to urls[0]; after every failure or lost connection it moves on to the next URL (the
//   list is a ring) and waits a delay drawn with "full jitter": uniform in [0, min(maxDelay,
//   initialDelay * factor^(attempt-1))), the attempt counting failures since the last open (a
//   connection closed with 1013 "try again later", a gateway shedding load, is a failure too: the
//   backoff goes on growing instead of starting again);
// - calls the `token` option (a string, or a function returning a string or a Promise of one) before
//   every attempt, and sends it as the `token` query parameter of the WebSocket URL;
// - gives up an attempt that has not opened within connectTimeout;
// - while open: sends heartbeatMessage when nothing was sent for heartbeatInterval (off unless both
//   are set), and drops the connection as dead when nothing was received for deadAfter (off by
//   default: the gateway's own pings are answered by the browser, invisibly, so only an application
//   whose server sends something regularly can use it);
// - while not open: keeps sent messages in a queue bounded by maxQueued messages and maxQueuedBytes;
//   a message that does not fit is refused and reported by an `overflow` event, as is every queued
//   message discarded by close();
// - never reconnects after close(), or after a close code that means "do not retry" (isTerminalClose:
//   1008 policy violation, and 4000-4499 for applications; 4500-4999 are retried).
//
// Events (client.on(type, listener), one argument each): open {url}; message data (a string, or an
// ArrayBuffer for binary); close {code, reason, wasClean, url, willRetry}, exactly once after every
// open; reconnecting {attempt, delay, url}; error Error (a failed attempt, a token function that
// failed); overflow {data, reason: 'full' | 'closed'}.
//
// Threading: one event loop, like WebSocket. Globals used: WebSocket (or the WebSocket option),
// setTimeout, clearTimeout, queueMicrotask, URL, TextEncoder; location and Blob when present.

/** The options' defaults. */
export const DEFAULTS = Object.freeze({
  initialDelay: 500,
  maxDelay: 10000,
  factor: 2,
  connectTimeout: 10000,
  heartbeatInterval: 0,
  heartbeatMessage: null,
  deadAfter: 0,
  maxQueued: 100,
  maxQueuedBytes: 1048576,
});

/** The close code of a server that sheds load (the gateway over maxConnections, no business). */
const TRY_AGAIN_LATER = 1013;

/** @returns whether a close code means "do not reconnect": 1008, or 4000 to 4499. */
export function isTerminalClose(code) {
  return code === 1008 || (code >= 4000 && code <= 4499);
}

/**
 * @returns the delay before reconnect attempt `attempt` (1 for the first): full jitter, uniform in
 *     [0, min(maxDelay, initialDelay * factor^(attempt-1))).
 */
export function backoffDelay(attempt, { initialDelay, maxDelay, factor }, random = Math.random) {
  const ceiling = Math.min(maxDelay, initialDelay * Math.pow(factor, attempt - 1));
  return Math.floor(random() * ceiling);
}

/** A client: connects at once, then until close() or a terminal close code. */
export class SwitchboardClient {
  #o;
  #urls;
  #WebSocket;
  #listeners = new Map();
  #state = 'connecting';
  #index = 0;
  #attempt = 0;
  /** The attempts before the last open: a close with 1013 goes back to them. */
  #attemptAtOpen = 0;
  #ws = null;
  #retryTimer = null;
  #connectTimer = null;
  #heartbeatTimer = null;
  #deadTimer = null;
  #queue = [];
  #queuedBytes = 0;

  /** @param options see switchboard-client.d.ts (ClientOptions) */
  constructor(options) {
    const o = { ...DEFAULTS, ...options };
    if (!Array.isArray(o.urls) || o.urls.length === 0) {
      throw new TypeError('urls must be a non-empty array of gateway URLs');
    }
    for (const name of ['initialDelay', 'maxDelay', 'connectTimeout', 'heartbeatInterval',
      'deadAfter', 'maxQueued', 'maxQueuedBytes']) {
      if (!(o[name] >= 0)) throw new TypeError(`${name} must be a number >= 0`);
    }
    if (!(o.factor >= 1)) throw new TypeError('factor must be a number >= 1');
    if (o.heartbeatInterval > 0 && typeof o.heartbeatMessage !== 'string') {
      throw new TypeError('heartbeatInterval needs a heartbeatMessage (a string)');
    }
    this.#o = o;
    this.#urls = o.urls.map(webSocketUrl);
    this.#WebSocket = o.WebSocket || globalThis.WebSocket;
    if (typeof this.#WebSocket !== 'function') throw new TypeError('no WebSocket in this environment');
    queueMicrotask(() => this.#open()); // after the caller has added its listeners
  }

  /** 'connecting', 'open', 'reconnecting' (waiting for the next attempt) or 'closed' (for good). */
  get state() {
    return this.#state;
  }

  /** The URL of the connection or attempt (while reconnecting: of the next one), without token. */
  get url() {
    return this.#urls[this.#index];
  }

  /** Messages waiting for a connection. */
  get queued() {
    return this.#queue.length;
  }

  /**
   * Adds a listener.
   * @returns a function that removes it
   */
  on(type, listener) {
    if (!this.#listeners.has(type)) this.#listeners.set(type, new Set());
    this.#listeners.get(type).add(listener);
    return () => this.off(type, listener);
  }

  /** Removes a listener. */
  off(type, listener) {
    this.#listeners.get(type)?.delete(listener);
  }

  /**
   * Sends a message (a string, an ArrayBuffer, a typed array or a Blob).
   * @returns 'sent' (given to the open WebSocket), 'queued' (sent once connected) or 'refused'
   *     (closed for good, or the queue is full: then an `overflow` event reports it)
   */
  send(data) {
    if (typeof data !== 'string') byteSize(data); // a TypeError for what WebSocket would stringify
    if (this.#state === 'closed') return 'refused';
    if (this.#state === 'open') {
      this.#ws.send(data);
      this.#armHeartbeat();
      return 'sent';
    }
    const size = byteSize(data);
    if (this.#queue.length >= this.#o.maxQueued || this.#queuedBytes + size > this.#o.maxQueuedBytes) {
      this.#emit('overflow', { data, reason: 'full' });
      return 'refused';
    }
    this.#queue.push({ data, size });
    this.#queuedBytes += size;
    return 'queued';
  }

  /** While waiting to reconnect, tries at once (e.g. when the browser goes online). */
  retryNow() {
    if (this.#state === 'reconnecting') {
      clearTimeout(this.#retryTimer);
      this.#open();
    }
  }

  /**
   * Closes for good: no more reconnects; the queued messages are discarded, each reported by an
   * `overflow` event with reason 'closed'. An open connection is closed with `code` and `reason`
   * (the `close` event follows when it is).
   */
  close(code = 1000, reason = '') {
    if (code !== 1000 && !(code >= 3000 && code <= 4999)) {
      throw new TypeError('a close code is 1000 or 3000 to 4999');
    }
    if (this.#state === 'closed') return;
    this.#state = 'closed';
    clearTimeout(this.#retryTimer);
    clearTimeout(this.#connectTimer);
    this.#stopTimers();
    this.#discardQueue();
    if (this.#ws) this.#ws.close(code, reason);
  }

  async #open() {
    if (this.#state === 'closed') return;
    this.#state = 'connecting';
    const url = this.#urls[this.#index];
    let token;
    try {
      token = typeof this.#o.token === 'function' ? await this.#o.token() : this.#o.token;
    } catch (e) {
      this.#fail(new Error(`token for ${url} not obtained: ${e && e.message}`, { cause: e }));
      return;
    }
    if (this.#state === 'closed') return;
    let ws;
    try {
      ws = new this.#WebSocket(withToken(url, token));
    } catch (e) {
      this.#fail(new Error(`cannot connect to ${url}: ${e && e.message}`, { cause: e }));
      return;
    }
    ws.binaryType = 'arraybuffer';
    this.#ws = ws;
    let opened = false;
    this.#connectTimer = setTimeout(() => {
      this.#detach(ws);
      this.#fail(new Error(`${url} did not open within ${this.#o.connectTimeout} ms`));
    }, this.#o.connectTimeout);
    ws.onopen = () => {
      clearTimeout(this.#connectTimer);
      opened = true;
      if (this.#state === 'closed') return; // closed while connecting: the close event follows
      this.#state = 'open';
      this.#attemptAtOpen = this.#attempt;
      this.#attempt = 0;
      this.#armHeartbeat();
      this.#armDeadline();
      this.#emit('open', { url });
      this.#flush(ws);
    };
    ws.onmessage = (event) => {
      if (this.#ws !== ws) return;
      this.#armDeadline();
      this.#emit('message', event.data);
    };
    ws.onclose = (event) => {
      if (this.#ws !== ws) return;
      clearTimeout(this.#connectTimer);
      this.#ended(opened, event.code, event.reason, event.wasClean);
    };
    ws.onerror = () => {}; // always followed by close, which does the work
  }

  /** A connection ended: reports it, then reconnects unless closed for good. */
  #ended(opened, code, reason, wasClean) {
    const url = this.url;
    this.#ws = null;
    this.#stopTimers();
    if (opened && code === TRY_AGAIN_LATER) this.#attempt = this.#attemptAtOpen;
    const terminal = isTerminalClose(code);
    if (terminal && this.#state !== 'closed') {
      this.#state = 'closed';
      this.#discardQueue();
    }
    if (opened) {
      this.#emit('close', { code, reason, wasClean, url, willRetry: this.#state !== 'closed' });
    } else if (this.#state !== 'closed') {
      this.#emit('error', new Error(`connection to ${url} failed (code ${code})`));
    }
    this.#retry();
  }

  /** An attempt failed before any WebSocket event: reports it and retries. */
  #fail(error) {
    if (this.#state === 'closed') return;
    this.#emit('error', error);
    this.#retry();
  }

  #retry() {
    if (this.#state === 'closed') return;
    this.#attempt++;
    this.#index = (this.#index + 1) % this.#urls.length;
    const delay = backoffDelay(this.#attempt, this.#o);
    this.#state = 'reconnecting';
    this.#emit('reconnecting', { attempt: this.#attempt, delay, url: this.url });
    this.#retryTimer = setTimeout(() => {
      if (this.#state === 'reconnecting') this.#open();
    }, delay);
  }

  /** Sends the queue, in order, on a connection that has just opened. */
  #flush(ws) {
    while (this.#queue.length > 0 && this.#ws === ws && this.#state === 'open') {
      const { data, size } = this.#queue.shift();
      this.#queuedBytes -= size;
      ws.send(data);
    }
  }

  #discardQueue() {
    const discarded = this.#queue;
    this.#queue = [];
    this.#queuedBytes = 0;
    for (const { data } of discarded) this.#emit('overflow', { data, reason: 'closed' });
  }

  /** Stops listening to a connection and closes it; the close event is emitted by the caller. */
  #detach(ws) {
    ws.onopen = ws.onmessage = ws.onclose = ws.onerror = null;
    if (this.#ws === ws) this.#ws = null;
    try {
      ws.close();
    } catch (e) {
      // already closing
    }
  }

  #armHeartbeat() {
    const { heartbeatInterval, heartbeatMessage } = this.#o;
    if (heartbeatInterval > 0) {
      clearTimeout(this.#heartbeatTimer);
      this.#heartbeatTimer = setTimeout(() => this.send(heartbeatMessage), heartbeatInterval);
    }
  }

  #armDeadline() {
    const { deadAfter } = this.#o;
    if (deadAfter > 0) {
      clearTimeout(this.#deadTimer);
      const ws = this.#ws;
      this.#deadTimer = setTimeout(() => {
        this.#detach(ws);
        this.#ended(true, 1006, `nothing received for ${deadAfter} ms`, false);
      }, deadAfter);
    }
  }

  #stopTimers() {
    clearTimeout(this.#heartbeatTimer);
    clearTimeout(this.#deadTimer);
  }

  #emit(type, value) {
    for (const listener of [...(this.#listeners.get(type) || [])]) {
      try {
        listener(value);
      } catch (e) {
        setTimeout(() => { throw e; }); // reported as uncaught, without breaking the client
      }
    }
  }
}

/** Creates a client, which connects at once. */
export function connect(options) {
  return new SwitchboardClient(options);
}

/** A ws:/wss: URL (http: and https: are mapped; relative ones resolved against the page's). */
function webSocketUrl(url) {
  const base = globalThis.location ? globalThis.location.href : undefined;
  let parsed;
  try {
    parsed = new URL(url, base);
  } catch (e) {
    throw new TypeError(`not a URL: ${url}`);
  }
  const scheme = { 'http:': 'ws:', 'https:': 'wss:', 'ws:': 'ws:', 'wss:': 'wss:' }[parsed.protocol];
  if (!scheme) throw new TypeError(`not a WebSocket URL: ${url}`);
  parsed.protocol = scheme;
  parsed.hash = '';
  return parsed.toString();
}

function withToken(url, token) {
  if (token === undefined || token === null || token === '') return url;
  const parsed = new URL(url);
  parsed.searchParams.set('token', String(token));
  return parsed.toString();
}

const encoder = new TextEncoder();

function byteSize(data) {
  if (typeof data === 'string') return encoder.encode(data).length;
  if (data instanceof ArrayBuffer || ArrayBuffer.isView(data)) return data.byteLength;
  if (typeof Blob !== 'undefined' && data instanceof Blob) return data.size;
  throw new TypeError('a message is a string, an ArrayBuffer, a typed array or a Blob');
}
