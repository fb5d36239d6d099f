'use strict';
// A latency histogram in microseconds with a fixed number of buckets (relative error under 0.1%),
// cheap to record into and to merge across load-generator processes.
//
// Values below 2,048 µs have a bucket each; above, every power of two is split into 1,024
// buckets. Values are clamped to [0, 2^31 - 1] µs.

const SUB_BUCKETS = 1024;
const LINEAR_LIMIT = 2 * SUB_BUCKETS;
const MAX_VALUE = 0x7fffffff;
// the highest exponent is that of 2^31 - 1: 31 significant bits, 10 of them kept
const BUCKETS = SUB_BUCKETS * (31 - 10) + LINEAR_LIMIT;

function indexOf(micros) {
  if (micros < LINEAR_LIMIT) {
    return micros;
  }
  const shift = 31 - Math.clz32(micros) - 10;
  return SUB_BUCKETS * shift + (micros >>> shift);
}

function valueOf(index) {
  if (index < LINEAR_LIMIT) {
    return index;
  }
  const shift = Math.floor(index / SUB_BUCKETS) - 1;
  const mantissa = index - SUB_BUCKETS * shift;
  // the middle of the bucket
  return mantissa * 2 ** shift + (2 ** shift - 1) / 2;
}

class Histogram {
  constructor() {
    this.counts = new Float64Array(BUCKETS);
    this.total = 0;
    this.maxMicros = 0;
  }

  /**
   * @param {number} millis one latency in milliseconds (fractions kept to the microsecond)
   */
  recordMillis(millis) {
    let micros = Math.round(millis * 1000);
    if (micros < 0) {
      micros = 0;
    } else if (micros > MAX_VALUE) {
      micros = MAX_VALUE;
    }
    this.counts[indexOf(micros)]++;
    this.total++;
    if (micros > this.maxMicros) {
      this.maxMicros = micros;
    }
  }

  /**
   * @returns {{buckets: number[][], total: number, maxMicros: number}} the non-empty buckets, for
   *     another process to {@link merge}
   */
  toJSON() {
    const buckets = [];
    for (let i = 0; i < BUCKETS; i++) {
      if (this.counts[i] > 0) {
        buckets.push([i, this.counts[i]]);
      }
    }
    return { buckets, total: this.total, maxMicros: this.maxMicros };
  }

  /**
   * @param {{buckets: number[][], total: number, maxMicros: number}} other what toJSON returned
   */
  merge(other) {
    for (const [index, count] of other.buckets) {
      this.counts[index] += count;
    }
    this.total += other.total;
    this.maxMicros = Math.max(this.maxMicros, other.maxMicros);
  }

  /**
   * @param {number} quantile between 0 (exclusive) and 1 (inclusive)
   * @returns {number|null} the nearest-rank percentile in milliseconds, null when empty
   */
  percentileMillis(quantile) {
    if (this.total === 0) {
      return null;
    }
    const rank = Math.max(1, Math.ceil(quantile * this.total));
    let seen = 0;
    for (let i = 0; i < BUCKETS; i++) {
      seen += this.counts[i];
      if (seen >= rank) {
        return Math.min(valueOf(i), this.maxMicros) / 1000;
      }
    }
    return this.maxMicros / 1000;
  }
}

module.exports = { Histogram };
