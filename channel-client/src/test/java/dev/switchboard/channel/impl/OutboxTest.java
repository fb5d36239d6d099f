package dev.switchboard.channel.impl;

import dev.switchboard.channel.ChannelException;
import dev.switchboard.channel.ChannelException.Reason;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The outbox of the remote channel client as a transcript: publishes kept while disconnected up
 * to exactly the byte bound, handed over oldest first on reconnect (which frees their bytes), and
 * failed together when the client closes.
 */
class OutboxTest {

  private final List<String> transcript = new ArrayList<>();
  private final List<Promise<Void>> promises = new ArrayList<>();

  private Outbox.Entry entry(long id, int bytes) {
    Promise<Void> promise = Promise.promise();
    promises.add(promise);
    return new Outbox.Entry(id, Buffer.buffer(new byte[bytes]), promise);
  }

  private void offer(Outbox outbox, long id, int bytes) {
    transcript.add("offer " + id + " (" + bytes + " B): "
        + (outbox.offer(entry(id, bytes)) ? "kept" : "refused"));
  }

  private void drain(Outbox outbox) {
    outbox.drain((id, entry) -> transcript.add("send " + id + " (" + entry.frame().length()
        + " B)"));
  }

  @Test
  void keepsUpToExactlyItsBoundAndHandsOverOldestFirst() {
    Outbox outbox = new Outbox(100);
    offer(outbox, 1, 40);
    offer(outbox, 2, 60); // exactly at the bound
    offer(outbox, 3, 1);  // one byte over
    drain(outbox);
    offer(outbox, 4, 100); // the drain freed every byte
    offer(outbox, 5, 1);
    drain(outbox);
    drain(outbox); // empty: nothing

    assertThat(transcript).containsExactly(
        "offer 1 (40 B): kept",
        "offer 2 (60 B): kept",
        "offer 3 (1 B): refused",
        "send 1 (40 B)",
        "send 2 (60 B)",
        "offer 4 (100 B): kept",
        "offer 5 (1 B): refused",
        "send 4 (100 B)");
  }

  @Test
  void aRefusedPublishLeavesRoomForASmallerOne() {
    Outbox outbox = new Outbox(100);
    offer(outbox, 1, 70);
    offer(outbox, 2, 31);
    offer(outbox, 3, 30);
    drain(outbox);

    assertThat(transcript).containsExactly(
        "offer 1 (70 B): kept",
        "offer 2 (31 B): refused",
        "offer 3 (30 B): kept",
        "send 1 (70 B)",
        "send 3 (30 B)");
  }

  @Test
  void failAllFailsEveryKeptPublishAndEmptiesTheOutbox() {
    Outbox outbox = new Outbox(100);
    offer(outbox, 1, 50);
    offer(outbox, 2, 50);
    ChannelException closed = new ChannelException(Reason.CLOSED, "channel client closed");
    outbox.failAll(closed);
    drain(outbox); // nothing left to send
    offer(outbox, 3, 100); // every byte free again

    assertThat(transcript).containsExactly(
        "offer 1 (50 B): kept",
        "offer 2 (50 B): kept",
        "offer 3 (100 B): kept");
    assertThat(promises.get(0).future().cause()).isSameAs(closed);
    assertThat(promises.get(1).future().cause()).isSameAs(closed);
    assertThat(promises.get(2).future().isComplete()).isFalse();
  }
}
