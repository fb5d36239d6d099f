package dev.switchboard.gateway.impl.workerman;

import dev.switchboard.gateway.GatewayWorkermanOptions;
import dev.switchboard.testkit.Await;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A command whose future completes on another thread (as a bind does, on the channel node's
 * context once the cluster knows of it): the command held meanwhile is still run on the
 * connection's context, and each query gets exactly its own reply, in order. Resumed from the
 * completing thread, the connection's parser (not thread-safe) raced the socket's next bytes:
 * GatewayClientPhpIT's "uids" step once read a getClientIdByUid reply as the answer of
 * batchGetClientIdByUid.
 */
class InnerConnectionContextTest {

  private static final int ROUNDS = 200;

  private Vertx vertx;
  private final List<Thread> ranOn = new CopyOnWriteArrayList<>();
  private final List<Context> contexts = new CopyOnWriteArrayList<>();

  @BeforeEach
  void start() {
    vertx = Vertx.vertx();
  }

  @AfterEach
  void stop() {
    Await.result(vertx.close());
  }

  /** A bind completes on a thread of its own; a query answers the round number in ext_data. */
  private Future<Buffer> run(GatewayPacket packet) {
    ranOn.add(Thread.currentThread());
    contexts.add(Vertx.currentContext());
    if (packet.cmd() == GatewayCommand.BIND_UID) {
      Promise<Buffer> done = Promise.promise();
      // once the chunk being handled is (the query after the bind is held by then), a thread
      // that is none of Vert.x's completes the bind
      Vertx.currentContext().runOnContext(v -> new Thread(() -> done.complete(null),
          "bind-completer").start());
      return done.future();
    }
    return Future.succeededFuture(GatewayProtocol.reply(
        Buffer.buffer("i:" + packet.extText() + ";")));
  }

  private static String readReply(DataInputStream in) throws IOException {
    try {
      byte[] reply = new byte[in.readInt()];
      in.readFully(reply);
      return new String(reply, StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "no reply: " + e;
    }
  }

  @Test
  void whatFollowsACommandCompletedOnAnotherThreadRunsOnTheConnectionsContext()
      throws IOException {
    WorkermanListener listener = new WorkermanListener(vertx,
        new GatewayWorkermanOptions().setPort(0), this::run, WorkerHook.NONE);
    WorkermanAddress address = Await.result(listener.listen());
    List<String> replies = new ArrayList<>();
    try (Socket socket = new Socket("127.0.0.1", address.port())) {
      socket.setSoTimeout((int) Await.DEFAULT_TIMEOUT.toMillis());
      OutputStream out = socket.getOutputStream();
      DataInputStream in = new DataInputStream(socket.getInputStream());
      for (int round = 0; round < ROUNDS; round++) {
        // the bind and the query in one write: the query arrives while the bind runs
        out.write(GatewayProtocol.encode(GatewayPacket.of(GatewayCommand.BIND_UID, 1,
            Buffer.buffer("u1"), Buffer.buffer())).appendBuffer(GatewayProtocol.encode(
                GatewayPacket.of(GatewayCommand.IS_ONLINE, 1, Buffer.buffer(String.valueOf(round)),
                    Buffer.buffer()))).getBytes());
        out.flush();
        String reply = readReply(in);
        replies.add(reply);
        if (reply.startsWith("no reply")) {
          break;
        }
      }
    }
    List<String> wanted = new ArrayList<>();
    for (int round = 0; round < ROUNDS; round++) {
      wanted.add("i:" + round + ";");
    }
    assertThat(replies).as("each query's reply, once, in order").isEqualTo(wanted);
    assertThat(ranOn).hasSize(2 * ROUNDS);
    assertThat(ranOn).as("the threads the commands ran on").containsOnly(ranOn.get(0));
    assertThat(contexts).as("the contexts the commands ran on").containsOnly(contexts.get(0))
        .doesNotContainNull();
  }
}
