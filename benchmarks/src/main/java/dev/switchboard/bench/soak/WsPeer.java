package dev.switchboard.bench.soak;

import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;

import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A soak WebSocket client of one node that reconnects: after its connection closes (the node
 * restarting) it tries again every second, with up to half a second of jitter, until
 * {@link #stop()}. It sends {@code ping} every {@value #PING_MS} ms so that the gateway's
 * heartbeat never closes it. Subclasses react to the connection's life and to its text
 * messages.
 *
 * <p>Threading: every callback runs on the client's Vert.x context (one event loop); the
 * subclasses' state is confined to it. {@link #stop()} may be called from any thread.
 */
abstract class WsPeer {

  private static final long PING_MS = 20_000;
  private static final long RETRY_MS = 1_000;

  /** Connections opened by every peer, the first ones included. */
  static final AtomicLong CONNECTS = new AtomicLong();
  /** Connection attempts that failed (the node down). */
  static final AtomicLong CONNECT_FAILURES = new AtomicLong();

  protected final Vertx vertx;
  private final WebSocketClient client;
  private final int port;
  private volatile boolean stopped;
  private volatile WebSocket socket;
  private long pingTimer = -1;

  WsPeer(Vertx vertx, WebSocketClient client, int port) {
    this.vertx = vertx;
    this.client = client;
    this.port = port;
  }

  /** Connects (from any thread). */
  final void start() {
    connect();
  }

  private void connect() {
    if (stopped) {
      return;
    }
    client.connect(port, "127.0.0.1", "/").onComplete(ws -> {
      CONNECTS.incrementAndGet();
      socket = ws;
      ws.textMessageHandler(this::onText);
      ws.exceptionHandler(e -> { });
      ws.closeHandler(v -> {
        socket = null;
        vertx.cancelTimer(pingTimer);
        onClosed();
        retryLater();
      });
      pingTimer = vertx.setPeriodic(PING_MS, id -> send("ping"));
      if (stopped) {
        ws.close();
        return;
      }
      onOpen(ws);
    }, e -> {
      CONNECT_FAILURES.incrementAndGet();
      retryLater();
    });
  }

  private void retryLater() {
    if (!stopped) {
      vertx.setTimer(RETRY_MS + ThreadLocalRandom.current().nextLong(RETRY_MS / 2),
          id -> connect());
    }
  }

  /**
   * Sends a text message when connected.
   *
   * @param text the message
   * @return true when it was handed to the connection
   */
  protected final boolean send(String text) {
    WebSocket ws = socket;
    if (ws == null || stopped) {
      return false;
    }
    ws.writeTextMessage(text);
    return true;
  }

  /** @return whether a connection is open */
  protected final boolean connected() {
    return socket != null;
  }

  /** @return whether {@link #stop()} was called */
  protected final boolean stopped() {
    return stopped;
  }

  /** Stops sending and reconnecting, and closes the connection. */
  final void stop() {
    stopped = true;
    vertx.runOnContext(v -> {
      WebSocket ws = socket;
      if (ws != null) {
        ws.close();
      }
    });
  }

  /** The connection is open. */
  protected abstract void onOpen(WebSocket ws);

  /** A text message arrived. */
  protected abstract void onText(String text);

  /** The connection closed (a reconnection follows unless stopped). */
  protected abstract void onClosed();
}
