package dev.switchboard.examples;

import dev.switchboard.channel.ChannelClient;
import dev.switchboard.channel.ChannelMessage;
import io.vertx.core.Handler;

import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * A channel subscriber of {@link PartitionUnderLoadIT}: keeps each event's data with the time it
 * arrived, and the times its client became connected.
 *
 * <p>Threading: events and states arrive on the client's context; the reads are from any thread.
 */
final class Subscriber implements Handler<ChannelMessage> {

  private record Received(String data, long at) {
  }

  private final Queue<Received> messages = new ConcurrentLinkedQueue<>();
  private final Queue<Long> connections = new ConcurrentLinkedQueue<>();

  /** Records the times {@code client} becomes connected from now on. */
  void follow(ChannelClient client) {
    client.stateListener(state -> {
      if (state == ChannelClient.State.CONNECTED) {
        connections.add(System.currentTimeMillis());
      }
    });
  }

  @Override
  public void handle(ChannelMessage message) {
    messages.add(new Received(String.valueOf(message.data()), System.currentTimeMillis()));
  }

  /**
   * @return the first time, in epoch ms, the client became connected after {@code since}; 0 if
   *     it has not
   */
  long connectedSince(long since) {
    return connections.stream().filter(t -> t > since).findFirst().orElse(0L);
  }

  /** @return the data received so far that starts with {@code prefix} */
  List<String> received(String prefix) {
    return messages.stream().map(Received::data).filter(d -> d.startsWith(prefix)).toList();
  }

  /** @return how many events arrived at or after {@code since} (epoch ms) */
  long receivedAfter(long since) {
    return messages.stream().filter(m -> m.at() >= since).count();
  }
}
