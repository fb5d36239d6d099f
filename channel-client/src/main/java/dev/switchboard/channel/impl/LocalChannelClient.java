package dev.switchboard.channel.impl;

import dev.switchboard.channel.internal.ChannelNode;
import dev.switchboard.channel.internal.Delivery;
import dev.switchboard.channel.internal.Frames;
import dev.switchboard.channel.internal.Subscriber;
import dev.switchboard.channel.QueueItem;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The in-node face of {@link dev.switchboard.channel.ChannelClient}: subscribes and publishes
 * straight on this node's {@link ChannelNode}.
 *
 * <p>Threading: see {@link AbstractChannelClient}; deliveries hop to the client's context.
 */
public final class LocalChannelClient extends AbstractChannelClient {

  private final Set<String> subscribed = new LinkedHashSet<>();
  private final Subscriber subscriber = this::deliver;
  private Future<ChannelNode> node;
  private final LocalQueues queues = new LocalQueues(vertx, context);

  /**
   * @param vertx the node
   */
  public LocalChannelClient(Vertx vertx) {
    // no server between the client and the node: no limits but those of memory
    super(vertx, Integer.MAX_VALUE, Integer.MAX_VALUE);
  }

  @Override
  public Future<Void> connect() {
    return onContext(this::joined).mapEmpty();
  }

  private Future<ChannelNode> joined() {
    if (node == null) {
      state(State.CONNECTING);
      node = Future.fromCompletionStage(ChannelNode.acquire(vertx).toCompletionStage(), context);
      node.onComplete(ar -> {
        if (ar.succeeded() && state() != State.CLOSED) {
          state(State.CONNECTED);
        } else if (ar.failed()) {
          node = null;
          state(State.DISCONNECTED);
        }
      });
    }
    return node;
  }

  @Override
  Future<Void> doSubscribe(List<String> channels) {
    subscribed.addAll(channels);
    return joined().compose(n -> Future.fromCompletionStage(
        n.subscribe(subscriber, channels).toCompletionStage(), context));
  }

  @Override
  Future<Void> doUnsubscribe(List<String> channels) {
    channels.forEach(subscribed::remove);
    return joined().map(n -> {
      n.unsubscribe(subscriber, channels);
      return null;
    });
  }

  @Override
  Future<Void> doPublish(List<String> channels, Object data, boolean loop) {
    String json = Frames.encodeData(data);
    return joined().map(n -> {
      if (loop) {
        n.publishLoop(channels, json);
      } else {
        n.publish(channels, json);
      }
      return null;
    });
  }

  @Override
  Future<Void> doEnqueue(String queue, String dataJson) {
    return queues.enqueue(queue, dataJson);
  }

  @Override
  Future<Void> doWatch(String queue, Handler<QueueItem> handler) {
    return queues.watch(queue, handler);
  }

  @Override
  Future<Void> doUnwatch(String queue) {
    return queues.unwatch(queue);
  }

  @Override
  public Future<JsonObject> status() {
    return onContext(() -> joined().map(ChannelNode::status));
  }

  @Override
  public Future<JsonObject> clusterStatus() {
    return onContext(() -> joined().compose(ChannelNode::clusterStatus));
  }

  private void deliver(Delivery delivery) {
    context.runOnContext(v -> {
      if (subscribed.contains(delivery.channel())) {
        dispatch(delivery.channel(), delivery.data());
      }
    });
  }

  @Override
  public Future<Void> close() {
    return onContextAlways(() -> {
      if (state() == State.CLOSED) {
        return Future.succeededFuture();
      }
      state(State.CLOSED);
      queues.close();
      Future<ChannelNode> joined = node;
      node = null;
      if (joined == null) {
        return Future.succeededFuture();
      }
      return joined.compose(n -> {
        n.unsubscribe(subscriber, List.copyOf(subscribed));
        subscribed.clear();
        return n.release();
      }, e -> Future.succeededFuture());
    });
  }
}
