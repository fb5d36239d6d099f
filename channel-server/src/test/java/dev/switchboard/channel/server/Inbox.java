package dev.switchboard.channel.server;

import dev.switchboard.channel.ChannelMessage;
import io.vertx.core.Handler;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** Collects the events a test client receives; waits for them with a bound. */
final class Inbox implements Handler<ChannelMessage> {

  static final Duration WAIT = Duration.ofSeconds(20);

  private final BlockingQueue<ChannelMessage> messages = new LinkedBlockingQueue<>();

  @Override
  public void handle(ChannelMessage message) {
    messages.add(message);
  }

  /** The next message, waiting at most {@link #WAIT}. */
  ChannelMessage next() throws InterruptedException {
    ChannelMessage message = messages.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
    if (message == null) {
      throw new AssertionError("no message within " + WAIT);
    }
    return message;
  }

  /** The next {@code count} messages' data, waiting at most {@link #WAIT} for each. */
  List<Object> next(int count) throws InterruptedException {
    List<Object> data = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      data.add(next().data());
    }
    return data;
  }

  /** Whether a message arrives within the time given (for "nothing more arrives" checks). */
  boolean receivesWithin(Duration wait) throws InterruptedException {
    return messages.poll(wait.toMillis(), TimeUnit.MILLISECONDS) != null;
  }

  int size() {
    return messages.size();
  }
}
