package dev.switchboard.gateway.impl;

import dev.switchboard.gateway.BroadcastResult;
import dev.switchboard.gateway.SendResult;
import io.vertx.core.Future;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Queue;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The broadcast queue as a transcript: broadcasts queued, the context's task run, direct sends
 * that drain the queue first; asserted as the exact sequence of batches each target receives.
 * The context is a task queue the test runs, as the event loop would.
 */
class BroadcastQueueTranscriptTest {

  private final List<String> transcript = new ArrayList<>();
  private final Queue<Runnable> contextTasks = new ArrayDeque<>();
  private final List<Target> everyone = new ArrayList<>();
  private final BroadcastQueue<Target> queue = new BroadcastQueue<>(contextTasks::add,
      () -> everyone);

  /** A connection's side: records each batch; a direct send drains the queue first. */
  private class Target implements BroadcastQueue.Target {

    private final String name;
    private SendResult answer = SendResult.WRITTEN;

    Target(String name) {
      this.name = name;
      everyone.add(this);
    }

    @Override
    public void send(List<Outbound> messages, BroadcastTally[] tallies) {
      List<String> texts = new ArrayList<>();
      for (int i = 0; i < messages.size(); i++) {
        texts.add(text(messages.get(i)));
        tallies[i].add(answer);
      }
      transcript.add(name + " <- " + texts);
    }

    void sendDirect(String message) {
      queue.drain(); // the host's ordering hook
      transcript.add(name + " <- direct " + message);
    }
  }

  private static String text(Outbound message) {
    return message.line().toString(StandardCharsets.UTF_8).trim();
  }

  private void runContext() {
    transcript.add("context runs");
    Runnable task;
    while ((task = contextTasks.poll()) != null) {
      task.run();
    }
  }

  @Test
  void broadcastsQueuedTogetherGoOutAsOneBatchPerTargetInQueueOrder() {
    Target a = new Target("a");
    Target b = new Target("b");
    Future<BroadcastResult> first = queue.add(Outbound.text("1"), null);
    Future<BroadcastResult> second = queue.add(Outbound.text("2"), null);
    assertThat(contextTasks).hasSize(1); // one drain scheduled for the lot
    transcript.add("queued");
    b.answer = SendResult.QUEUED;
    runContext();

    assertThat(transcript).containsExactly("queued", "context runs", "a <- [1, 2]", "b <- [1, 2]");
    assertThat(first.result()).isEqualTo(new BroadcastResult(1, 1, 0, 0));
    assertThat(second.result()).isEqualTo(new BroadcastResult(1, 1, 0, 0));
  }

  @Test
  void aDirectSendWaitsBehindTheBroadcastsQueuedBeforeIt() {
    Target a = new Target("a");
    Target b = new Target("b");
    queue.add(Outbound.text("all"), null);
    a.sendDirect("mine"); // before the context's task ran: the broadcast goes first
    runContext();         // the scheduled drain finds nothing left
    b.sendDirect("later");

    assertThat(transcript).containsExactly(
        "a <- [all]", "b <- [all]", "a <- direct mine", "context runs", "b <- direct later");
  }

  @Test
  void broadcastsToDifferentTargetsGiveEachTargetItsOwnMessagesInOrder() {
    Target a = new Target("a");
    Target b = new Target("b");
    Target c = new Target("c");
    Future<BroadcastResult> toA = queue.add(Outbound.text("x"), List.of(a));
    Future<BroadcastResult> toAll = queue.add(Outbound.text("y"), null);
    Future<BroadcastResult> toBc = queue.add(Outbound.text("z"), List.of(c, b));
    runContext();

    assertThat(transcript).containsExactly(
        "context runs", "a <- [x, y]", "b <- [y, z]", "c <- [y, z]");
    assertThat(toA.result().written()).isEqualTo(1);
    assertThat(toAll.result().written()).isEqualTo(3);
    assertThat(toBc.result().written()).isEqualTo(2);
  }

  @Test
  void aSendFromInsideADrainDoesNotDrainAgainAndABroadcastAfterItIsScheduledAnew() {
    List<Target> only = new ArrayList<>();
    Target a = new Target("a") {
      @Override
      public void send(List<Outbound> messages, BroadcastTally[] tallies) {
        super.send(messages, tallies);
        sendDirect("from a callback"); // re-entrant: the drain in progress is not run twice
      }
    };
    only.add(a);
    queue.add(Outbound.text("1"), only);
    runContext();
    queue.add(Outbound.text("2"), List.<Target>of(a));
    assertThat(contextTasks).hasSize(1);
    runContext();

    assertThat(transcript).containsExactly(
        "context runs", "a <- [1]", "a <- direct from a callback",
        "context runs", "a <- [2]", "a <- direct from a callback");
  }

  @Test
  void anEmptyQueueSendsNothing() {
    new Target("a");
    queue.drain();
    Collection<Target> none = List.of();
    Future<BroadcastResult> result = queue.add(Outbound.text("nobody"), none);
    runContext();

    assertThat(transcript).containsExactly("context runs");
    assertThat(result.result()).isEqualTo(BroadcastResult.NONE);
  }
}
