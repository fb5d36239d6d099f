package dev.switchboard.channel.internal;

import io.vertx.core.Context;
import io.vertx.core.Vertx;

import java.util.ArrayList;
import java.util.List;

/**
 * Hands one event, or the events of a peer's batch, to several subscribers: at once to those of
 * the current context (or of no context, {@link Subscriber#context()}), and to those of each other
 * context in one task on that context, in their order, rather than one task per subscriber (a
 * cross-thread hand-off each: at 10 subscribers on two event loops, 18 % of the channel server's
 * samples went to them, docs/benchmarks.md). A subscriber's deliveries keep the order of the
 * calls made from one thread: the tasks one thread posts to a context run in the order posted,
 * and a delivery made at once follows the ones before it.
 *
 * <p>Threading: {@link #deliver(Subscriber[], Delivery)} from any thread; the groups that
 * {@link #add} gathers belong to the calling thread until {@link #post()}; each group's task runs
 * on its context.
 */
final class ContextGroups {

  /** The contexts met, in order; {@link #subscribers} and {@link #deliveries} hold each one's. */
  private final List<Context> contexts = new ArrayList<>(2);
  private final List<List<Subscriber>> subscribers = new ArrayList<>(2);
  private final List<List<Delivery>> deliveries = new ArrayList<>(2);

  private ContextGroups() {
  }

  /**
   * @param subscribers the channel's local subscribers
   * @param delivery    the event
   */
  static void deliver(Subscriber[] subscribers, Delivery delivery) {
    ContextGroups elsewhere = add(null, subscribers, delivery);
    if (elsewhere != null) {
      elsewhere.post();
    }
  }

  /**
   * Hands one of several events (a peer's batch, {@link PeerBatches}) to subscribers: at once to
   * those of the current context or of none, and into the groups of the others' contexts, which
   * {@link #post()} sends in one task per context for all the events.
   *
   * @param groups      the groups of the events so far, or null when there are none
   * @param subscribers the channel's local subscribers
   * @param delivery    the event
   * @return the groups, made when first needed; null while there are none
   */
  static ContextGroups add(ContextGroups groups, Subscriber[] subscribers, Delivery delivery) {
    Context here = Vertx.currentContext();
    for (Subscriber subscriber : subscribers) {
      Context target = subscriber.context();
      if (target == null || target == here) {
        subscriber.deliver(delivery);
      } else {
        if (groups == null) {
          groups = new ContextGroups();
        }
        groups.add(target, subscriber, delivery);
      }
    }
    return groups;
  }

  private void add(Context context, Subscriber subscriber, Delivery delivery) {
    int i = contexts.indexOf(context); // a few event loops: a scan is the cheapest lookup
    if (i < 0) {
      contexts.add(context);
      subscribers.add(new ArrayList<>());
      deliveries.add(new ArrayList<>());
      i = contexts.size() - 1;
    }
    subscribers.get(i).add(subscriber);
    deliveries.get(i).add(delivery);
  }

  /** Posts one task per context, handing that context's subscribers their events in order. */
  void post() {
    for (int i = 0; i < contexts.size(); i++) {
      List<Subscriber> to = subscribers.get(i);
      List<Delivery> what = deliveries.get(i);
      contexts.get(i).runOnContext(v -> {
        for (int j = 0; j < to.size(); j++) {
          to.get(j).deliver(what.get(j));
        }
      });
    }
  }
}
