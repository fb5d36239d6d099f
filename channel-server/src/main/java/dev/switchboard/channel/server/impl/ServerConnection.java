package dev.switchboard.channel.server.impl;

import dev.switchboard.channel.ChannelException;
import dev.switchboard.channel.ChannelException.Reason;
import dev.switchboard.channel.OverflowPolicy;
import dev.switchboard.channel.impl.ChannelNode;
import dev.switchboard.channel.impl.Delivery;
import dev.switchboard.channel.impl.FrameParser;
import dev.switchboard.channel.impl.Frames;
import dev.switchboard.channel.impl.SendBuffer;
import dev.switchboard.channel.impl.Sockets;
import dev.switchboard.channel.impl.Subscriber;
import dev.switchboard.channel.server.ChannelServerOptions;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.NetSocket;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * One client connection of a channel server: reads requests, answers them, and writes the events
 * of its channels through a bounded {@link SendBuffer}.
 *
 * <p>Threading: everything runs on the connection's context; {@link #deliver(Delivery)} may be
 * called from any thread and hops there.
 */
final class ServerConnection implements Subscriber {

  private static final Logger LOG = LoggerFactory.getLogger(ServerConnection.class);

  private final long id;
  private final NetSocket socket;
  private final String remoteHost;
  private final Context context;
  private final ChannelServerImpl server;
  private final ChannelServerOptions options;
  private final ServerStats stats;
  private final ChannelNode node;
  private final SendBuffer out;
  private final FrameParser parser;
  private final Set<String> channels = new HashSet<>();
  private volatile boolean authenticated;
  private volatile int channelCount;
  private volatile long eventsOut;
  private volatile long drops;
  private volatile long lastSeen = System.currentTimeMillis();
  private boolean closed;
  private boolean dropping;
  private boolean readPaused;
  private long authTimer = -1;

  ServerConnection(long id, NetSocket socket, ChannelServerImpl server) {
    this.id = id;
    this.socket = socket;
    this.remoteHost = socket.remoteAddress().hostAddress();
    this.context = Vertx.currentContext();
    this.server = server;
    this.options = server.options();
    this.stats = server.counters();
    this.node = server.node();
    this.out = new SendBuffer(socket, context, options.getMaxSendBufferSize());
    this.parser = new FrameParser(options.getMaxPackageSize(), this::onFrame, this::onBadFrame);
    this.authenticated = options.getToken() == null;
  }

  /** @return the remote host address, as admitted */
  String remoteHost() {
    return remoteHost;
  }

  void start() {
    stats.connections.increment();
    stats.connectionsTotal.increment();
    LOG.debug("Channel connection={} from {} opened", id, socket.remoteAddress());
    socket.handler(chunk -> {
      lastSeen = System.currentTimeMillis();
      parser.handle(chunk);
    });
    out.drainHandler(this::resumeReading);
    socket.closeHandler(v -> onClose());
    socket.exceptionHandler(e -> LOG.debug("Channel connection={} failed", id, e));
    if (!authenticated) {
      authTimer = server.vertx().setTimer(options.getAuthTimeout(), t -> {
        if (!authenticated && !closed) {
          stats.authTimeouts.increment();
          refuse(null, Reason.AUTH_TIMEOUT, "no auth within " + options.getAuthTimeout() + " ms");
        }
      });
    }
  }

  /**
   * Closes the connection if it stayed silent past the heartbeat timeout; may be called from any
   * thread.
   *
   * @param now     the current time in milliseconds
   * @param timeout the heartbeat timeout in milliseconds
   */
  void closeIfSilent(long now, long timeout) {
    if (now - lastSeen > timeout) {
      context.runOnContext(v -> {
        if (System.currentTimeMillis() - lastSeen > timeout) {
          idle();
        }
      });
    }
  }

  private void idle() {
    if (!closed) {
      closed = true;
      stats.heartbeatCloses.increment();
      LOG.info("Channel connection={} silent past heartbeatTimeout; closed", id);
      socket.close();
    }
  }

  private void onFrame(Buffer payload) {
    stats.bytesIn.add(payload.length() + Frames.HEADER);
    if (closed) {
      return;
    }
    if (payload.length() == 0) {
      send(Frames.pong());
    } else {
      request(payload);
    }
    if (out.full() && !readPaused && !closed) {
      // answers are bounded by the send buffer too: a client that sends requests (or pings)
      // and never reads stops being read until it has read its answers
      readPaused = true;
      parser.pause();
      socket.pause();
      LOG.debug("Channel connection={} send buffer full ({} bytes pending); reading paused", id,
          out.pendingBytes());
    }
  }

  private void request(Buffer payload) {
    Long requestId = null;
    try {
      JsonObject request = Frames.decode(payload);
      requestId = Requests.id(request);
      handle(requestId, Requests.type(request), request);
    } catch (ChannelException e) {
      stats.protocolErrors.increment();
      LOG.warn("Channel connection={} sent a bad request: {}", id, e.getMessage());
      error(requestId, e.reason(), e.detail());
    } catch (RuntimeException e) {
      LOG.error("Channel connection={}: request failed unexpectedly", id, e);
      error(requestId, Reason.INTERNAL, "the server failed to handle the request");
    }
  }

  /** Reads again once the send buffer has drained below half its maximum. */
  private void resumeReading() {
    if (readPaused && !closed) {
      readPaused = false;
      LOG.debug("Channel connection={} send buffer drained; reading resumed", id);
      parser.resume();
      if (!readPaused) {
        socket.resume();
      }
    }
  }

  private void handle(Long requestId, String type, JsonObject request) {
    if (!authenticated && !type.equals("auth")) {
      refuse(requestId, Reason.AUTH_REQUIRED, "authenticate first");
      return;
    }
    switch (type) {
      case "auth" -> auth(requestId, Requests.token(request));
      case "subscribe" -> subscribe(requestId, server.requests().channels(request));
      case "unsubscribe" -> unsubscribe(requestId, server.requests().channels(request));
      case "publish" -> publish(requestId, server.requests().channels(request),
          Requests.data(request));
      case "status" -> send(Frames.frame(new JsonObject().put("type", "status")
          .put("id", requestId).put("status", server.status())));
      default -> throw new ChannelException(Reason.UNKNOWN_TYPE, "unknown type '" + type + "'");
    }
  }

  private void auth(Long requestId, String token) {
    if (options.getToken() == null || authenticated) {
      ack(requestId);
      return;
    }
    if (!server.tokenCheck().matches(token)) {
      stats.authFailures.increment();
      refuse(requestId, Reason.AUTH_FAILED, "wrong token");
      return;
    }
    authenticated = true;
    server.vertx().cancelTimer(authTimer);
    ack(requestId);
  }

  private void subscribe(Long requestId, Set<String> requested) {
    List<String> fresh = requested.stream().filter(c -> !channels.contains(c)).toList();
    if (channels.size() + fresh.size() > options.getMaxChannels()) {
      throw new ChannelException(Reason.TOO_MANY_CHANNELS, "a connection may subscribe to at "
          + "most " + options.getMaxChannels() + " channels");
    }
    channels.addAll(fresh);
    channelCount = channels.size();
    fresh.forEach(stats::channelAdded);
    node.subscribe(this, requested).onComplete(ar -> context.runOnContext(v -> {
      if (ar.succeeded()) {
        ack(requestId);
      } else {
        LOG.error("Channel connection={}: subscribe failed", id, ar.cause());
        error(requestId, Reason.INTERNAL, "subscribe failed");
      }
    }));
  }

  private void unsubscribe(Long requestId, Set<String> requested) {
    List<String> gone = requested.stream().filter(channels::remove).toList();
    channelCount = channels.size();
    gone.forEach(stats::channelRemoved);
    node.unsubscribe(this, gone);
    ack(requestId);
  }

  private void publish(Long requestId, Set<String> targets, Object data) {
    stats.publishesIn.increment();
    node.publish(targets, Frames.encodeData(data));
    ack(requestId);
  }

  @Override
  public void deliver(Delivery delivery) {
    if (Vertx.currentContext() == context) {
      writeEvent(delivery.frame());
    } else {
      context.runOnContext(v -> writeEvent(delivery.frame()));
    }
  }

  private void writeEvent(Buffer frame) {
    if (closed) {
      return;
    }
    if (out.offer(frame) == SendBuffer.Result.DROPPED) {
      drops++;
      stats.sendFail.increment();
      stats.drops.increment();
      if (options.getOverflowPolicy() == OverflowPolicy.CLOSE) {
        stats.slowDisconnects.increment();
        LOG.warn("Channel connection={} is a slow consumer ({} bytes pending); disconnected", id,
            out.pendingBytes());
        closed = true;
        Sockets.abort(socket);
      } else if (!dropping) {
        dropping = true;
        LOG.warn("Channel connection={} send buffer full ({} bytes pending); dropping events", id,
            out.pendingBytes());
      }
      return;
    }
    dropping = false;
    eventsOut++;
    stats.eventsOut.increment();
    stats.bytesOut.add(frame.length());
  }

  private void ack(Long requestId) {
    if (requestId != null) {
      send(Frames.ack(requestId));
    }
  }

  private void error(Long requestId, Reason reason, String message) {
    send(Frames.error(requestId, reason, message));
  }

  /** Sends an error, then closes the connection. */
  private void refuse(Long requestId, Reason reason, String message) {
    LOG.warn("Channel connection={} from {} refused: {} ({})", id, socket.remoteAddress(), reason,
        message);
    closed = true;
    out.flush();
    socket.end(Frames.error(requestId, reason, message));
  }

  private void send(Buffer frame) {
    if (!closed) {
      stats.bytesOut.add(frame.length());
      out.write(frame);
    }
  }

  private void onBadFrame(ChannelException e) {
    stats.protocolErrors.increment();
    refuse(null, e.reason(), e.detail());
  }

  private void onClose() {
    closed = true;
    server.vertx().cancelTimer(authTimer);
    stats.connections.decrement();
    channels.forEach(stats::channelRemoved);
    node.unsubscribe(this, List.copyOf(channels));
    channels.clear();
    if (parser.pendingBytes() > 0) {
      stats.protocolErrors.increment();
      LOG.warn("Channel connection={} closed in the middle of a frame ({} bytes unread)", id,
          parser.pendingBytes());
    }
    server.closed(this);
    LOG.debug("Channel connection={} closed", id);
  }

  /**
   * @return the bytes of events written to this connection and not yet handed to the OS
   */
  long pendingBytes() {
    return out.pendingBytes();
  }

  /**
   * @return this connection's view for {@code ChannelServer.connections()}
   */
  JsonObject toJson() {
    return new JsonObject()
        .put("id", id)
        .put("remoteAddress", String.valueOf(socket.remoteAddress()))
        .put("authenticated", authenticated)
        .put("channels", channelCount)
        .put("pendingBytes", out.pendingBytes())
        .put("eventsOut", eventsOut)
        .put("drops", drops);
  }
}
