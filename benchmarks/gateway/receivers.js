'use strict';
// A group of receiving connections of the load generator (all of them in one process, or a
// share of them in each worker process): normal clients, which read every message and record its
// send-to-receive latency, and stalled clients, which stop reading once connected.
//
// A payload starts with "<sequence number> <send time, ms> " (send time on the cross-process
// clock performance.timeOrigin + performance.now(), three decimals); the rest is padding.

const { performance } = require('node:perf_hooks');
const { connect } = require('./connection');
const { Histogram } = require('./histogram');

const SPACE = 0x20;
const DOT = 0x2e;

/** @returns {number} now on the clock every load-generator process shares, ms */
function clock() {
  return performance.timeOrigin + performance.now();
}

// the fields of the payload parsed last (no allocation per message)
let parsedSeq = 0;
let parsedSentAt = 0;

/** Parses "<seq> <ms.fff> " at buf[start..end); false when it is not a payload. */
function parsePayload(buf, start, end) {
  let i = start;
  let seq = 0;
  let c;
  while (i < end && (c = buf[i]) !== SPACE) {
    if (c < 0x30 || c > 0x39) {
      return false;
    }
    seq = seq * 10 + (c - 0x30);
    i++;
  }
  i++;
  let whole = 0;
  let fraction = 0;
  let scale = 1;
  let afterDot = false;
  while (i < end && (c = buf[i]) !== SPACE) {
    if (c === DOT) {
      afterDot = true;
    } else if (c >= 0x30 && c <= 0x39) {
      if (afterDot) {
        scale *= 10;
        fraction = fraction * 10 + (c - 0x30);
      } else {
        whole = whole * 10 + (c - 0x30);
      }
    } else {
      return false;
    }
    i++;
  }
  if (i >= end) {
    return false;
  }
  parsedSeq = seq;
  parsedSentAt = whole + fraction / scale;
  return true;
}

/**
 * Builds a payload of exactly `size` ASCII bytes.
 *
 * @param {number} seq the sequence number
 * @param {number} sentAt the send time on {@link clock}
 * @param {number} size the payload size in bytes
 * @returns {string} the payload
 */
function makePayload(seq, sentAt, size) {
  const head = `${seq} ${sentAt.toFixed(3)} `;
  return head.length >= size ? head : head + 'x'.repeat(size - head.length);
}

class ReceiverGroup {
  /**
   * @param {object} options urls (the servers the connections spread over), protocol,
   *     concurrency, handshakeMillis
   * @param {number} normal how many normal clients
   * @param {number} stalled how many stalled clients
   */
  constructor(options, normal, stalled) {
    this.options = options;
    this.normal = normal;
    this.stalled = stalled;
    this.clients = [];
    this.stalledClients = [];
    this.histogram = new Histogram();        // messages sent in the window
    this.receivedHistogram = new Histogram(); // deliveries received in the window
    this.windowStart = Infinity;
    this.windowEnd = Infinity;
    this.delivered = 0;          // deliveries of messages sent in the window
    this.windowReceived = 0;     // deliveries received in the window, whenever sent
    this.received = 0;           // every delivery
    this.gaps = 0;               // messages a normal client skipped
    this.reordered = 0;          // messages that came after a later one
    this.unparsable = 0;
    this.errors = 0;
    this.firstError = null;
    this.waiter = null;
    this.opening = 0;
  }

  /**
   * Opens every connection, at most options.concurrency handshakes at a time.
   *
   * @returns {Promise<{opened: number, stalledOpened: number, errors: number, firstError: ?string}>}
   */
  async open() {
    // the stalled clients spread evenly among the normal ones, in opening order
    const total = this.normal + this.stalled;
    const kinds = new Array(total).fill(false);
    for (let j = 0; j < this.stalled; j++) {
      kinds[Math.floor(((j + 0.5) * total) / this.stalled)] = true;
    }
    let next = 0;
    const lanes = [];
    for (let lane = 0; lane < Math.min(this.options.concurrency, kinds.length); lane++) {
      lanes.push((async () => {
        while (next < kinds.length) {
          const stalled = kinds[next++];
          await this.openOne(stalled);
        }
      })());
    }
    await Promise.all(lanes);
    return {
      opened: this.clients.length,
      stalledOpened: this.stalledClients.length,
      errors: this.errors,
      firstError: this.firstError,
    };
  }

  async openOne(stalled) {
    try {
      const handler = stalled ? () => {} : this.newHandler();
      // several servers: the connections go to each in turn, in opening order
      const urls = this.options.urls;
      const url = urls[this.opening++ % urls.length];
      const client = await connect(url, this.options.protocol, handler,
        this.options.handshakeMillis);
      if (stalled) {
        client.stall();
        this.stalledClients.push(client);
      } else {
        this.clients.push(client);
      }
    } catch (e) {
      this.errors++;
      if (this.firstError === null) {
        this.firstError = String(e && e.message ? e.message : e);
      }
    }
  }

  newHandler() {
    let last = -1;
    return (buf, start, end) => {
      const now = clock();
      this.received++;
      if (!parsePayload(buf, start, end)) {
        this.unparsable++;
        return;
      }
      const sentAt = parsedSentAt;
      if (sentAt >= this.windowStart && sentAt < this.windowEnd) {
        this.delivered++;
        this.histogram.recordMillis(now - sentAt);
        if (this.waiter !== null && this.delivered >= this.waiter.expected) {
          this.waiter.resolve();
        }
      }
      if (now >= this.windowStart && now < this.windowEnd) {
        this.windowReceived++;
        this.receivedHistogram.recordMillis(now - sentAt);
      }
      const seq = parsedSeq;
      if (seq <= last) {
        this.reordered++;
      } else {
        this.gaps += seq - last - 1;
        last = seq;
      }
    };
  }

  /**
   * @param {number} start the window's start on {@link clock}
   * @param {number} end the window's end on {@link clock}
   */
  setWindow(start, end) {
    this.windowStart = start;
    this.windowEnd = end;
  }

  /**
   * @param {number} windowSent how many messages were sent in the window
   * @param {number} boundMillis how long to wait at most
   * @returns {Promise<void>} settles once every normal client has every message sent in the
   *     window, or after the bound
   */
  drain(windowSent, boundMillis) {
    const expected = windowSent * this.clients.length;
    if (this.delivered >= expected) {
      return Promise.resolve();
    }
    return new Promise((resolve) => {
      const timer = setTimeout(done, boundMillis);
      const self = this;
      function done() {
        clearTimeout(timer);
        self.waiter = null;
        resolve();
      }
      this.waiter = { expected, resolve: done };
    });
  }

  /** @returns {object} the group's counters and latency histogram */
  stats() {
    return {
      opened: this.clients.length,
      stalledOpened: this.stalledClients.length,
      errors: this.errors,
      firstError: this.firstError,
      closedEarly: this.clients.filter((c) => c.closed).length,
      stalledClosed: this.stalledClients.filter((c) => c.closed).length,
      received: this.received,
      delivered: this.delivered,
      windowReceived: this.windowReceived,
      gaps: this.gaps,
      reordered: this.reordered,
      unparsable: this.unparsable,
      histogram: this.histogram.toJSON(),
      receivedHistogram: this.receivedHistogram.toJSON(),
    };
  }

  /**
   * Closes every connection: with a closing handshake for normal clients (bounded) when
   * boundMillis is positive, else (and for stalled clients always) by dropping it.
   *
   * @param {number} boundMillis the bound of the closing handshakes, 0 to drop every connection
   * @returns {Promise<void>} settles once all are closed
   */
  async close(boundMillis) {
    const all = this.clients.concat(this.stalledClients);
    if (boundMillis <= 0) {
      all.forEach((c) => c.terminate());
      return;
    }
    await Promise.all(all.map((c) => c.close(boundMillis)));
  }
}

module.exports = { ReceiverGroup, clock, makePayload, parsePayload };
