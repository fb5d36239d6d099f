package dev.switchboard.gateway.impl.business;

/**
 * A test-only hook at the end of a business node's drain ({@link BusinessDrain}): the moment
 * after which Vert.x removes the node's consumers, and an event that still reaches the node is
 * dropped by Vert.x without an answer (the other nodes learn a moment later that the consumers
 * are gone). Nothing is set in production and the drain ends straight on; a test sets a hook that
 * holds the drain's end back, and meanwhile the node drops what reaches it as Vert.x would once
 * its consumers are gone: the window in which a gateway can lose an event to a node that stops,
 * widened from a few milliseconds to as long as the test wants.
 *
 * <p>Threading: any thread.
 */
final class DrainWindow {

  /** Holds a drain's end. */
  interface Hook {
    /**
     * A node's drain is over.
     *
     * @param business the business
     * @param rest     the rest of the drain's end (saying the node has left, then letting Vert.x
     *                 undeploy); must be run exactly once, from any thread
     */
    void drained(String business, Runnable rest);

    /**
     * The node dropped an event without an answer, as Vert.x would once its consumers are gone.
     *
     * @param business the business
     * @param type     the event's type
     */
    void dropped(String business, String type);
  }

  private static volatile Hook hook;

  private DrainWindow() {
  }

  /**
   * @param newHook the hook, or null for none (production)
   */
  static void set(Hook newHook) {
    hook = newHook;
  }

  /** @return the hook, or null (production) */
  static Hook current() {
    return hook;
  }
}
