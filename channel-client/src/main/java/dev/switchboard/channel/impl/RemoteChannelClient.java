package dev.switchboard.channel.impl;

import dev.switchboard.channel.ChannelClientOptions;
import dev.switchboard.channel.ChannelException;
import dev.switchboard.channel.ChannelException.Reason;
import dev.switchboard.channel.QueueItem;
import dev.switchboard.channel.internal.Frames;
import dev.switchboard.channel.internal.PublishFrames;
import dev.switchboard.core.internal.Backoff;
import dev.switchboard.core.internal.FrameParser;
import dev.switchboard.core.internal.Framing;
import io.vertx.core.Future;
import io.vertx.core.Handler;
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
import java.util.List;
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
  private static final Buffer STATUS_PROBE = Frames.frame(new JsonObject().put("type", "status"));

  private final ChannelClientOptions options;
  private final boolean ownsVertx;
  private final ServerRotation rotation;
  private final NetClient netClient;
  private final PendingRequests pending = new PendingRequests();
  private final Subscriptions subscriptions = new Subscriptions();
  private final RemoteQueues queues = new RemoteQueues(context,
      message -> request(PendingRequests.Kind.QUEUE, message));
  private final ServerFrames frames = new ServerFrames(pending, this::onEvent, queues::onItem);
  private final Outbox outbox;
  private final ServerLiveness liveness;
  private Promise<Void> firstConnect;
  private NetSocket socket;
  private boolean ready;
  /** A request was written on this connection: it is known to speak JSON (see {@link #tick()}). */
  private boolean spoken;
  private long nextId = 1;
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
    this.rotation = new ServerRotation(this.options.serverAddresses(),
        new Backoff(options.getReconnectInitialDelay(), options.getReconnectMaxDelay()));
    this.outbox = new Outbox(options.getOutboxSize());
    this.liveness = new ServerLiveness(options.getPingInterval(), options.getPongTimeout());
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
    HostAndPort server = rotation.current();
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
    spoken = false;
    liveness.received(System.currentTimeMillis());
    FrameParser parser = new FrameParser(options.getMaxPackageSize(), frames::onFrame, e -> {
      LOG.warn("Channel server {} sent a bad frame, reconnecting: {}", server, e.getMessage());
      opened.close();
    });
    opened.handler(chunk -> {
      liveness.received(System.currentTimeMillis());
      parser.handle(chunk);
    });
    opened.exceptionHandler(e -> LOG.debug("Channel connection to {} failed", server, e));
    opened.closeHandler(v -> closed(server, opened));
    String token;
    try {
      token = options.getTokenSupplier() != null ? options.getTokenSupplier().get()
          : options.getToken();
    } catch (RuntimeException e) {
      socket = null;
      opened.close();
      attemptFailed(server, new ChannelException(Reason.CONNECT_FAILED, "the token supplier "
          + "failed", e));
      return;
    }
    if (token == null) {
      ready(server);
      return;
    }
    request(PendingRequests.Kind.AUTH, new JsonObject().put("type", "auth")
        .put("token", token)).onComplete(ar -> {
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
    rotation.ready();
    LOG.info("Channel client connected to {}", server);
    state(State.CONNECTED);
    subscriptions.resubscribe(this::sendSubscribe);
    queues.rewatch();
    outbox.drain((id, entry) -> send(id, PendingRequests.Kind.PUBLISH, entry.frame())
        .<Void>mapEmpty().onComplete(entry.promise()));
    firstConnect.tryComplete();
  }

  private void attemptFailed(HostAndPort server, Throwable cause) {
    LOG.debug("Channel client: {} failed: {}", server, cause.getMessage());
    // the first connect fails only once every server has failed in the first round
    if (rotation.failed() && !firstConnect.future().isComplete()) {
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
    pending.disconnected(server, subscriptions::retry);
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
    reconnectTimer = vertx.setTimer(rotation.nextDelay(), t -> attemptConnect());
  }

  private void tick() {
    long now = System.currentTimeMillis();
    pending.expire(now);
    ServerLiveness.Verdict verdict = ready ? liveness.check(now) : ServerLiveness.Verdict.FINE;
    if (verdict == ServerLiveness.Verdict.DEAD) {
      LOG.warn("Channel server silent for {} ms; replacing the connection", liveness.silence(now));
      socket.close();
    } else if (verdict == ServerLiveness.Verdict.PING) {
      // a server that may take the connection for a PHP one answers no ping before a first
      // request: the first keep-alive of a connection that sent none is a status request
      write(spoken ? Framing.ping() : STATUS_PROBE.copy());
    }
  }

  /** An event from the server: dispatched while the client is subscribed to its channel. */
  private void onEvent(String channel, Object data) {
    if (subscriptions.contains(channel)) {
      dispatch(channel, data);
    }
  }

  @Override
  Future<Void> doSubscribe(List<String> channels) {
    List<String> fresh = subscriptions.fresh(channels);
    if (subscriptions.size() + fresh.size() > options.getMaxChannels()) {
      return Future.failedFuture(new ChannelException(Reason.TOO_MANY_CHANNELS, "a connection "
          + "may subscribe to at most " + options.getMaxChannels() + " channels"));
    }
    started();
    subscriptions.addAll(fresh);
    if (!ready) {
      return subscriptions.awaitConnection();
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
            subscriptions.removeAll(fresh);
          }
        });
  }

  @Override
  Future<Void> doUnsubscribe(List<String> channels) {
    subscriptions.removeAll(channels);
    if (!ready) {
      return Future.succeededFuture();
    }
    return request(PendingRequests.Kind.UNSUBSCRIBE, new JsonObject().put("type", "unsubscribe")
        .put("channels", new JsonArray(new ArrayList<>(channels)))).mapEmpty();
  }

  @Override
  Future<Void> doPublish(List<String> channels, Object data, boolean loop) {
    started();
    long id = nextId++;
    Buffer frame = PublishFrames.publishData(id, loop, channels, data);
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
  Future<Void> doEnqueue(String queue, String dataJson) {
    return started().compose(v -> request(PendingRequests.Kind.QUEUE, new JsonObject()
        .put("type", "enqueue").put("queue", queue).put("data", Frames.decodeData(dataJson))))
        .mapEmpty();
  }

  @Override
  Future<Void> doWatch(String queue, Handler<QueueItem> handler) {
    return started().compose(v -> queues.watch(queue, handler));
  }

  @Override
  Future<Void> doUnwatch(String queue) {
    return queues.unwatch(queue, ready);
  }

  @Override
  public Future<JsonObject> status() {
    return onContext(() -> started().compose(v -> request(PendingRequests.Kind.STATUS,
        new JsonObject().put("type", "status")))).map(answer -> answer.getJsonObject("status"));
  }

  @Override
  public Future<JsonObject> clusterStatus() {
    return onContext(() -> started().compose(v -> request(PendingRequests.Kind.STATUS,
        new JsonObject().put("type", "status").put("cluster", true))))
        .map(answer -> answer.getJsonObject("status"));
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
    spoken = true;
    liveness.sent(System.currentTimeMillis());
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
      subscriptions.failWaiting(closed);
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
