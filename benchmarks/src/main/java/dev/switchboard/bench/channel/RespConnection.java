package dev.switchboard.bench.channel;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetSocket;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;

/**
 * The benchmark's minimal Redis client: one {@link NetSocket} (Vert.x, like our channel client)
 * speaking RESP2, with only what the pub/sub cells need: {@code PUBLISH} (pipelined, its integer
 * replies matched in order) and {@code SUBSCRIBE} (its confirmation, then the {@code message}
 * pushes handed to the channel's handler as strings).
 *
 * <p>Threading: runs on the context it was connected on; call it there.
 */
final class RespConnection implements PubSubConnection {

  private static final Logger LOG = LoggerFactory.getLogger(RespConnection.class);

  private static final byte[] CRLF = {'\r', '\n'};

  private final Context context;
  private final NetSocket socket;
  private final Deque<Promise<Object>> replies = new ArrayDeque<>();
  private final Map<String, Handler<String>> handlers = new HashMap<>();
  private boolean closed;

  private RespConnection(Context context, NetSocket socket) {
    this.context = context;
    this.socket = socket;
    socket.handler(new RespParser(this::onValue));
    socket.closeHandler(v -> onClose());
    socket.exceptionHandler(e -> LOG.debug("Redis connection failed", e));
  }

  /**
   * Connects to redis-server on 127.0.0.1.
   *
   * @param client  the Vert.x TCP client (TCP_NODELAY, as ours)
   * @param context the context the connection will run on
   * @param port    redis-server's port
   * @return a future completed, on {@code context}, with the connection
   */
  static Future<PubSubConnection> connect(NetClient client, Context context, int port) {
    Promise<PubSubConnection> connected = Promise.promise();
    context.runOnContext(v -> client.connect(port, "127.0.0.1")
        .<PubSubConnection>map(socket -> new RespConnection(context, socket))
        .onComplete(connected));
    return connected.future();
  }

  @Override
  public Context context() {
    return context;
  }

  @Override
  public Future<Void> subscribe(String channel, Handler<String> onMessage) {
    handlers.put(channel, onMessage);
    return command("SUBSCRIBE", channel).mapEmpty();
  }

  @Override
  public Future<Void> publish(String channel, String payload) {
    return command("PUBLISH", channel, payload).mapEmpty();
  }

  @Override
  public Future<Void> close() {
    return socket.close();
  }

  private Future<Object> command(String... args) {
    if (closed) {
      return Future.failedFuture("redis connection closed");
    }
    Buffer out = Buffer.buffer(64 + 16 * args.length + args[args.length - 1].length());
    out.appendString("*" + args.length).appendBytes(CRLF);
    for (String arg : args) {
      byte[] bytes = arg.getBytes(StandardCharsets.UTF_8);
      out.appendString("$" + bytes.length).appendBytes(CRLF).appendBytes(bytes).appendBytes(CRLF);
    }
    Promise<Object> reply = Promise.promise();
    replies.add(reply);
    socket.write(out);
    return reply.future();
  }

  private void onValue(Object value) {
    if (value instanceof Object[] push && push.length == 3 && "message".equals(push[0])) {
      Handler<String> handler = handlers.get((String) push[1]);
      if (handler != null) {
        handler.handle((String) push[2]);
      }
      return;
    }
    // a PUBLISH reply, or a SUBSCRIBE confirmation (["subscribe", channel, count])
    Promise<Object> reply = replies.poll();
    if (reply == null) {
      LOG.warn("Unexpected value from redis-server ignored");
    } else if (value instanceof RespParser.RespError error) {
      reply.fail(error.message());
    } else {
      reply.complete(value);
    }
  }

  private void onClose() {
    closed = true;
    Promise<Object> reply;
    while ((reply = replies.poll()) != null) {
      reply.tryFail("redis connection closed before the reply");
    }
  }
}
