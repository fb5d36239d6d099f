package dev.switchboard.bench.soak;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * Counts expected deliveries as a tally evaluates them: delivered, or lost in the steady state,
 * or lost while the message's life (start to acknowledgement, ±{@value #SLACK_MS} ms) overlapped a
 * restart's window; with the first {@value #EXAMPLES} steady-state losses described.
 *
 * <p>Not thread-safe: one evaluation at a time.
 */
final class Deliveries {

  static final long SLACK_MS = 1_000;
  private static final int EXAMPLES = 10;

  private final RestartLog restarts;
  private final List<String> examples = new ArrayList<>();
  private long expected;
  private long delivered;
  private long steadyLost;
  private long restartLost;

  Deliveries(RestartLog restarts) {
    this.restarts = restarts;
  }

  /**
   * @param received    whether it arrived
   * @param startNanos  when its send or publish started
   * @param answerNanos when it was acknowledged
   * @param example     a description of it, asked for a steady-state loss
   */
  void expect(boolean received, long startNanos, long answerNanos, Supplier<String> example) {
    expected++;
    long slack = SLACK_MS * 1_000_000;
    if (received) {
      delivered++;
    } else if (restarts.overlaps(startNanos - slack, answerNanos + slack)) {
      restartLost++;
    } else {
      steadyLost++;
      if (examples.size() < EXAMPLES) {
        examples.add(example.get());
      }
    }
  }

  long expected() {
    return expected;
  }

  long delivered() {
    return delivered;
  }

  long steadyLost() {
    return steadyLost;
  }

  long restartLost() {
    return restartLost;
  }

  List<String> examples() {
    return List.copyOf(examples);
  }
}
