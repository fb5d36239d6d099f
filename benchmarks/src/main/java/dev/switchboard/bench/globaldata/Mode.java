package dev.switchboard.bench.globaldata;

/** How the benchmark JVM reaches the cluster. */
enum Mode {

  /** The benchmark JVM is one of the two members; a second member runs in a child JVM. */
  MEMBER("member"),

  /** Two member JVMs; the benchmark JVM is only a Hazelcast client. */
  CLIENT("client");

  private final String label;

  Mode(String label) {
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
   * @return the mode
   * @throws IllegalArgumentException for an unknown name
   */
  static Mode of(String label) {
    for (Mode mode : values()) {
      if (mode.label.equalsIgnoreCase(label.trim())) {
        return mode;
      }
    }
    throw new IllegalArgumentException("unknown mode '" + label + "' (member, client)");
  }
}
