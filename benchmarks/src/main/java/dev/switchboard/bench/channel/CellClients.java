package dev.switchboard.bench.channel;

import dev.switchboard.core.internal.Contexts;
import dev.switchboard.testkit.Await;
import io.vertx.core.Future;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * The clients of one benchmark cell, the same for the saturated and the paced cells: awaited
 * once opened, subscribed with a tally each, started together, and closed whatever happens.
 *
 * <p>Call from the main thread; each client is used on its own context.
 */
final class CellClients {

  private static final Logger LOG = LoggerFactory.getLogger(CellClients.class);

  private CellClients() {
  }

  /**
   * Awaits the clients being opened, runs the cell with them, then closes every client (those
   * still opening when a bound gave up on them are closed once they open).
   *
   * @param system  the system, for the messages
   * @param opening the clients being opened: the subscribers first, the publisher last
   * @param bound   the bound of each wait
   * @param cell    the cell, given the open clients in the same order
   * @param <R>     the cell's result
   * @return the cell's result
   * @throws IllegalStateException when a client does not connect within the bound
   */
  static <R> R with(PubSubSystem system, List<Future<PubSubConnection>> opening, Duration bound,
                    Function<List<PubSubConnection>, R> cell) {
    List<PubSubConnection> connections = new ArrayList<>();
    try {
      Await.result(Future.join(opening), bound, "connecting " + opening.size()
          + " clients to " + system.label());
      for (Future<PubSubConnection> f : opening) {
        if (f.succeeded()) {
          connections.add(f.result());
        }
      }
      if (connections.size() != opening.size()) {
        Throwable cause = opening.stream().filter(Future::failed).findFirst()
            .map(Future::cause).orElse(null);
        throw new IllegalStateException("a client did not connect: " + cause, cause);
      }
      return cell.apply(connections);
    } finally {
      List<Future<Void>> closing = new ArrayList<>();
      for (PubSubConnection c : connections) {
        closing.add(Contexts.onContext(c.context(), c::close));
      }
      opening.stream().filter(f -> !f.isComplete())
          .forEach(f -> f.onSuccess(c -> c.context().runOnContext(v -> c.close())));
      try {
        Await.result(Future.join(closing), bound, "closing the clients");
      } catch (RuntimeException e) {
        LOG.warn("Closing the clients of {} failed: {}", system.label(), e.getMessage());
      }
    }
  }

  /**
   * Subscribes the first {@code subscribers} clients to the channel, each with a tally of its
   * own, and awaits every subscription.
   *
   * @return the tallies, in the clients' order
   */
  static List<SubscriberTally> subscribe(PubSubSystem system, List<PubSubConnection> connections,
                                         int subscribers, String channel, Duration bound) {
    List<SubscriberTally> tallies = new ArrayList<>();
    List<Future<Void>> subscribing = new ArrayList<>();
    for (int i = 0; i < subscribers; i++) {
      PubSubConnection c = connections.get(i);
      SubscriberTally tally = new SubscriberTally();
      tallies.add(tally);
      subscribing.add(Contexts.onContext(c.context(),
          () -> c.subscribe(channel, tally::onMessage)));
    }
    Await.result(Future.all(subscribing), bound, "subscribing " + subscribers
        + " clients to " + system.label());
    return tallies;
  }

  /**
   * Starts every tally's counting on its client's context and awaits them all.
   */
  static void begin(List<SubscriberTally> tallies, List<PubSubConnection> connections,
                    long origin, long windowStart, long windowEnd, Duration bound) {
    List<Future<Void>> ready = new ArrayList<>();
    for (int i = 0; i < tallies.size(); i++) {
      SubscriberTally tally = tallies.get(i);
      ready.add(Contexts.onContext(connections.get(i).context(), () -> {
        tally.begin(origin, windowStart, windowEnd);
        return Future.succeededFuture();
      }));
    }
    Await.result(Future.all(ready), bound, "starting the subscribers' tallies");
  }
}
