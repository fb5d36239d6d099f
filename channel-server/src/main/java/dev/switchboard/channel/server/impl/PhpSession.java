package dev.switchboard.channel.server.impl;

import dev.switchboard.channel.ChannelException;
import dev.switchboard.channel.ChannelException.Reason;
import dev.switchboard.channel.internal.ChannelNode;
import dev.switchboard.channel.internal.Delivery;
import dev.switchboard.channel.internal.Frames;
import dev.switchboard.channel.internal.Subscriber;
import dev.switchboard.core.internal.Framing;
import dev.switchboard.core.internal.LogSafe;
import dev.switchboard.core.internal.PhpSerialize;
import dev.switchboard.core.internal.PhpSerializeException;
import dev.switchboard.core.internal.RateLimitedLog;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.SocketAddress;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.Set;

/**
 * The PHP side of one channel server connection: Workerman Channel's protocol (frames whose
 * payload is PHP {@code serialize()} of an array with a {@code type}), for unmodified
 * {@code Channel\Client} code. As Workerman's server: {@code subscribe}, {@code unsubscribe},
 * {@code publish} and {@code publishLoop} are never answered (no acks, no errors: the PHP client
 * could not read them), pings (empty frames) are not answered, events go out as
 * {@code serialize(['type' => 'event', 'channel' => …, 'data' => …])}. Queue frames go to the
 * server's {@link PhpQueueFrames}.
 *
 * <p>Bad input (docs/protocol.md, "The PHP encoding"): a payload that is not a serialized value
 * PHP's {@code unserialize()} would read safely (malformed, an object, a reference, over the
 * depth or element limits) closes the connection; a well-formed frame that is not a request the
 * server can honour (no or an unknown {@code type}, fields of the wrong type, a refused channel,
 * too many channels, data with a byte string that is not UTF-8) is ignored. Both are counted in
 * {@code protocolErrors} and logged (rate-limited); nothing else is disturbed.
 *
 * <p>Threading: on the connection's context, except {@link #eventFrame(Delivery)} (any thread).
 */
final class PhpSession {

  private static final Logger LOG = LoggerFactory.getLogger(PhpSession.class);
  /** The frame of an event with no PHP form: written to nobody. */
  private static final Buffer NO_FORM = Buffer.buffer();

  private final long id;
  private final String remoteHost;
  private final Subscriber subscriber;
  private final ChannelServerImpl server;
  private final ChannelNode node;
  private final ServerStats stats;
  private final RateLimitedLog clientLog;
  private final ConnectionChannels channels;
  private final InputGate input;
  private final EventWriter events;
  private final Runnable close;
  private final Context context = Vertx.currentContext();
  private boolean warned;

  /**
   * @param id         the connection's id
   * @param remoteHost its remote address
   * @param subscriber the connection, as it subscribes
   * @param server     its server
   * @param channels   its channels
   * @param input      its input gate (a subscribe counts as an answer being worked out)
   * @param events     where its events are written
   * @param close      closes it without a frame
   */
  PhpSession(long id, String remoteHost, Subscriber subscriber, ChannelServerImpl server,
      ConnectionChannels channels, InputGate input, EventWriter events, Runnable close) {
    this.id = id;
    this.remoteHost = remoteHost;
    this.subscriber = subscriber;
    this.server = server;
    this.node = server.node();
    this.stats = server.counters();
    this.clientLog = server.clientLog();
    this.channels = channels;
    this.input = input;
    this.events = events;
    this.close = close;
  }

  /**
   * @param payload a frame's payload
   * @return whether it is a PHP {@code serialize()}d array, which makes its connection a PHP one
   */
  static boolean isPhp(Buffer payload) {
    return payload.length() >= 2 && payload.getByte(0) == 'a' && payload.getByte(1) == ':';
  }

  /**
   * Makes a connection whose first request is PHP a PHP connection, when its address may speak
   * PHP ({@code phpClientsFrom}); otherwise closes it, logs why (rate-limited) and counts it in
   * {@code phpRefused}.
   *
   * @param remote the connection's remote address; the other parameters are the constructor's
   * @return its PHP side, or null when it was refused
   */
  static PhpSession admit(long id, SocketAddress remote, Subscriber subscriber,
      ChannelServerImpl server, ConnectionChannels channels, InputGate input, EventWriter events,
      Runnable close) {
    if (!server.phpClients().allows(remote)) {
      server.counters().phpRefused.increment();
      server.clientLog().warn("Channel connection={} from {} closed: the PHP protocol is not "
          + "allowed from this address (phpClientsFrom)", id, remote);
      close.run();
      return null;
    }
    server.counters().phpConnections.increment();
    LOG.debug("Channel connection={} from {} speaks PHP", id, remote);
    return new PhpSession(id, remote.hostAddress(), subscriber, server, channels, input, events,
        close);
  }

  /** @return the connection's id */
  long id() {
    return id;
  }

  /** @return the connection's remote address */
  String remoteHost() {
    return remoteHost;
  }

  /** Handles one frame of the connection. */
  void onFrame(Buffer payload) {
    int length = payload.length();
    if (length > 0 && payload.getByte(length - 1) == '\n') {
      length--; // servers before Channel v1.2.2 sent one; be as tolerant of clients
    }
    if (length == 0) {
      return; // a ping: Workerman's server does not answer it
    }
    Object value;
    try {
      value = PhpSerialize.decode(payload.slice(0, length));
    } catch (PhpSerializeException e) {
      stats.protocolErrors.increment();
      clientLog.warn("Channel connection={} from {} sent a payload PHP's unserialize() must not "
          + "read ({}); closed", id, remoteHost, e.getMessage());
      close.run();
      return;
    }
    try {
      // raw values throughout: JsonObject.getValue would turn a byte string (a Buffer) into
      // its base64 text
      if (!(value instanceof JsonObject request)
          || !(request.getMap().get("type") instanceof String type)) {
        throw new ChannelException(Reason.BAD_REQUEST, "not an array with a string 'type'");
      }
      handle(type, request);
    } catch (ChannelException e) {
      stats.protocolErrors.increment();
      clientLog.warn("Channel connection={} from {} sent a request the server ignores: {}", id,
          remoteHost, e.getMessage());
    }
  }

  private void handle(String type, JsonObject request) {
    switch (type) {
      case "subscribe" -> subscribe(ChannelAccess.subscribable(false, null, channels(request)));
      case "unsubscribe" -> node.unsubscribe(subscriber, channels.forget(channels(request)));
      case "publish" -> {
        stats.publishesIn.increment();
        node.publish(ChannelAccess.publishable(false, null, channels(request)), data(request));
      }
      case "publishLoop" -> {
        stats.publishesIn.increment();
        node.publishLoop(ChannelAccess.publishable(false, null, channels(request)),
            data(request));
      }
      default -> {
        if (!PhpQueueFrames.TYPES.contains(type)) {
          throw new ChannelException(Reason.UNKNOWN_TYPE, "unknown type '"
              + LogSafe.escape(type) + "'");
        }
        server.phpQueues().handle(this, type, request);
      }
    }
  }

  /**
   * Channels as {@code Channel\Client} sends them: a PHP array of names, whose values count
   * (ints, as in {@code Channel\Client::on($worker->id, …)}, are names in decimal), checked as a
   * JSON request's.
   */
  Set<String> channels(JsonObject request) {
    Object value = request.getMap().get("channels");
    Iterable<?> names;
    if (value instanceof JsonObject map) {
      names = map.getMap().values();
    } else if (value instanceof JsonArray list) {
      names = list.getList();
    } else {
      throw badChannels();
    }
    JsonArray strings = new JsonArray();
    for (Object name : names) {
      if (!(name instanceof String) && !(name instanceof Long)) {
        throw badChannels();
      }
      strings.add(name.toString());
    }
    return server.requests().channels(new JsonObject().put("channels", strings));
  }

  private static ChannelException badChannels() {
    return new ChannelException(Reason.BAD_REQUEST, "channels must be a non-empty array of "
        + "strings or ints");
  }

  /** @return the published data in JSON (an absent {@code data} is PHP's null) */
  static String data(JsonObject request) {
    Object data = request.getMap().get("data");
    if (!PhpSerialize.isText(data)) {
      throw new ChannelException(Reason.BAD_REQUEST, "data holds a byte string that is not "
          + "UTF-8, which has no JSON form");
    }
    return Frames.encodeData(data);
  }

  private void subscribe(Set<String> requested) {
    List<String> fresh = channels.add(requested);
    input.answering();
    node.subscribe(subscriber, requested).onComplete(ar -> context.runOnContext(v -> {
      if (ar.failed()) {
        node.unsubscribe(subscriber, channels.forget(fresh));
        stats.protocolErrors.increment();
        clientLog.warn("Channel connection={} from {} subscribe refused: {}", id, remoteHost,
            ar.cause().getMessage());
        if (!(ar.cause() instanceof ChannelException)) {
          LOG.error("Channel connection={}: subscribe failed", id, ar.cause());
        }
      }
      input.answered();
    }));
  }

  /**
   * @param delivery an event of a channel the connection subscribed to
   * @return the event's PHP frame (made once per node and event), or null when the data has no
   *     PHP form (an integer beyond 64 bits, nesting deeper than PHP's limit here)
   */
  static Buffer eventFrame(Delivery delivery) {
    Buffer frame = delivery.otherFrame(PhpSession::encodeEvent);
    return frame == NO_FORM ? null : frame;
  }

  private static Buffer encodeEvent(Delivery delivery) {
    try {
      return Framing.frame(PhpSerialize.encode(new JsonObject().put("type", "event")
          .put("channel", delivery.channel()).put("data", delivery.data())));
    } catch (PhpSerializeException | ChannelException e) {
      LOG.debug("An event of channel {} has no PHP form: {}", LogSafe.escape(delivery.channel()),
          e.getMessage());
      return NO_FORM;
    }
  }

  /**
   * Writes a message to the connection (a queue delivery), through its send buffer like an event.
   *
   * @param message the message, serialized for PHP
   * @return whether it was written (false: dropped on a full send buffer)
   */
  boolean send(JsonObject message) {
    return events.write(Framing.frame(PhpSerialize.encode(message)));
  }

  /** Logs a warning about the connection once in its life; the arguments follow id and host. */
  void warnOnce(String format, Object... args) {
    if (!warned) {
      warned = true;
      Object[] all = new Object[args.length + 2];
      all[0] = id;
      all[1] = remoteHost;
      System.arraycopy(args, 0, all, 2, args.length);
      clientLog.warn(format, all);
    }
  }

  /** The connection closed. */
  void closed() {
    server.phpQueues().closed(this);
  }
}
