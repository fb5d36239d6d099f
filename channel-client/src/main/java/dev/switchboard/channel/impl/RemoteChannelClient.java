package dev.switchboard.channel.impl;

import dev.switchboard.channel.ChannelClientOptions;
import dev.switchboard.channel.ChannelException;
import dev.switchboard.channel.ChannelException.Reason;
import dev.switchboard.channel.ChannelMessage;
import dev.switchboard.channel.internal.Frames;
import dev.switchboard.core.internal.Backoff;
import dev.switchboard.core.internal.FrameParser;
import dev.switchboard.core.internal.Framing;
import dev.switchboard.core.internal.LogSafe;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.HostAndPort;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetClientOptions;
import io.vertx.core.net.NetSocket;
import io.vertx.core.net.PemTrustOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * The remote face of {@link dev.switchboard.channel.ChannelClient}: one TCP connection to a
 * channel server at a time, replaced after a loss (same server first, then the next of the list)
 * with capped exponential backoff and jitter.
 *
 * <p>Threading: see {@link AbstractChannelClient}; everything else runs on the client's context.
 */
public final class RemoteChannelClient extends AbstractChannelClient {

  private static final Logger LOG = LoggerFactory.getLogger(RemoteChannelClient.class);

  private final ChannelClientOptions options;
  private final boolean ownsVertx;
  private final List<HostAndPort> servers;
  private final Backoff backoff;
  private final NetClient netClient;
  private final PendingRequests pending = new PendingRequests();
  private final Outbox outbox;
  private final Set<String> subscribed = new LinkedHashSet<>();
  private final List<Promise<Void>> waitingSubscribes = new ArrayList<>();
  private Promise<Void> firstConnect;
  private NetSocket socket;
  private boolean ready;
  private int serverIndex;
  private int attempt;
  private int firstRoundFailures;
  private long nextId = 1;
  private long lastReceived;
  private long lastSent;
  private long reconnectTimer = -1;
  private long tickTimer = -1;

  /**
   * @param vertx     the Vert.x instance running the client
   * @param options   the options (copied)
   * @param ownsVertx whether {@link #close()} closes the Vert.x instance
   */
  public RemoteChannelClient(Vertx vertx, ChannelClientOptions options, boolean ownsVertx) {
    super(vertx, options.getMaxChannels(), options.getMaxChannelNameLength());
    this.options = new ChannelClientOptions(options);
    this.ownsVertx = ownsVertx;
    this.servers = this.options.serverAddresses();
    this.backoff = new Backoff(options.getReconnectInitialDelay(), options.getReconnectMaxDelay());
    this.outbox = new Outbox(options.getOutboxSize());
    NetClientOptions net = new NetClientOptions()
        .setConnectTimeout((int) Math.min(Integer.MAX_VALUE, options.getConnectTimeout()))
        .setTcpNoDelay(true);
    if (options.isSsl()) {
      net.setSsl(true).setTrustAll(options.isTrustAll())
          .setHostnameVerificationAlgorithm(options.isVerifyHost() ? "HTTPS" : "");
      if (options.getPemTrustPath() != null) {
        net.setTrustOptions(new PemTrustOptions().addCertPath(options.getPemTrustPath()));
      }
    }
    this.netClient = vertx.createNetClient(net);
  }

  @Override
  public Future<Void> connect() {
    return onContext(this::started);
  }

  private Future<Void> started() {
    if (firstConnect == null) {
      firstConnect = Promise.promise();
      long tick = Math.max(10, Math.min(options.getRequestTimeout(),
          options.getPingInterval() == 0 ? Long.MAX_VALUE : options.getPingInterval()) / 2);
      tickTimer = vertx.setPeriodic(tick, t -> tick());
      attemptConnect();
    }
    return firstConnect.future();
  }

  private void attemptConnect() {
    reconnectTimer = -1;
    state(State.CONNECTING);
    HostAndPort server = servers.get(serverIndex);
    Future<NetSocket> connecting;
    try {
      connecting = netClient.connect(server.port(), server.host());
    } catch (IllegalStateException vertxClosed) {
      LOG.info("Channel client closed: its Vert.x instance is closed");
      close();
      return;
    }
    connecting.onComplete(ar -> {
      if (state() == State.CLOSED) {
        if (ar.succeeded()) {
          ar.result().close();
        }
      } else if (ar.failed()) {
        attemptFailed(server, new ChannelException(Reason.CONNECT_FAILED, "cannot connect to "
            + server, ar.cause()));
      } else {
        opened(server, ar.result());
      }
    });
  }

  private void opened(HostAndPort server, NetSocket opened) {
    socket = opened;
    lastReceived = System.currentTimeMillis();
    FrameParser parser = new FrameParser(options.getMaxPackageSize(), this::onFrame, e -> {
      LOG.warn("Channel server {} sent a bad frame, reconnecting: {}", server, e.getMessage());
      opened.close();
    });
    opened.handler(chunk -> {
      lastReceived = System.currentTimeMillis();
      parser.handle(chunk);
    });
    opened.exceptionHandler(e -> LOG.debug("Channel connection to {} failed", server, e));
    opened.closeHandler(v -> closed(server, opened));
    if (options.getToken() == null) {
      ready(server);
      return;
    }
    request(PendingRequests.Kind.AUTH, new JsonObject().put("type", "auth")
        .put("token", options.getToken())).onComplete(ar -> {
          if (socket != opened) {
            return;
          }
          if (ar.succeeded()) {
            ready(server);
          } else {
            socket = null;
            opened.close();
            attemptFailed(server, ar.cause());
          }
        });
  }

  private void ready(HostAndPort server) {
    ready = true;
    attempt = 0;
    firstRoundFailures = 0;
    LOG.info("Channel client connected to {}", server);
    state(State.CONNECTED);
    List<Promise<Void>> waiting = new ArrayList<>(waitingSubscribes);
    waitingSubscribes.clear();
    if (subscribed.isEmpty()) {
      waiting.forEach(Promise::tryComplete);
    } else {
      // a fresh connection holds nothing: a refusal forgets every channel
      List<String> all = new ArrayList<>(subscribed);
      sendSubscribe(all, all).onComplete(ar -> waiting.forEach(p -> p.handle(ar)));
    }
    outbox.drain((id, entry) -> send(id, PendingRequests.Kind.PUBLISH, entry.frame())
        .<Void>mapEmpty().onComplete(entry.promise()));
    firstConnect.tryComplete();
  }

  private void attemptFailed(HostAndPort server, Throwable cause) {
    LOG.debug("Channel client: {} failed: {}", server, cause.getMessage());
    serverIndex = (serverIndex + 1) % servers.size();
    if (!firstConnect.future().isComplete() && ++firstRoundFailures >= servers.size()) {
      firstConnect.tryFail(cause instanceof ChannelException ? cause : new ChannelException(
          Reason.CONNECT_FAILED, "no channel server could be reached", cause));
    }
    scheduleReconnect();
  }

  private void closed(HostAndPort server, NetSocket closedSocket) {
    if (socket != closedSocket) {
      return;
    }
    socket = null;
    boolean wasReady = ready;
    ready = false;
    for (PendingRequests.Request request : pending.takeAll()) {
      switch (request.kind()) {
        case SUBSCRIBE -> {
          Promise<Void> again = Promise.promise();
          again.future().onComplete(ar -> request.promise().handle(ar.map((JsonObject) null)));
          waitingSubscribes.add(again);
        }
        case UNSUBSCRIBE -> request.promise().tryComplete(null);
        default -> request.promise().tryFail(new ChannelException(Reason.DISCONNECTED,
            "connection to " + server + " lost before the answer"));
      }
    }
    if (state() == State.CLOSED) {
      return;
    }
    if (wasReady) {
      LOG.warn("Channel client lost its connection to {}; reconnecting", server);
      scheduleReconnect();
    } else {
      attemptFailed(server, new ChannelException(Reason.CONNECT_FAILED, "connection to "
          + server + " closed during authentication"));
    }
  }

  private void scheduleReconnect() {
    if (state() == State.CLOSED || reconnectTimer != -1) {
      return;
    }
    state(State.DISCONNECTED);
    reconnectTimer = vertx.setTimer(backoff.delay(attempt++), t -> attemptConnect());
  }

  private void tick() {
    long now = System.currentTimeMillis();
    pending.expire(now);
    long ping = options.getPingInterval();
    if (ready && ping > 0) {
      long silent = now - lastReceived;
      if (silent >= ping + options.getPongTimeout()) {
        LOG.warn("Channel server silent for {} ms; replacing the connection", silent);
        socket.close();
      } else if (silent >= ping || now - lastSent >= ping) {
        write(Framing.ping());
      }
    }
  }

  private void onFrame(Buffer payload) {
    if (payload.length() == 0) {
      return;
    }
    JsonObject message;
    try {
      ChannelMessage event = Frames.decodeEvent(payload);
      if (event != null) {
        if (subscribed.contains(event.channel())) {
          dispatch(event.channel(), event.data());
        }
        return;
      }
      message = Frames.decode(payload);
    } catch (ChannelException e) {
      LOG.warn("Channel server sent an undecodable frame: {}", LogSafe.escape(e.getMessage()));
      return;
    }
    Long id = message.getValue("id") instanceof Number n ? n.longValue() : null;
    switch (message.getString("type", "")) {
      case "event" -> {
        String channel = message.getString("channel");
        if (subscribed.contains(channel)) {
          dispatch(channel, message.getValue("data"));
        }
      }
      case "ack", "status" -> {
        if (id != null) {
          pending.answer(id, message);
        }
      }
      case "error" -> {
        ChannelException cause = new ChannelException(Reason.ofCode(message.getString("code")),
            "channel server: " + message.getString("message"));
        if (id != null) {
          pending.fail(id, cause);
        } else {
          LOG.warn("Channel server error: {}", LogSafe.escape(cause.getMessage()));
        }
      }
      case "pong" -> {
      }
      default -> LOG.debug("Channel server sent an unknown type; ignored");
    }
  }

  @Override
  Future<Void> doSubscribe(List<String> channels) {
    List<String> fresh = channels.stream().distinct().filter(c -> !subscribed.contains(c))
        .toList();
    if (subscribed.size() + fresh.size() > options.getMaxChannels()) {
      return Future.failedFuture(new ChannelException(Reason.TOO_MANY_CHANNELS, "a connection "
          + "may subscribe to at most " + options.getMaxChannels() + " channels"));
    }
    started();
    subscribed.addAll(fresh);
    if (!ready) {
      Promise<Void> waiting = Promise.promise();
      waitingSubscribes.add(waiting);
      return waiting.future();
    }
    return sendSubscribe(channels, fresh);
  }

  /**
   * Sends a subscribe.
   *
   * @param channels the channels to subscribe to
   * @param fresh    those the server did not hold before: a refusal (the server then changed
   *                 nothing) forgets only these
   */
  private Future<Void> sendSubscribe(List<String> channels, List<String> fresh) {
    return request(PendingRequests.Kind.SUBSCRIBE, new JsonObject().put("type", "subscribe")
        .put("channels", new JsonArray(new ArrayList<>(channels))))
        .<Void>mapEmpty()
        .onFailure(e -> {
          if (refused(e)) {
            fresh.forEach(subscribed::remove);
          }
        });
  }

  @Override
  Future<Void> doUnsubscribe(List<String> channels) {
    channels.forEach(subscribed::remove);
    if (!ready) {
      return Future.succeededFuture();
    }
    return request(PendingRequests.Kind.UNSUBSCRIBE, new JsonObject().put("type", "unsubscribe")
        .put("channels", new JsonArray(new ArrayList<>(channels)))).mapEmpty();
  }

  @Override
  Future<Void> doPublish(List<String> channels, Object data) {
    started();
    long id = nextId++;
    Buffer frame = Frames.publish(id, channels, Frames.encodeData(data));
    if (ready) {
      return send(id, PendingRequests.Kind.PUBLISH, frame).mapEmpty();
    }
    Promise<Void> promise = Promise.promise();
    if (!outbox.offer(new Outbox.Entry(id, frame, promise))) {
      return Future.failedFuture(new ChannelException(Reason.OUTBOX_FULL, "outbox of "
          + options.getOutboxSize() + " bytes is full while disconnected; publish dropped"));
    }
    return promise.future();
  }

  @Override
  public Future<JsonObject> status() {
    return onContext(() -> started().compose(v -> request(PendingRequests.Kind.STATUS,
        new JsonObject().put("type", "status")))).map(answer -> answer.getJsonObject("status"));
  }

  private Future<JsonObject> request(PendingRequests.Kind kind, JsonObject message) {
    long id = nextId++;
    return send(id, kind, Frames.frame(message.put("id", id)));
  }

  private Future<JsonObject> send(long id, PendingRequests.Kind kind, Buffer frame) {
    Promise<JsonObject> promise = Promise.promise();
    if (socket == null) {
      promise.fail(new ChannelException(Reason.DISCONNECTED, "not connected"));
      return promise.future();
    }
    pending.add(id, new PendingRequests.Request(kind, promise,
        System.currentTimeMillis() + options.getRequestTimeout()));
    write(frame);
    return promise.future();
  }

  private void write(Buffer frame) {
    lastSent = System.currentTimeMillis();
    socket.write(frame);
  }

  @Override
  public Future<Void> close() {
    return onContextAlways(() -> {
      if (state() == State.CLOSED) {
        return Future.succeededFuture();
      }
      state(State.CLOSED);
      vertx.cancelTimer(reconnectTimer);
      vertx.cancelTimer(tickTimer);
      ChannelException closed = new ChannelException(Reason.CLOSED, "channel client closed");
      if (firstConnect != null) {
        firstConnect.tryFail(closed);
      }
      pending.takeAll().forEach(r -> r.promise().tryFail(closed));
      waitingSubscribes.forEach(p -> p.tryFail(closed));
      waitingSubscribes.clear();
      outbox.failAll(closed);
      Future<Void> socketClosed = socket == null ? Future.succeededFuture() : socket.close();
      socket = null;
      Future<Void> done = socketClosed.recover(e -> Future.succeededFuture())
          .compose(v -> netClient.close());
      if (!ownsVertx) {
        return done;
      }
      // Vert.x cannot close itself from one of its own threads and still report completion there
      Promise<Void> vertxClosed = Promise.promise();
      done.onComplete(ar -> CompletableFuture.runAsync(() ->
          vertx.close().onComplete(vertxClosed)));
      return vertxClosed.future();
    });
  }
}
