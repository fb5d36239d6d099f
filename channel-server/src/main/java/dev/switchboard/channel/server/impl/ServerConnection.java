package dev.switchboard.channel.server.impl;

import dev.switchboard.channel.ChannelException;
import dev.switchboard.channel.ChannelException.Reason;
import dev.switchboard.channel.internal.ChannelNode;
import dev.switchboard.channel.internal.Delivery;
import dev.switchboard.channel.internal.Frames;
import dev.switchboard.channel.internal.LastChannel;
import dev.switchboard.channel.internal.PublishFrames;
import dev.switchboard.channel.internal.Subscriber;
import dev.switchboard.channel.server.ChannelServerOptions;
import dev.switchboard.core.internal.Contexts;
import dev.switchboard.core.internal.FrameException;
import dev.switchboard.core.internal.FrameParser;
import dev.switchboard.core.internal.Framing;
import dev.switchboard.core.internal.RateLimitedLog;
import dev.switchboard.core.internal.SendBuffer;
import dev.switchboard.core.internal.Sockets;
import dev.switchboard.core.internal.StrictJson;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.NetSocket;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One client connection of a channel server: reads requests, answers them, and writes the events
 * of its channels through a bounded {@link SendBuffer}. Its first request decides its encoding:
 * a PHP {@code serialize()}d array makes it a PHP connection, handed to a {@link PhpSession}
 * (when its address may speak PHP); anything else, the JSON protocol.
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
  private final InputGate input;
  private final RateLimitedLog clientLog;
  private final ConnectionAuth auth;
  private final ConnectionChannels channels;
  private final ConnectionQueues queues;
  private final QueueRequests queueRequests;
  private final ChannelRequests channelRequests;
  private final EventWriter events;
  private final StatusAnswers statusAnswers;
  private final LastChannel lastChannel = new LastChannel();
  /** Its PHP side, once its first request was PHP; null otherwise. */
  private PhpSession php;
  /** Its first request was JSON. */
  private boolean json;
  /** When the request being handled was read (System.nanoTime), for the publish-to-ack timer. */
  private long frameRead;
  private volatile long lastSeen = System.currentTimeMillis();
  private boolean closed;

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
    this.input = new InputGate(server.vertx(), socket, parser, out,
        options.getPausedInputTimeout(), this::stuck);
    this.clientLog = server.clientLog();
    this.auth = new ConnectionAuth(server);
    this.channels = new ConnectionChannels(stats, options.getMaxChannels());
    this.queues = new ConnectionQueues(context, server::queues, server::queuesUnavailable,
        options.getQueues().getMaxWatches(), item -> {
          send(Frames.queueItem(item));
          return true;
        });
    this.queueRequests = new QueueRequests(id, context, server.requests(), queues, input,
        clientLog, this::ack, this::error);
    this.channelRequests = new ChannelRequests(id, this, context, server, channels, input,
        this::ack, this::error);
    this.statusAnswers = new StatusAnswers(id, server, input, context, this::send);
    this.events = new EventWriter(id, out, server, () -> {
      closed = true;
      Sockets.abort(socket);
    });
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
    out.drainHandler(input::drained);
    socket.closeHandler(v -> onClose());
    socket.exceptionHandler(e -> LOG.debug("Channel connection={} failed", id, e));
    auth.start(() -> {
      if (!closed) {
        stats.authTimeouts.increment();
        refuse(null, Reason.AUTH_TIMEOUT, "no auth within " + auth.timeout() + " ms");
      }
    }, () -> {
      if (!closed) {
        stats.authExpired.increment();
        refuse(null, Reason.AUTH_EXPIRED, "the token has expired; reconnect with a fresh one");
      }
    });
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
    stats.bytesIn.add(payload.length() + Framing.HEADER);
    if (closed) {
      return;
    }
    if (php == null && !json && payload.length() > 0) {
      if (PhpSession.isPhp(payload)) {
        // null when its address may not speak PHP: closed then
        php = PhpSession.admit(id, socket.remoteAddress(), this, server, channels, input, events,
            this::abort);
        auth.close(); // it cannot authenticate: no auth timeout either
      } else {
        json = true;
      }
    }
    if (php != null) {
      php.onFrame(payload);
    } else if (payload.length() == 0) {
      // before its first request a connection that may speak PHP gets no pong: a PHP client
      // takes every frame for an event, and fails on one it cannot read
      if (json || !server.phpClients().allows(remoteHost)) {
        send(Frames.pong());
      }
    } else if (!closed) {
      frameRead = System.nanoTime();
      request(payload);
    }
    if (!closed) {
      // answers are bounded by the send buffer too: a client that sends requests (or pings)
      // and never reads stops being read until it has read its answers
      input.update();
    }
  }

  /** The client sent requests and has not read their answers for the paused-input timeout. */
  private void stuck() {
    if (!closed) {
      closed = true;
      stats.inputPauseCloses.increment();
      clientLog.warn("Channel connection={} from {} closed: its input stayed paused for {} ms "
          + "with {} bytes of answers unread", id, socket.remoteAddress(),
          options.getPausedInputTimeout(), out.pendingBytes());
      Sockets.abort(socket);
    }
  }

  private void request(Buffer payload) {
    Long requestId = null;
    try {
      // a publish as our clients write it is read without a parser for its envelope
      PublishFrames.Publish publish = auth.authenticated()
          ? PublishFrames.readPublish(payload, lastChannel) : null;
      if (publish != null) {
        requestId = publish.id();
        channelRequests.publish(requestId, publish.loop(), ChannelAccess.publishable(
            auth.gateway(), auth.grant(), server.requests().channels(publish.channels())),
            publish.data(), frameRead);
        return;
      }
      // the data of a publish stays the bytes it arrived as (checked, not decoded)
      StrictJson.Split split = Frames.decodeRequest(payload);
      JsonObject request = split.members();
      requestId = Requests.id(request);
      handle(requestId, Requests.type(request), request, split.raw());
    } catch (ChannelException e) {
      stats.protocolErrors.increment();
      if (!auth.authenticated()) {
        // before authentication the first protocol error ends the connection
        refuse(requestId, e.reason(), e.detail());
        return;
      }
      clientLog.warn("Channel connection={} sent a bad request: {}", id, e.getMessage());
      error(requestId, e.reason(), e.detail());
    } catch (RuntimeException e) {
      LOG.error("Channel connection={}: request failed unexpectedly", id, e);
      error(requestId, Reason.INTERNAL, "the server failed to handle the request");
    }
  }

  /**
   * @param data the request's {@code data} as it arrived (checked JSON), null when it has none
   */
  private void handle(Long requestId, String type, JsonObject request, Buffer data) {
    if (!auth.authenticated() && !type.equals("auth")) {
      refuse(requestId, Reason.AUTH_REQUIRED, "authenticate first");
      return;
    }
    switch (type) {
      case "auth" -> auth(requestId, Requests.token(request));
      case "subscribe" -> channelRequests.subscribe(requestId, ChannelAccess.subscribable(
          auth.gateway(), auth.grant(), server.requests().channels(request)));
      case "unsubscribe" -> channelRequests.unsubscribe(requestId,
          server.requests().channels(request));
      case "publish", "publishLoop" -> channelRequests.publish(requestId,
          type.equals("publishLoop"), ChannelAccess.publishable(auth.gateway(), auth.grant(),
              server.requests().channels(request)), Requests.data(data), frameRead);
      case "status" -> statusAnswers.answer(requestId, Requests.cluster(request));
      case "enqueue", "watch", "unwatch", "reserve", "ack", "nack" ->
          queueRequests.handle(requestId, type, Requests.withData(request, data), auth.gateway(),
              auth.grant());
      default -> throw new ChannelException(Reason.UNKNOWN_TYPE, "unknown type '" + type + "'");
    }
  }

  private void auth(Long requestId, String token) {
    String address = socket.remoteAddress() == null ? "?" : socket.remoteAddress().host();
    // the next requests wait for the decision (a JWT check may complete later)
    input.hold();
    auth.check(token, address).onComplete(ar -> Contexts.call(context, () -> {
      input.release();
      if (closed) {
        return null;
      }
      if (ar.failed()) {
        LOG.error("Channel connection={}: auth failed unexpectedly", id, ar.cause());
        refuse(requestId, Reason.INTERNAL, "the server failed to check the token");
      } else if (ar.result() == null) {
        ack(requestId);
      } else {
        refuse(requestId, Reason.AUTH_FAILED, ar.result());
      }
      return null;
    }));
  }

  /** Closes the connection without a frame. */
  private void abort() {

    closed = true;
    input.close();
    socket.close();
  }

  @Override
  public Context context() {
    return context;
  }

  @Override
  public void deliver(Delivery delivery) {
    if (Vertx.currentContext() == context) {
      writeEvent(delivery);
    } else {
      context.runOnContext(v -> writeEvent(delivery));
    }
  }

  private void writeEvent(Delivery delivery) {
    if (!closed) {
      events.write(php == null ? delivery.frame() : PhpSession.eventFrame(delivery));
    }
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
    clientLog.warn("Channel connection={} from {} refused: {} ({})", id, socket.remoteAddress(),
        reason, message);
    closed = true;
    input.close();
    out.flush();
    socket.end(Frames.error(requestId, reason, message));
  }

  private void send(Buffer frame) {
    if (!closed) {
      stats.bytesOut.add(frame.length());
      out.write(frame);
    }
  }

  private void onBadFrame(FrameException frameError) {
    stats.protocolErrors.increment();
    ChannelException e = Frames.protocolError(frameError);
    if (php != null) {
      // a PHP client cannot read an error frame
      clientLog.warn("Channel connection={} from {} closed: {}", id, remoteHost, e.getMessage());
      abort();
      return;
    }
    refuse(null, e.reason(), e.detail());
  }

  private void onClose() {
    closed = true;
    input.close();
    auth.close();
    stats.connections.decrement();
    node.unsubscribe(this, channels.forgetAll());
    queues.close();
    if (parser.pendingBytes() > 0) {
      stats.protocolErrors.increment();
      clientLog.warn("Channel connection={} closed in the middle of a frame ({} bytes unread)",
          id, parser.pendingBytes());
    }
    if (php != null) {
      php.closed();
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
        .put("authenticated", auth.authenticated())
        .put("gateway", auth.gateway())
        .put("jwt", auth.grant() != null)
        .put("channels", channels.count())
        .put("queues", queues.count())
        .put("pendingBytes", out.pendingBytes())
        .put("php", php != null)
        .put("eventsOut", events.eventsOut())
        .put("drops", events.drops());
  }
}
