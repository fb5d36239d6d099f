package dev.switchboard.channel.impl;

import dev.switchboard.channel.ChannelException;
import dev.switchboard.channel.ChannelException.Reason;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The subscriptions of the remote channel client as a transcript: channels kept across
 * reconnects, subscribes that wait for a connection answered by the resubscribe of the next one,
 * and failed together when the client closes.
 */
class SubscriptionsTest {

  private final List<String> transcript = new ArrayList<>();
  private final List<Promise<Void>> sent = new ArrayList<>();

  private Future<Void> send(List<String> channels, List<String> forgetOnRefusal) {
    transcript.add("subscribe " + channels + ", a refusal forgets " + forgetOnRefusal);
    Promise<Void> answer = Promise.promise();
    sent.add(answer);
    return answer.future();
  }

  private void watch(String name, Future<?> future) {
    future.onComplete(ar -> transcript.add(name + ": " + (ar.succeeded() ? "done"
        : ar.cause().getMessage())));
  }

  @Test
  void keepsChannelsOnceAndForgetsThemOnRequest() {
    Subscriptions subscriptions = new Subscriptions();
    assertThat(subscriptions.fresh(List.of("a", "b", "a"))).containsExactly("a", "b");
    subscriptions.addAll(List.of("a", "b"));
    assertThat(subscriptions.fresh(List.of("b", "c", "c"))).containsExactly("c");
    subscriptions.removeAll(List.of("a", "z"));

    assertThat(subscriptions.size()).isEqualTo(1);
    assertThat(subscriptions.contains("a")).isFalse();
    assertThat(subscriptions.contains("b")).isTrue();
  }

  @Test
  void theNextConnectionsResubscribeAnswersTheWaitingSubscribes() {
    Subscriptions subscriptions = new Subscriptions();
    subscriptions.addAll(List.of("a", "b"));
    watch("waiting", subscriptions.awaitConnection());
    Promise<JsonObject> lost = Promise.promise();
    subscriptions.retry(lost);
    watch("lost", lost.future());
    subscriptions.resubscribe(this::send);
    transcript.add("answer");
    sent.get(0).complete();
    subscriptions.resubscribe(this::send); // nobody waits any more
    sent.get(1).complete();

    assertThat(transcript).containsExactly(
        "subscribe [a, b], a refusal forgets [a, b]",
        "answer",
        "waiting: done",
        "lost: done",
        "subscribe [a, b], a refusal forgets [a, b]");
    assertThat(lost.future().result()).isNull();
  }

  @Test
  void withNothingKeptTheWaitingAreAnsweredAtOnce() {
    Subscriptions subscriptions = new Subscriptions();
    watch("waiting", subscriptions.awaitConnection());
    subscriptions.resubscribe(this::send);

    assertThat(transcript).containsExactly("waiting: done");
  }

  @Test
  void aFailedResubscribeOrACloseFailsTheWaiting() {
    Subscriptions subscriptions = new Subscriptions();
    subscriptions.addAll(List.of("a"));
    watch("first", subscriptions.awaitConnection());
    subscriptions.resubscribe(this::send);
    sent.get(0).fail(new ChannelException(Reason.TIMEOUT, "late"));
    watch("second", subscriptions.awaitConnection());
    subscriptions.failWaiting(new ChannelException(Reason.CLOSED, "closed"));
    subscriptions.failWaiting(new ChannelException(Reason.CLOSED, "twice")); // nothing left

    assertThat(transcript).containsExactly(
        "subscribe [a], a refusal forgets [a]",
        "first: late [reason=TIMEOUT]",
        "second: closed [reason=CLOSED]");
  }
}
