package dev.switchboard.bench.soak;

import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;

import java.util.concurrent.atomic.AtomicLong;

/**
 * The deliberately slow consumer: a WebSocket client that joins the firehose group and then reads
 * one message every {@code readMs} (its connection paused, {@code fetch(1)} on a timer), far slower
 * than the firehose sender sends. Once the kernel's socket buffers are full, its gateway's send
 * buffer fills to {@code maxSendBufferSize} and the overflow policy ({@code DROP}, the default)
 * drops what does not fit: seen here as gaps in the sender's sequence numbers. Duplicates and
 * reordering are counted too (there must be none).
 *
 * <p>Threading: confined to its Vert.x context (see {@link WsPeer}); the counters from any
 * thread.
 */
final class SlowConsumer extends WsPeer {

  private final String group;
  private final long readMs;
  private final AtomicLong received = new AtomicLong();
  private final AtomicLong gaps = new AtomicLong();
  private final AtomicLong backwards = new AtomicLong();
  private WebSocket paused;
  private long lastSeq = -1;
  private long readTimer = -1;

  SlowConsumer(Vertx vertx, WebSocketClient client, int port, String group, long readMs) {
    super(vertx, client, port);
    this.group = group;
    this.readMs = readMs;
  }

  @Override
  protected void onOpen(WebSocket ws) {
    paused = ws;
    lastSeq = -1; // what was lost with the old connection is not a drop of the gateway's
    send("join " + group);
  }

  @Override
  protected void onText(String text) {
    String[] parts = text.split(" ", 4);
    if ("joined".equals(parts[0])) {
      paused.pause();
      readTimer = vertx.setPeriodic(readMs, id -> paused.fetch(1));
    } else if ("join-failed".equals(parts[0])) {
      vertx.setTimer(1_000, id -> send("join " + group));
    } else if ("m".equals(parts[0])) {
      received.incrementAndGet();
      long seq = Long.parseLong(parts[2].split(":")[1]);
      if (lastSeq >= 0 && seq > lastSeq + 1) {
        gaps.addAndGet(seq - lastSeq - 1);
      } else if (lastSeq >= 0 && seq <= lastSeq) {
        backwards.incrementAndGet();
      }
      lastSeq = Math.max(lastSeq, seq);
    }
  }

  @Override
  protected void onClosed() {
    vertx.cancelTimer(readTimer);
  }

  /** @return firehose messages read */
  long received() {
    return received.get();
  }

  /** @return firehose messages skipped within one connection (dropped by the gateway) */
  long gaps() {
    return gaps.get();
  }

  /** @return messages that came again or out of order */
  long backwards() {
    return backwards.get();
  }
}
