package dev.switchboard.channel.internal;

import io.vertx.core.Context;
import io.vertx.core.Vertx;

import java.util.ArrayList;
import java.util.List;

/**
 * Hands one event to several subscribers: at once to those of the current context (or of no
 * context, {@link Subscriber#context()}), and to those of each other context in one task on that
 * context, in their order, rather than one task per subscriber (a cross-thread hand-off each: at
 * 10 subscribers on two event loops, 18 % of the channel server's samples went to them,
 * docs/benchmarks.md). A subscriber's deliveries keep the order of the calls made from one
 * thread: the tasks one thread posts to a context run in the order posted, and a delivery made at
 * once follows the ones before it.
 *
 * <p>Threading: {@link #deliver(Subscriber[], Delivery)} from any thread; each group's task runs
 * on its context.
 */
final class ContextGroups {

  /** The contexts met, in order; {@link #groups} holds each one's subscribers. */
  private final List<Context> contexts = new ArrayList<>(2);
  private final List<List<Subscriber>> groups = new ArrayList<>(2);

  private ContextGroups() {
  }

  /**
   * @param subscribers the channel's local subscribers
   * @param delivery    the event
   */
  static void deliver(Subscriber[] subscribers, Delivery delivery) {
    Context here = Vertx.currentContext();
    ContextGroups elsewhere = null;
    for (Subscriber subscriber : subscribers) {
      Context target = subscriber.context();
      if (target == null || target == here) {
        subscriber.deliver(delivery);
      } else {
        if (elsewhere == null) {
          elsewhere = new ContextGroups();
        }
        elsewhere.add(target, subscriber);
      }
    }
    if (elsewhere != null) {
      elsewhere.post(delivery);
    }
  }

  private void add(Context context, Subscriber subscriber) {
    int i = contexts.indexOf(context); // a few event loops: a scan is the cheapest lookup
    if (i < 0) {
      contexts.add(context);
      groups.add(new ArrayList<>());
      i = contexts.size() - 1;
    }
    groups.get(i).add(subscriber);
  }

  /** Posts one task per context, delivering to that context's subscribers in order. */
  private void post(Delivery delivery) {
    for (int i = 0; i < contexts.size(); i++) {
      List<Subscriber> group = groups.get(i);
      contexts.get(i).runOnContext(v -> {
        for (Subscriber subscriber : group) {
          subscriber.deliver(delivery);
        }
      });
    }
  }
}
