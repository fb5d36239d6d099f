package dev.switchboard.bench.soak;

import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;

import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A WebSocket client that asks its node for a group send ({@code send G KEY PADDING}) every
 * {@code intervalMs}, to a random group of its list, and records each send and its answer in a
 * {@link GroupTally} (when it has one). Its keys are {@code sender:seq}, the sequence numbers
 * increasing over the whole run; sends not answered when the connection closes stay unanswered.
 *
 * <p>Threading: confined to its Vert.x context (see {@link WsPeer}); {@link #sends()} from any
 * thread.
 */
final class GroupSender extends WsPeer {

  private final int number;
  private final List<String> groups;
  private final String padding;
  private final GroupTally tally;
  private final AtomicLong sends = new AtomicLong();
  private long seq;

  /**
   * @param number     this sender's number (in every key)
   * @param groups     the groups it sends to
   * @param payload    bytes of padding per message
   * @param intervalMs time between two sends
   * @param tally      where sends are recorded, or null
   */
  GroupSender(Vertx vertx, WebSocketClient client, int port, int number, List<String> groups,
              int payload, long intervalMs, GroupTally tally) {
    super(vertx, client, port);
    this.number = number;
    this.groups = groups;
    this.padding = "x".repeat(payload);
    this.tally = tally;
    vertx.setPeriodic(intervalMs, id -> {
      if (stopped()) {
        vertx.cancelTimer(id);
      } else {
        sendOne();
      }
    });
  }

  private void sendOne() {
    if (!connected()) {
      return;
    }
    long next = ++seq;
    String group = groups.get(ThreadLocalRandom.current().nextInt(groups.size()));
    if (tally != null) {
      tally.sent(GroupTally.key(number, next), group, System.nanoTime());
    }
    send("send " + group + " " + number + ":" + next + " " + padding);
    sends.incrementAndGet();
  }

  @Override
  protected void onOpen(WebSocket ws) {
  }

  @Override
  protected void onText(String text) {
    // "sent N:SEQ ok" or "sent N:SEQ fail WHY"
    String[] parts = text.split(" ", 4);
    if ("sent".equals(parts[0]) && tally != null) {
      String[] key = parts[1].split(":");
      tally.answered(GroupTally.key(Integer.parseInt(key[0]), Long.parseLong(key[1])),
          "ok".equals(parts[2]), System.nanoTime());
    }
  }

  @Override
  protected void onClosed() {
  }

  /** @return sends asked for */
  long sends() {
    return sends.get();
  }
}
