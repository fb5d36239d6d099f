'use strict';
// The cost of one latency record in the load generator's histogram, in ns (medians of 5 runs of
// 5 M records into two histograms, as a receiver records two per delivery):
//   node benchmarks/gateway/histogram-cost.js [path of a histogram module; ./histogram by default]
// A receiver shares the machine with the server under test, so this is CPU the server loses.

const path = require('node:path');

const modulePath = path.resolve(process.argv[2] || path.join(__dirname, 'histogram.js'));
const { Histogram } = require(modulePath);
const RECORDS = 5_000_000;
const costs = [];
for (let run = 0; run < 5; run++) {
  const sent = new Histogram();
  const received = new Histogram();
  const start = process.hrtime.bigint();
  for (let i = 0; i < RECORDS; i++) {
    const millis = 100 + (i % 3000) * 0.37;
    sent.recordMillis(millis);
    received.recordMillis(millis);
  }
  costs.push(Number(process.hrtime.bigint() - start) / (2 * RECORDS));
}
costs.sort((a, b) => a - b);
console.log(`${modulePath}: ${costs[2].toFixed(1)} ns a record (median of 5; runs ${costs.map((c) => c.toFixed(1)).join(' ')})`);
