'use strict';
// What the scale load generator (scale-loadgen.js) decides without sockets, apart so that it is
// tested (scale-policy.test.js): the reconnect delay, the source address of a connection, which
// connections record latencies, and the storm's figures.

/**
 * The delay before reconnect attempt `attempt` (1 for the first), the policy of the browser client
 * (gateway-verticles' switchboard-client.js, backoffDelay: its defaults initialDelay 500 ms,
 * maxDelay 10 s, factor 2): "full jitter", uniform in [0, min(max, initial * 2^(attempt-1))).
 *
 * @param {number} attempt 1 for the first
 * @param {number} initialMillis the first attempt's ceiling
 * @param {number} maxMillis the largest ceiling
 * @param {() => number} random uniform in [0, 1)
 * @returns {number} milliseconds
 */
function backoffDelay(attempt, initialMillis, maxMillis, random = Math.random) {
  const ceiling = Math.min(maxMillis, initialMillis * Math.pow(2, attempt - 1));
  return Math.floor(random() * ceiling);
}

/**
 * @param {number} index the connection's number, from 0, over every process
 * @param {number} sources how many source addresses: 127.0.0.2 to 127.0.0.(sources + 1)
 * @returns {string} its source address (round-robin, so every address carries as many)
 */
function sourceAddress(index, sources) {
  return `127.0.0.${2 + (index % sources)}`;
}

/**
 * @param {number} index the connection's number, from 0, over every process
 * @param {number} every one connection in this many records latencies (1: all)
 * @returns {boolean} whether it records them
 */
function samples(index, every) {
  return index % every === 0;
}

/**
 * The send time of a broadcast payload "<seq> <ms.fff> <padding>".
 *
 * @param {string} text the payload
 * @returns {number} its send time in ms, NaN when it is not a payload
 */
function sentAt(text) {
  const first = text.indexOf(' ');
  const second = first < 0 ? -1 : text.indexOf(' ', first + 1);
  return second < 0 ? NaN : Number(text.slice(first + 1, second));
}

/**
 * The time until a share of the clients were back, from the first close any client saw.
 *
 * @param {number[]} backTimes when each client that came back did (ms on a shared clock)
 * @param {number} total clients that were connected before the storm
 * @param {number} firstClose when the first client saw its connection close (same clock)
 * @param {number} share 0 to 1
 * @returns {number|null} milliseconds, null when fewer than that share came back
 */
function timeUntilBack(backTimes, total, firstClose, share) {
  const needed = Math.ceil(total * share);
  if (needed === 0) {
    return 0;
  }
  if (backTimes.length < needed) {
    return null;
  }
  const sorted = [...backTimes].sort((a, b) => a - b);
  return sorted[needed - 1] - firstClose;
}

/**
 * How a failed (re)connection attempt is counted: `http <status>` (the handshake was answered
 * with a status), `close <code> <reason>` (closed by the server, with its close frame's code and
 * reason; 1006 without one), or `error <code>` (a socket error: refused, reset, timed out).
 *
 * @param {{status?: number, code?: number, reason?: string, error?: Error}} failure what happened
 * @returns {string} the key it is counted under
 */
function refusalKey(failure) {
  if (failure.status !== undefined) {
    return `http ${failure.status}`;
  }
  if (failure.code !== undefined) {
    return `close ${failure.code}${failure.reason ? ` ${failure.reason}` : ''}`;
  }
  const e = failure.error || {};
  return `error ${e.code || e.message || 'unknown'}`;
}

/** Adds the counts of `other` to `into` (key to count). */
function addCounts(into, other) {
  for (const [key, n] of Object.entries(other)) {
    into[key] = (into[key] || 0) + n;
  }
  return into;
}

module.exports = {
  backoffDelay, sourceAddress, samples, sentAt, timeUntilBack, refusalKey, addCounts,
};
