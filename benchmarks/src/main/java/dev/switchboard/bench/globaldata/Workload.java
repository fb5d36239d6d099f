package dev.switchboard.bench.globaldata;

/**
 * What one cell does: an operation on a key set of a given size, each caller picking a random
 * key per operation (the only key when the set has one).
 *
 * @param op       the operation
 * @param keyCount how many keys, 1 for the hot-key cells
 */
record Workload(Op op, int keyCount) {

  /** Prefix of every key the benchmark writes. */
  static final String KEY_PREFIX = "bench:";

  /** The key of the hot-key cells. */
  static final String HOT_KEY = KEY_PREFIX + "hot";

  /**
   * @throws IllegalArgumentException when keyCount is not positive
   */
  Workload {
    if (keyCount < 1) {
      throw new IllegalArgumentException("keyCount must be >= 1");
    }
  }

  /**
   * @return the key names, built once so that the measured loop allocates none
   */
  String[] keys() {
    if (keyCount == 1) {
      return new String[] {HOT_KEY};
    }
    String[] keys = new String[keyCount];
    for (int i = 0; i < keyCount; i++) {
      keys[i] = KEY_PREFIX + "key:" + i;
    }
    return keys;
  }

  /**
   * @return a short description for logs and the report, e.g. "increment, 1 key"
   */
  String describe() {
    return op.label() + ", " + keysLabel();
  }

  /**
   * @return "1 key" or "10000 keys"
   */
  String keysLabel() {
    return keyCount == 1 ? "1 key" : keyCount + " keys";
  }
}
