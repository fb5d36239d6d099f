package dev.switchboard.gateway.impl.business;

import io.vertx.core.Closeable;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.internal.VertxInternal;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.TimeUnit;

/**
 * The graceful stop of one business node ({@link BusinessNode}) when its Vert.x closes (a JVM
 * stopped by SIGTERM), run in a close hook, before Vert.x undeploys anything or leaves the
 * cluster: from then on the node refuses new events, and the hook completes once the events it
 * took are answered and no event came for {@value #QUIET} ms (the longest a gateway waits between
 * two tries of an event no node took, so that the gateways have moved their clients elsewhere),
 * or after {@code stopDrainTimeout} whatever happens. Then, still before Vert.x removes the node's
 * consumers, it says it has left ({@code left}: the gateways send what they sent it and it did not
 * take elsewhere, {@link BusinessNode}).
 *
 * <p>Threading: everything but {@link #register} and {@link #unregister} runs on the node's
 * context.
 */
final class BusinessDrain {

  private static final Logger LOG = LoggerFactory.getLogger(BusinessDrain.class);

  /** Time without an event after which the node is drained, in ms. */
  static final long QUIET = 500;
  /** Interval of the checks, in ms. */
  static final long CHECK_INTERVAL = 50;

  private final String business;
  private final long max;
  /** Drains the node when Vert.x closes, before it undeploys the verticles. */
  private final Closeable hook;
  /** Events handed to an instance and not finished yet. */
  private int running;
  /** When the last event came, or the node started ({@link System#nanoTime}). */
  private long lastEvent;
  private boolean stopping;
  /** Drained under a test hook that holds the end ({@link DrainWindow}): drop what comes. */
  private boolean silent;
  private final Runnable left;
  private final Context context;

  /**
   * @param business the business
   * @param max      the longest drain in ms; 0: none
   * @param context  the node's context
   * @param left     run on the node's context once drained, before Vert.x goes on to undeploy
   */
  BusinessDrain(String business, long max, Context context, Runnable left) {
    this.business = business;
    this.max = max;
    this.left = left;
    this.context = context;
    this.lastEvent = System.nanoTime();
    this.hook = completion -> {
      Promise<Void> drained = Promise.promise();
      context.runOnContext(v -> drain(context.owner(), drained));
      drained.future().onComplete(completion);
    };
  }

  /** Drains when {@code vertx} closes (nothing with a {@code max} of 0). */
  void register(Vertx vertx) {
    if (max > 0) {
      // Vert.x has no public close hook run before it undeploys the verticles; this is the one
      // its own shared resources use (as NodeScoped does)
      ((VertxInternal) vertx).addCloseHook(hook);
    }
  }

  void unregister(Vertx vertx) {
    ((VertxInternal) vertx).removeCloseHook(hook); // see register
  }

  /**
   * An event came.
   *
   * @return whether it is refused: the node drains
   */
  boolean received() {
    lastEvent = System.nanoTime();
    return stopping;
  }

  /**
   * @return whether the node drops what reaches it: only while a test hook holds the drain's end
   *     ({@link DrainWindow}), as Vert.x drops what reaches a node whose consumers are gone
   */
  boolean silent() {
    return silent;
  }

  /** @return the events handed to an instance and not finished yet */
  int running() {
    return running;
  }

  /** An event went to an instance. */
  void started() {
    running++;
  }

  /** An event's handler finished. */
  void finished() {
    running--;
  }

  private void drain(Vertx vertx, Promise<Void> drained) {
    stopping = true;
    long start = System.nanoTime();
    LOG.info("Business '{}' stops on this node: refusing new events, {} running", business,
        running);
    vertx.setPeriodic(CHECK_INTERVAL, timer -> {
      long now = System.nanoTime();
      long took = TimeUnit.NANOSECONDS.toMillis(now - start);
      if (running == 0 && TimeUnit.NANOSECONDS.toMillis(now - lastEvent) >= QUIET
          || took >= max) {
        vertx.cancelTimer(timer);
        LOG.info("Business '{}' drained in {} ms ({} events still running)", business, took,
            running);
        ended(drained);
      }
    });
  }

  /** Says the node has left, then lets Vert.x go on (held back by a test's hook, if set). */
  private void ended(Promise<Void> drained) {
    Runnable rest = () -> {
      left.run();
      drained.complete();
    };
    DrainWindow.Hook hook = DrainWindow.current();
    if (hook == null) {
      rest.run();
      return;
    }
    silent = true;
    hook.drained(business, () -> context.runOnContext(v -> rest.run()));
  }
}
