package dev.switchboard.channel.internal;

import dev.switchboard.testkit.Await;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One event handed to subscribers on several event loops: each gets every event once, on its own
 * context, in the order the source handed them over; a subscriber of the source's context (or of
 * none) gets it before the call returns.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ContextGroupsTest {

  private static final int EVENTS = 2_000;

  private final Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(3));

  @AfterEach
  void close() {
    Await.result(vertx.close());
  }

  /** A subscriber on a context, recording what it got and whether it got it there. */
  private static final class Recording implements Subscriber {

    final Context context;
    final List<String> got = new CopyOnWriteArrayList<>();
    final List<String> elsewhere = new CopyOnWriteArrayList<>();

    Recording(Context context) {
      this.context = context;
    }

    @Override
    public Context context() {
      return context;
    }

    @Override
    public void deliver(Delivery delivery) {
      if (context != null && Vertx.currentContext() != context) {
        elsewhere.add(delivery.channel());
      }
      got.add(delivery.channel());
    }
  }

  @Test
  void eachSubscriberGetsEveryEventOnceOnItsContextInOrder() {
    Context source = vertx.getOrCreateContext();
    Context a = vertx.getOrCreateContext();
    Context b = vertx.getOrCreateContext();
    // interleaved contexts, two subscribers sharing each, one of the source's, one of none
    List<Recording> subscribers = List.of(new Recording(a), new Recording(b),
        new Recording(source), new Recording(a), new Recording(null), new Recording(b));
    Subscriber[] array = subscribers.toArray(new Subscriber[0]);
    List<String> missedAtOnce = new CopyOnWriteArrayList<>();
    Await.result(Future.<Void>future(done -> source.runOnContext(v -> {
      for (int i = 0; i < EVENTS; i++) {
        String event = "e" + i;
        ContextGroups.deliver(array, new Delivery(event, Buffer.buffer(event)));
        for (Recording here : List.of(subscribers.get(2), subscribers.get(4))) {
          if (!here.got.get(i).equals(event)) {
            missedAtOnce.add(event);
          }
        }
      }
      done.complete();
    })));
    List<String> expected = IntStream.range(0, EVENTS).mapToObj(i -> "e" + i).toList();
    assertThat(missedAtOnce).as("subscribers of the source's context or of none, at once")
        .isEmpty();
    assertEachGotOnItsContext(subscribers, expected);
  }

  @Test
  void theEventsOfABatchReachEachSubscriberOnceOnItsContextInOrder() {
    Context source = vertx.getOrCreateContext();
    Context a = vertx.getOrCreateContext();
    Context b = vertx.getOrCreateContext();
    // two channels: the first's subscribers on a, b and the source, the second's on b and none
    List<Recording> first = List.of(new Recording(a), new Recording(b), new Recording(source));
    List<Recording> second = List.of(new Recording(b), new Recording(null));
    Subscriber[] firstArray = first.toArray(new Subscriber[0]);
    Subscriber[] secondArray = second.toArray(new Subscriber[0]);
    int batch = 20;
    Await.result(Future.<Void>future(done -> source.runOnContext(v -> {
      for (int from = 0; from < EVENTS; from += batch) {
        ContextGroups groups = null;
        for (int i = from; i < from + batch; i++) {
          groups = ContextGroups.add(groups, i % 2 == 0 ? firstArray : secondArray,
              new Delivery("e" + i, Buffer.buffer()));
        }
        groups.post();
      }
      done.complete();
    })));
    assertEachGotOnItsContext(first,
        IntStream.range(0, EVENTS).filter(i -> i % 2 == 0).mapToObj(i -> "e" + i).toList());
    assertEachGotOnItsContext(second,
        IntStream.range(0, EVENTS).filter(i -> i % 2 == 1).mapToObj(i -> "e" + i).toList());
  }

  private void assertEachGotOnItsContext(List<Recording> subscribers, List<String> expected) {
    Await.condition(vertx, 5, () -> Future.succeededFuture(
        subscribers.stream().allMatch(s -> s.got.size() >= expected.size())));
    List<String> problems = new ArrayList<>();
    for (int i = 0; i < subscribers.size(); i++) {
      Recording subscriber = subscribers.get(i);
      if (!subscriber.got.equals(expected)) {
        problems.add("subscriber " + i + " got " + subscriber.got.size() + " events, not in order");
      }
      if (!subscriber.elsewhere.isEmpty()) {
        problems.add("subscriber " + i + " got " + subscriber.elsewhere.size()
            + " events off its context");
      }
    }
    assertThat(problems).isEmpty();
  }
}
