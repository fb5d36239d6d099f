'use strict';
// node --test benchmarks/gateway: the load generator's percentile reporting (histogram.js)
const test = require('node:test');
const assert = require('node:assert');
const { Histogram } = require('./histogram');

test('percentiles of merged histograms are those of all their latencies', () => {
  const low = new Histogram();
  const high = new Histogram();
  for (let i = 1; i <= 1000; i++) {
    low.recordMillis(i / 10);          // 0.1 ms .. 100 ms
    high.recordMillis(100 + i / 10);   // 100.1 ms .. 200 ms
  }
  const all = new Histogram();
  all.merge(JSON.parse(JSON.stringify(low)));  // as a worker process sends it
  all.merge(high.toJSON());
  assert.strictEqual(all.total, 2000);
  const close = (actual, expected) => assert.ok(Math.abs(actual - expected) <= expected / 1000,
    `${actual} is not within 0.1% of ${expected}`);
  close(all.percentileMillis(0.5), 100);
  close(all.percentileMillis(0.99), 198);
  close(all.percentileMillis(0.999), 199.8);
  close(all.maxMicros / 1000, 200);
});

test('an empty histogram has no percentiles', () => {
  const empty = new Histogram();
  assert.strictEqual(empty.total, 0);
  assert.strictEqual(empty.percentileMillis(0.99), null);
  assert.strictEqual(empty.maxMicros, 0);
});
