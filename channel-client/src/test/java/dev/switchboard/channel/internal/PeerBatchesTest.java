package dev.switchboard.channel.internal;

import dev.switchboard.testkit.Await;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.Message;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The events a context sends to a peer in one turn: one message for a peer that reads batches,
 * each event alone for one that does not or from a thread without an event loop, and in the
 * order sent whichever way each one went.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class PeerBatchesTest {

  private static final String PEER = "peer-events";
  private static final String OTHER = "other-events";

  private final Vertx vertx = Vertx.vertx();
  private final PeerBatches batches = new PeerBatches(vertx.eventBus());
  /** Per message: "batch:" and its events, or the lone event ("loop:" when flagged). */
  private final BlockingQueue<String> messages = new LinkedBlockingQueue<>();

  @AfterEach
  void close() {
    Await.result(vertx.close());
  }

  private void receive(String address) {
    Await.result(vertx.eventBus().<Buffer>consumer(address, this::record).completion());
  }

  private void record(Message<Buffer> msg) {
    if (msg.headers().contains(PeerBatches.HEADER)) {
      List<String> events = new ArrayList<>();
      PeerBatches.forEach(msg.body(),
          (envelope, loop) -> events.add((loop ? "loop:" : "") + envelope));
      messages.add(msg.address() + " batch:" + String.join(",", events));
    } else {
      String loop = msg.headers().contains(PeerEvents.LOOP) ? "loop:" : "";
      messages.add(msg.address() + " " + loop + msg.body());
    }
  }

  /** Runs the sends in one turn of an event-loop context. */
  private void inOneTurn(Runnable sends) {
    Context context = vertx.getOrCreateContext();
    Await.result(Future.<Void>future(done -> context.runOnContext(v -> {
      sends.run();
      done.complete();
    })));
  }

  private List<String> take(int count) throws InterruptedException {
    List<String> got = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      String message = messages.poll(10, TimeUnit.SECONDS);
      assertThat(message).as("message %d of %d", i + 1, count).isNotNull();
      got.add(message);
    }
    assertThat(messages.poll(200, TimeUnit.MILLISECONDS)).as("no more messages").isNull();
    return got;
  }

  private void send(String address, String event, boolean loop, boolean readsBatches) {
    Buffer envelope = Buffer.buffer(event);
    if (batches.batch(address, envelope, loop, readsBatches)) {
      // copied into the batch: the caller may reuse it
      envelope.setBytes(0, "X".repeat(event.length()).getBytes());
    } else {
      batches.sendAlone(address, envelope, loop);
    }
  }

  @Test
  void oneTurnsEventsGoInOneMessagePerPeerInOrderWithTheirFlags() throws Exception {
    receive(PEER);
    receive(OTHER);
    inOneTurn(() -> {
      send(PEER, "e1", false, true);
      send(OTHER, "o1", false, true);
      send(PEER, "e2", true, true);
      send(PEER, "e3", false, true);
    });
    assertThat(take(2)).containsExactly(
        PEER + " batch:e1,loop:e2,e3",
        OTHER + " batch:o1");
  }

  @Test
  void aPeerThatReadsNoBatchesGetsEachEventAloneAfterTheBatchItWouldOvertake() throws Exception {
    receive(PEER);
    inOneTurn(() -> {
      send(PEER, "e1", false, true);
      send(PEER, "e2", false, true);
      send(PEER, "e3", true, false); // as if the peer's answer had just said it reads none
      send(PEER, "e4", false, false);
    });
    assertThat(take(3)).containsExactly(PEER + " batch:e1,e2", PEER + " loop:e3", PEER + " e4");
  }

  @Test
  void aThreadWithoutAnEventLoopSendsEachEventAlone() throws Exception {
    receive(PEER);
    send(PEER, "e1", false, true);
    send(PEER, "e2", true, true);
    assertThat(take(2)).containsExactly(PEER + " e1", PEER + " loop:e2");
  }

  @Test
  void aBatchReachingItsBoundIsSentAtOnceAndTheRestAtTheEndOfTheTurn() throws Exception {
    receive(PEER);
    String big = "b".repeat(PeerBatches.MAX_BYTES / 2);
    inOneTurn(() -> {
      send(PEER, big + "1", false, true);
      send(PEER, big + "2", false, true); // past the bound: sent now
      send(PEER, "e3", false, true);
    });
    assertThat(take(2)).containsExactly(PEER + " batch:" + big + "1," + big + "2",
        PEER + " batch:e3");
  }

  @Test
  void eachTurnSendsItsOwnBatch() throws Exception {
    receive(PEER);
    inOneTurn(() -> send(PEER, "e1", false, true));
    inOneTurn(() -> send(PEER, "e2", false, true));
    assertThat(take(2)).containsExactly(PEER + " batch:e1", PEER + " batch:e2");
  }
}
