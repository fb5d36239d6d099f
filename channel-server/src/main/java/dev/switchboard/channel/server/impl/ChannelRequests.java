package dev.switchboard.channel.server.impl;

import dev.switchboard.channel.ChannelException;
import dev.switchboard.channel.ChannelException.Reason;
import dev.switchboard.channel.internal.ChannelNode;
import dev.switchboard.channel.internal.Subscriber;
import dev.switchboard.core.internal.RateLimitedLog;
import io.micrometer.core.instrument.Timer;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * A JSON connection's channel requests, {@code subscribe}, {@code unsubscribe}, {@code publish}
 * and {@code publishLoop}, its access already checked: each applied to the node and answered
 * (the queue requests are {@link QueueRequests}).
 *
 * <p>Used on its connection's context only.
 */
final class ChannelRequests {

  private static final Logger LOG = LoggerFactory.getLogger(ChannelRequests.class);

  private final long connection;
  private final Subscriber subscriber;
  private final Context context;
  private final ChannelNode node;
  private final ConnectionChannels channels;
  private final InputGate input;
  private final ServerStats stats;
  private final Timer publishAck;
  private final RateLimitedLog clientLog;
  private final Consumer<Long> acks;
  private final QueueRequests.Errors errors;
  /** Completed once the last held publish acknowledgement is written (null: none held). */
  private Future<Void> held;

  ChannelRequests(long connection, Subscriber subscriber, Context context,
      ChannelServerImpl server, ConnectionChannels channels, InputGate input,
      Consumer<Long> acks, QueueRequests.Errors errors) {
    this.connection = connection;
    this.subscriber = subscriber;
    this.context = context;
    this.node = server.node();
    this.channels = channels;
    this.input = input;
    this.stats = server.counters();
    this.publishAck = server.meters().publishAck();
    this.clientLog = server.clientLog();
    this.acks = acks;
    this.errors = errors;
  }

  /** Subscribes; the answer waits for the node (the input is held meanwhile). */
  void subscribe(Long requestId, Set<String> requested) {
    List<String> fresh = channels.add(requested);
    input.answering();
    node.subscribe(subscriber, requested).onComplete(ar -> context.runOnContext(v -> {
      if (ar.succeeded()) {
        acks.accept(requestId);
      } else if (ar.cause() instanceof ChannelException refused) {
        // over a bound of the node: nothing was subscribed (what a later request of this
        // connection got subscribed meanwhile is dropped too, so that both agree)
        node.unsubscribe(subscriber, channels.forget(fresh));
        clientLog.warn("Channel connection={} subscribe refused: {}", connection,
            refused.getMessage());
        errors.error(requestId, refused.reason(), refused.detail());
      } else {
        LOG.error("Channel connection={}: subscribe failed", connection, ar.cause());
        errors.error(requestId, Reason.INTERNAL, "subscribe failed");
      }
      input.answered();
    }));
  }

  void unsubscribe(Long requestId, Set<String> requested) {
    node.unsubscribe(subscriber, channels.forget(requested));
    acks.accept(requestId);
  }

  /**
   * Routes a publish and acknowledges it once the peer windows it went through are under their
   * hold mark ({@link ChannelNode#publish}): at once in the common case, later while a peer is
   * behind (the input counts it as an answer being worked out meanwhile). Acknowledgements keep
   * their order: one never overtakes a held one.
   *
   * @param loop      {@code publishLoop}: one subscriber per channel in turn
   * @param data      the data's JSON text as the client sent it (checked): the events carry
   *                  these bytes
   * @param frameRead when the request was read ({@link System#nanoTime()}), for the ack timer
   */
  void publish(Long requestId, boolean loop, Set<String> targets, Buffer data, long frameRead) {
    stats.publishesIn.increment();
    Future<Void> room = loop ? node.publishLoop(targets, data) : node.publish(targets, data);
    if (requestId == null) {
      return;
    }
    if (held != null && !held.isComplete()) {
      room = Future.join(held, room).mapEmpty();
    }
    if (room.isComplete()) {
      held = null;
      acknowledge(requestId, frameRead);
      return;
    }
    Promise<Void> written = Promise.promise();
    held = written.future();
    input.answering();
    room.onComplete(ar -> context.runOnContext(v -> {
      acknowledge(requestId, frameRead);
      input.answered();
      written.complete();
    }));
  }

  private void acknowledge(Long requestId, long frameRead) {
    acks.accept(requestId);
    publishAck.record(System.nanoTime() - frameRead, TimeUnit.NANOSECONDS);
  }
}
