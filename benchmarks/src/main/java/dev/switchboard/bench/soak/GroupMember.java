package dev.switchboard.bench.soak;

import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;

import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A WebSocket client that keeps joining a random group, staying in it for
 * {@value #MIN_STAY_MS}–{@value #MAX_STAY_MS} ms, leaving it, pausing, and joining another; what it
 * receives from its {@code joined} answer to its {@code left} answer is recorded in its
 * {@link GroupTally.Interval} (which expects the sends answered before it sent {@code leave}). After a reconnection it
 * starts again from no group (its membership went with its old connection).
 *
 * <p>Threading: confined to its Vert.x context (see {@link WsPeer}).
 */
final class GroupMember extends WsPeer {

  private static final long MIN_STAY_MS = 3_000;
  private static final long MAX_STAY_MS = 12_000;
  private static final long MAX_PAUSE_MS = 2_000;

  private final GroupTally tally;
  private final List<String> groups;
  private GroupTally.Interval current;
  private long generation;

  GroupMember(Vertx vertx, WebSocketClient client, int port, GroupTally tally,
              List<String> groups) {
    super(vertx, client, port);
    this.tally = tally;
    this.groups = groups;
  }

  @Override
  protected void onOpen(WebSocket ws) {
    generation++;
    joinLater(generation);
  }

  private void joinLater(long forGeneration) {
    vertx.setTimer(1 + ThreadLocalRandom.current().nextLong(MAX_PAUSE_MS), id -> {
      if (forGeneration == generation) {
        send("join " + groups.get(ThreadLocalRandom.current().nextInt(groups.size())));
      }
    });
  }

  @Override
  protected void onText(String text) {
    long now = System.nanoTime();
    String[] parts = text.split(" ", 4);
    switch (parts[0]) {
      case "m" -> {
        if (current != null && current.group().equals(parts[1])) {
          String[] key = parts[2].split(":");
          current.receive(GroupTally.key(Integer.parseInt(key[0]), Long.parseLong(key[1])));
        }
      }
      case "joined" -> {
        current = tally.joined(parts[1], now);
        long forGeneration = generation;
        vertx.setTimer(MIN_STAY_MS + ThreadLocalRandom.current().nextLong(MAX_STAY_MS
            - MIN_STAY_MS), id -> leave(forGeneration));
      }
      case "join-failed" -> joinLater(generation);
      case "left" -> {
        current = null;
        joinLater(generation);
      }
      default -> { }
    }
  }

  private void leave(long forGeneration) {
    if (forGeneration != generation || current == null) {
      return;
    }
    // the interval ends now for what is expected; what its node wrote before its "left" answer
    // still arrives, and is recorded until that answer
    current.end(System.nanoTime(), false);
    send("leave " + current.group());
  }

  @Override
  protected void onClosed() {
    generation++;
    if (current != null) {
      current.end(System.nanoTime(), !stopped());
      current = null;
    }
  }
}
