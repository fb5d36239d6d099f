package dev.switchboard.bench.globaldata;

/** The GlobalData operation a cell measures. */
enum Op {

  /** {@code increment(key, 1)}: an entry processor on the key's owner. */
  INCREMENT("increment"),

  /**
   * {@code cas(key, known, known + 1)} with the last known value; a false result is a conflict,
   * after which the caller re-reads the key with {@code get}.
   */
  CAS("cas"),

  /**
   * The cas loop of {@link #CAS} with {@code compareAndExchange(key, known, known + 1)}: a
   * failure returns the value found, which the caller tries next; no {@code get}.
   */
  CAS_EXCHANGE("cas-exchange"),

  /**
   * {@code update(key, "bench.add", 1)}: a server-side read-modify-write by an update function
   * registered on the members ({@link BenchFunctions}); never conflicts, no retry loop.
   */
  UPDATE("update");

  private final String label;

  Op(String label) {
    this.label = label;
  }

  /**
   * @return the name used on the command line and in the report
   */
  String label() {
    return label;
  }

  /**
   * @param label a name as printed by {@link #label()}
   * @return the operation
   * @throws IllegalArgumentException for an unknown name
   */
  static Op of(String label) {
    for (Op op : values()) {
      if (op.label.equalsIgnoreCase(label.trim())) {
        return op;
      }
    }
    throw new IllegalArgumentException("unknown op '" + label + "' (increment, cas, cas-exchange, update)");
  }
}
