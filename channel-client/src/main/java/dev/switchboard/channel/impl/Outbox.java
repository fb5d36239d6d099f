package dev.switchboard.channel.impl;

import dev.switchboard.channel.ChannelException;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;

import java.util.ArrayDeque;
import java.util.function.BiConsumer;

/**
 * Publishes made while disconnected, in order, bounded in bytes of encoded frames.
 *
 * <p>Threading: not thread-safe; used on the client's context.
 */
final class Outbox {

  /** One publish waiting for a connection. */
  record Entry(long id, Buffer frame, Promise<Void> promise) {
  }

  private final ArrayDeque<Entry> entries = new ArrayDeque<>();
  private final long maxBytes;
  private long bytes;

  Outbox(long maxBytes) {
    this.maxBytes = maxBytes;
  }

  /**
   * @return whether the entry was kept; false when it would take the outbox over its size
   */
  boolean offer(Entry entry) {
    if (bytes + entry.frame().length() > maxBytes) {
      return false;
    }
    entries.add(entry);
    bytes += entry.frame().length();
    return true;
  }

  /** Hands every entry, oldest first, to the sender and empties the outbox. */
  void drain(BiConsumer<Long, Entry> sender) {
    while (!entries.isEmpty()) {
      Entry entry = entries.poll();
      bytes -= entry.frame().length();
      sender.accept(entry.id(), entry);
    }
  }

  void failAll(ChannelException cause) {
    entries.forEach(entry -> entry.promise().tryFail(cause));
    entries.clear();
    bytes = 0;
  }
}
