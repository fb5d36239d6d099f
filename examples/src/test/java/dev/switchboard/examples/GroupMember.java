package dev.switchboard.examples;

import dev.switchboard.testkit.Await;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.ClientWebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.json.JsonObject;

import java.time.Duration;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * A WebSocket client of one host's gateway in {@link PartitionUnderLoadIT}: connects, waits for
 * the welcome that says it has joined {@link PartitionLoadNode#GROUP}, and keeps every other text
 * message. It does not reconnect by itself; {@link #connect()} again opens a new connection to
 * the same gateway.
 *
 * <p>Threading: messages arrive on the client's event loop; the reads are from any thread.
 */
final class GroupMember implements AutoCloseable {

  private static final Duration WELCOME_WAIT = Duration.ofSeconds(20);

  private final Vertx vertx;
  private final WebSocketClient client;
  private final String host;
  private final Queue<String> messages = new ConcurrentLinkedQueue<>();
  private volatile ClientWebSocket socket;
  private volatile boolean open;
  private volatile JsonObject welcome;

  GroupMember(Vertx vertx, String host) {
    this.vertx = vertx;
    this.client = vertx.createWebSocketClient();
    this.host = host;
  }

  /**
   * Opens a connection and waits until the gateway says this client joined the group.
   *
   * @return this
   */
  GroupMember connect() {
    welcome = null;
    ClientWebSocket next = client.webSocket();
    next.textMessageHandler(text -> {
      if (welcome == null) {
        welcome = new JsonObject(text);
      } else {
        messages.add(text);
      }
    });
    next.closeHandler(v -> open = false);
    Await.result(next.connect(PartitionLoadNode.GATEWAY_PORT, host, "/"), WELCOME_WAIT,
        "a WebSocket to " + host);
    socket = next;
    open = true;
    Await.result(Await.until(vertx, 50, WELCOME_WAIT,
            () -> Future.succeededFuture(welcome != null)),
        WELCOME_WAIT.plusSeconds(5), "the welcome of " + host);
    if (!welcome.getBoolean("joined", false)) {
      throw new AssertionError("client of " + host + " did not join the group: " + welcome);
    }
    return this;
  }

  /** @return whether the connection is open (as far as this side knows) */
  boolean isOpen() {
    return open;
  }

  /** @return the messages received after the welcome whose text starts with {@code prefix} */
  List<String> received(String prefix) {
    return messages.stream().filter(m -> m.startsWith(prefix)).toList();
  }

  @Override
  public void close() {
    ClientWebSocket s = socket;
    if (s != null && open) {
      Await.result(s.close());
    }
    Await.result(client.close());
  }
}
