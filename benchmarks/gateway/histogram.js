'use strict';
// The load generator's latency histogram: an HdrHistogram (hdr-histogram-js) of microseconds
// with 3 significant digits (relative error under 0.1%), auto-resizing; one per receiving
// process, sent to the sender's process in HdrHistogram's compressed encoding and merged there.
//
// The library's WebAssembly histogram, not its JavaScript one: a receiver records two latencies
// per delivery, and the JavaScript one takes ~125 ns a record here against ~22 ns (log2 and pow
// on every record), which on a 2-core machine is CPU taken from the server under test.

const hdr = require('hdr-histogram-js');

hdr.initWebAssemblySync();

const SETTINGS = {
  numberOfSignificantValueDigits: 3, autoResize: true, bitBucketSize: 32, useWebAssembly: true,
};

class Histogram {
  constructor() {
    this.hdr = hdr.build(SETTINGS);
  }

  /**
   * @param {number} millis one latency in milliseconds (fractions kept to the microsecond;
   *     a negative one counts as 0)
   */
  recordMillis(millis) {
    this.hdr.recordValue(Math.max(0, Math.round(millis * 1000)));
  }

  /** @returns {number} how many latencies were recorded */
  get total() {
    return this.hdr.totalCount;
  }

  /** @returns {number} the largest latency in microseconds, 0 when empty */
  get maxMicros() {
    return this.hdr.totalCount === 0 ? 0 : this.hdr.maxValue;
  }

  /**
   * @returns {{encoded: string}} the histogram, for another process to {@link merge}
   */
  toJSON() {
    return { encoded: hdr.encodeIntoCompressedBase64(this.hdr) };
  }

  /**
   * @param {{encoded: string}} other what toJSON returned
   */
  merge(other) {
    const decoded = hdr.decodeFromCompressedBase64(other.encoded, SETTINGS.bitBucketSize, true);
    try {
      this.hdr.add(decoded);
    } finally {
      decoded.destroy(); // WebAssembly memory is not garbage-collected
    }
  }

  /**
   * @param {number} quantile between 0 (exclusive) and 1 (inclusive)
   * @returns {number|null} the percentile in milliseconds (the value at that rank), null when
   *     empty
   */
  percentileMillis(quantile) {
    if (this.hdr.totalCount === 0) {
      return null;
    }
    return this.hdr.getValueAtPercentile(quantile * 100) / 1000;
  }
}

module.exports = { Histogram };
