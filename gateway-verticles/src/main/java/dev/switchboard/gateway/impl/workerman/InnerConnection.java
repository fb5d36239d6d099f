package dev.switchboard.gateway.impl.workerman;

import dev.switchboard.core.internal.FrameException;
import dev.switchboard.core.internal.RateLimitedLog;
import dev.switchboard.gateway.GatewayWorkermanOptions;
import io.vertx.core.AsyncResult;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.NetSocket;
import io.vertx.core.net.SocketAddress;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * One connection to the inner listener: a GatewayClient or a BusinessWorker. It authenticates as
 * GatewayWorker's gateway has it: with a secret key set, the first packet must be
 * {@code CMD_WORKER_CONNECT} or {@code CMD_GATEWAY_CLIENT_CONNECT} carrying it (within
 * {@code authTimeout}); without one, every connection is authorized at once. Then each packet is
 * run in turn ({@link InnerCommands}): the next is read once the previous one's reply is written,
 * and reading stops while the socket's write queue is full, so one connection holds one command
 * and its reply at a time.
 *
 * <p>Commands a peer sent before closing its side are all run (a PHP process sends and exits),
 * in order. Anything wrong (a malformed or oversize packet, a wrong key, a command before the key, an
 * unknown or malformed command) closes the connection with its reason logged; nothing else is
 * touched.
 *
 * <p>Threading: on the context of the listener that accepted it, except {@link #send} and
 * {@link #close}, which may be called from any thread. A command's future may complete on any
 * thread (a bind completes on the channel node's context, once the cluster knows of it): what
 * follows it, the reply and the parser's resume, is brought back to the connection's context,
 * as the parser and this object's state are not thread-safe (resumed from another thread, the
 * parser handed a held command over twice, racing the socket's next bytes, and a query was
 * answered twice: every later reply on the connection came one query late).
 */
public final class InnerConnection {

  private final Vertx vertx;
  private final NetSocket socket;
  private final GatewayWorkermanOptions options;
  private final InnerCommands commands;
  private final WorkerHook workers;
  private final RateLimitedLog log;
  private final GatewayParser parser;
  private final SocketAddress peer;
  private final Runnable onGone;
  /** The connection's context: its socket's handlers, and what follows a command, run there. */
  private final Context context;
  private boolean authorized;
  private boolean worker;
  /** Refused: nothing more is read. */
  private boolean closed;
  /** The peer closed: what it sent before is still run, its replies dropped. */
  private boolean gone;
  private boolean running;
  private long authTimer = -1;

  InnerConnection(Vertx vertx, NetSocket socket, GatewayWorkermanOptions options,
      InnerCommands commands, WorkerHook workers, RateLimitedLog log, Runnable onGone) {
    this.vertx = vertx;
    this.socket = socket;
    this.options = options;
    this.commands = commands;
    this.workers = workers;
    this.log = log;
    this.peer = socket.remoteAddress();
    this.onGone = onGone;
    this.context = vertx.getOrCreateContext();
    this.parser = GatewayProtocol.parser(options.getMaxPackageSize(), this::onPacket,
        this::onBadStream);
    this.authorized = options.getSecretKey() == null;
  }

  /** Starts reading; with a secret key, the authentication timer runs. */
  void start() {
    socket.handler(parser);
    socket.closeHandler(v -> onClosed());
    socket.exceptionHandler(e -> { }); // a reset peer: the close handler follows
    socket.drainHandler(v -> resumeIfIdle());
    if (!authorized) {
      authTimer = vertx.setTimer(options.getAuthTimeout(), t -> {
        authTimer = -1;
        if (!authorized) {
          closeFor("no CMD_GATEWAY_CLIENT_CONNECT or CMD_WORKER_CONNECT within "
              + options.getAuthTimeout() + " ms (authTimeout)");
        }
      });
    }
  }

  /** @return the peer's address */
  public SocketAddress remoteAddress() {
    return peer;
  }

  /** @return whether it authenticated as a BusinessWorker */
  public boolean isWorker() {
    return worker;
  }

  /**
   * Writes a packet (an event to a BusinessWorker); any thread.
   *
   * @param packet the packet
   */
  public void send(GatewayPacket packet) {
    socket.write(GatewayProtocol.encode(packet));
  }

  /** @return whether the socket's write queue is full (a BusinessWorker not reading) */
  public boolean writeQueueFull() {
    return socket.writeQueueFull();
  }

  /** Closes the connection; any thread. */
  public void close() {
    socket.close();
  }

  private void onPacket(GatewayPacket packet) {
    if (closed) {
      return;
    }
    int cmd = packet.cmd();
    if (GatewayCommand.authenticates(cmd)) {
      authenticate(packet);
      return;
    }
    if (!authorized) {
      closeFor("command " + cmd + " before CMD_GATEWAY_CLIENT_CONNECT or CMD_WORKER_CONNECT "
          + "with the secret key");
      return;
    }
    if (cmd == GatewayCommand.PING) {
      return;
    }
    running = true;
    parser.pause();
    commands.run(packet).onComplete(ar -> {
      if (Vertx.currentContext() == context) {
        ran(cmd, ar); // at once (a query answered from memory): the parse loop goes on
      } else {
        context.runOnContext(v -> ran(cmd, ar));
      }
    });
  }

  /** A command's future completed: its reply is written and the next command read; on context. */
  private void ran(int cmd, AsyncResult<Buffer> ar) {
    running = false;
    if (closed) {
      return;
    }
    if (ar.failed()) {
      closeFor("command " + cmd + ": " + ar.cause().getMessage());
      return;
    }
    if (ar.result() != null && !gone) {
      socket.write(ar.result());
    }
    resumeIfIdle();
  }

  private void resumeIfIdle() {
    if (!closed && !running && (gone || !socket.writeQueueFull())) {
      parser.resume();
    }
  }

  private void authenticate(GatewayPacket packet) {
    JsonObject info;
    try {
      info = new JsonObject(packet.body().toString(StandardCharsets.UTF_8));
    } catch (DecodeException | ClassCastException e) {
      closeFor("command " + packet.cmd() + " whose body is not a JSON object");
      return;
    }
    String expected = options.getSecretKey();
    if (expected != null && !matches(expected, info.getValue("secret_key"))) {
      closeFor("wrong secret_key in command " + packet.cmd());
      return;
    }
    authorized = true;
    if (authTimer >= 0) {
      vertx.cancelTimer(authTimer);
      authTimer = -1;
    }
    if (packet.cmd() == GatewayCommand.WORKER_CONNECT && !worker) {
      worker = true;
      workers.connected(this, info);
    }
  }

  /** Compares in constant time (the key's length aside). */
  private static boolean matches(String expected, Object given) {
    return given instanceof String text && MessageDigest.isEqual(
        expected.getBytes(StandardCharsets.UTF_8), text.getBytes(StandardCharsets.UTF_8));
  }

  private void onBadStream(FrameException e) {
    closeFor(e.reason() + ": " + e.getMessage());
  }

  private void closeFor(String reason) {
    if (closed) {
      return;
    }
    closed = true;
    log.warn("Gateway inner connection from {} closed: {}", peer, reason);
    socket.close();
  }

  private void onClosed() {
    gone = true;
    if (authTimer >= 0) {
      vertx.cancelTimer(authTimer);
    }
    onGone.run();
    if (worker) {
      workers.closed(this);
    }
  }

  @Override
  public String toString() {
    return "InnerConnection[" + peer + (worker ? ", worker" : "") + "]";
  }
}
