package dev.switchboard.gateway.impl;

import dev.switchboard.channel.internal.ChannelNode;
import dev.switchboard.channel.internal.Frames;
import dev.switchboard.core.internal.RateLimitedLog;
import dev.switchboard.gateway.Gateway;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;

import java.util.List;
import java.util.concurrent.atomic.LongAdder;

/**
 * Runs the calls of remote callers ({@link RemoteGateway}) that reach this node on its channel:
 * each runs cluster-wide through a {@link ClusterGateway} and is answered on the caller's reply
 * channel with {@code {"id", "result"}} or {@code {"id", "error"}}. A call about a client of this
 * node is answered by the node's own {@link NodeRequests}, without a trip over the event bus.
 *
 * <p>Threading: any thread.
 */
final class RemoteCallServer {

  /** The least time a remote call may give each node to answer, ms. */
  private static final long MIN_REMOTE_WITHIN = 100;

  private final Vertx vertx;
  private final ChannelNode channels;
  private final NodeRequests local;
  private final RateLimitedLog clientLog;
  private final LongAdder calls = new LongAdder();

  RemoteCallServer(Vertx vertx, ChannelNode channels, NodeRequests local,
      RateLimitedLog clientLog) {
    this.vertx = vertx;
    this.channels = channels;
    this.local = local;
    this.clientLog = clientLog;
  }

  /**
   * Runs a call and publishes its answer.
   *
   * @param channel the channel it came on
   * @param call    the call, with its {@code replyTo} channel
   */
  void call(String channel, JsonObject call) {
    calls.increment();
    String replyTo = call.getString(RoutingProtocol.REPLY_TO, "");
    if (!replyTo.startsWith(RoutingProtocol.REPLY_PREFIX)) {
      clientLog.info("Gateway node {}: call on {} ignored: replyTo '{}' is not a reply channel",
          channels.id(), channel, replyTo);
      return;
    }
    String op = RoutingOp.wireNameOf(call);
    Future<Object> result;
    try {
      result = RoutingOp.of(op) == RoutingOp.HELLO ? Future.succeededFuture(channels.id())
          : RemoteCalls.invoke(ClusterGateway.on(vertx, channels, within(call), local::answer),
              call);
    } catch (RuntimeException e) { // unknown call, arguments missing or of the wrong type
      result = Future.failedFuture(e);
    }
    result.onComplete(ar -> {
      JsonObject answer = new JsonObject().put(RoutingProtocol.ID,
          call.getValue(RoutingProtocol.ID));
      if (ar.succeeded()) {
        answer.put(RoutingProtocol.RESULT, ar.result());
      } else {
        clientLog.info("Gateway node {}: remote call {} failed: {}", channels.id(), op,
            ar.cause().getMessage());
        answer.put(RoutingProtocol.ERROR, op + ": " + ar.cause().getMessage());
      }
      channels.publish(List.of(replyTo), Frames.encodeData(answer));
    });
  }

  /** @return the calls received */
  long calls() {
    return calls.sum();
  }

  /** @return the time a remote call gives each node to answer, within bounds */
  private static long within(JsonObject call) {
    long asked = call.getLong(RoutingProtocol.WITHIN, Gateway.DEFAULT_TIMEOUT);
    return Math.max(MIN_REMOTE_WITHIN, Math.min(Gateway.DEFAULT_TIMEOUT, asked));
  }
}
