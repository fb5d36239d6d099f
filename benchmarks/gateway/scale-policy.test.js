'use strict';
// node --test benchmarks/gateway: the scale load generator's decisions (scale-policy.js)
const test = require('node:test');
const assert = require('node:assert');
const p = require('./scale-policy');

test('the backoff is full jitter under a ceiling doubling from 500 ms up to 10 s', () => {
  assert.strictEqual(p.backoffDelay(1, 500, 10000, () => 0.999999), 499);
  assert.strictEqual(p.backoffDelay(2, 500, 10000, () => 0.999999), 999);
  assert.strictEqual(p.backoffDelay(6, 500, 10000, () => 0.5), 5000); // 16,000 capped at 10,000
  assert.strictEqual(p.backoffDelay(30, 500, 10000, () => 0), 0);
});

test('source addresses go round-robin from 127.0.0.2', () => {
  assert.deepStrictEqual([0, 1, 2, 3, 8].map((i) => p.sourceAddress(i, 3)),
    ['127.0.0.2', '127.0.0.3', '127.0.0.4', '127.0.0.2', '127.0.0.4']);
});

test('one connection in `every` samples latencies', () => {
  const sampled = Array.from({ length: 1000 }, (_, i) => i).filter((i) => p.samples(i, 100));
  assert.strictEqual(sampled.length, 10);
  assert.ok(p.samples(7, 1));
});

test('the send time is read from a payload, NaN from anything else', () => {
  assert.strictEqual(p.sentAt('12 1700000000123.456 xxxx'), 1700000000123.456);
  assert.ok(Number.isNaN(p.sentAt('hello')));
  assert.ok(Number.isNaN(p.sentAt('12 1700000000123.456')));
});

test('time until a share is back counts from the first close, null when too few came back', () => {
  const back = [1500, 1100, 1200, 1300, 1400, 1600, 1700, 1800, 1900, 2000];
  assert.strictEqual(p.timeUntilBack(back, 10, 1000, 0.5), 500);
  assert.strictEqual(p.timeUntilBack(back, 10, 1000, 0.9), 900);
  assert.strictEqual(p.timeUntilBack(back, 10, 1000, 0.99), 1000);
  assert.strictEqual(p.timeUntilBack(back.slice(0, 9), 10, 1000, 0.99), null);
  assert.strictEqual(p.timeUntilBack(back.slice(0, 9), 10, 1000, 0.9), 900);
});

test('failures are counted by status, close code and reason, or socket error', () => {
  assert.strictEqual(p.refusalKey({ status: 503 }), 'http 503');
  assert.strictEqual(p.refusalKey({ code: 1013, reason: 'too_many_connections' }),
    'close 1013 too_many_connections');
  assert.strictEqual(p.refusalKey({ code: 1006 }), 'close 1006');
  assert.strictEqual(p.refusalKey({ error: Object.assign(new Error('x'), { code: 'ECONNRESET' }) }),
    'error ECONNRESET');
  assert.deepStrictEqual(p.addCounts({ a: 1 }, { a: 2, b: 1 }), { a: 3, b: 1 });
});
