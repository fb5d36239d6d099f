package dev.switchboard.examples.faults;

import dev.switchboard.testkit.Await;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.http.ClientWebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketConnectOptions;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A WebSocket client of a fault test, in the test JVM: connects to a host's gateway with {@code
 * ?group=<name>}, waits for {@link FaultGroupHandler}'s {@code joined <id>}, then records every
 * message it receives, and how its connection ended.
 *
 * <p>Thread-safe: its state is read by the test thread while the client's event loop writes it.
 */
final class GroupClient {

  private final WebSocketClient client;
  private final List<String> received = new ArrayList<>();
  private ClientWebSocket socket;
  private String id;
  private Integer closeCode;
  private String closeReason;

  private GroupClient(WebSocketClient client) {
    this.client = client;
  }

  /**
   * Connects and waits until the gateway has joined the client to the group.
   *
   * @param client  the WebSocket client to connect with
   * @param address the host's address
   * @param port    its gateway's port
   * @param group   the group to join
   * @return the joined client
   */
  static GroupClient join(WebSocketClient client, String address, int port, String group) {
    GroupClient joined = new GroupClient(client);
    Promise<String> id = Promise.promise();
    ClientWebSocket ws = client.webSocket();
    // the handlers before the connect: the gateway's first message may follow its 101 at once
    ws.textMessageHandler(text -> {
      if (text.startsWith("joined ")) {
        id.tryComplete(text.substring("joined ".length()));
      } else if (text.startsWith("join failed")) {
        id.tryFail(text);
      } else {
        joined.record(text);
      }
    });
    ws.closeHandler(v -> joined.closed(ws.closeStatusCode(), ws.closeReason()));
    Await.result(ws.connect(new WebSocketConnectOptions().setHost(address).setPort(port)
        .setURI("/?group=" + group)), Duration.ofSeconds(20), "connecting");
    joined.socket = ws;
    joined.id = Await.result(id.future(), Duration.ofSeconds(20), "joining " + group);
    return joined;
  }

  /** @return the clients of all these lists, in order */
  @SafeVarargs
  static List<GroupClient> all(List<GroupClient>... lists) {
    List<GroupClient> all = new ArrayList<>();
    for (List<GroupClient> list : lists) {
      all.addAll(list);
    }
    return all;
  }

  private synchronized void record(String text) {
    received.add(text);
  }

  private synchronized void closed(Short code, String reason) {
    closeCode = code == null ? null : (int) code;
    closeReason = reason;
  }

  /** @return the client id the gateway gave it */
  String id() {
    return id;
  }

  /** @return the id of the gateway node holding it (the prefix of its client id) */
  String node() {
    return id.substring(0, id.indexOf('-'));
  }

  /** @return a copy of the messages received so far, in order */
  synchronized List<String> received() {
    return new ArrayList<>(received);
  }

  /** @return whether its connection has ended */
  synchronized boolean isClosed() {
    return socket.isClosed();
  }

  /** @return the close code it saw, or null */
  synchronized Integer closeCode() {
    return closeCode;
  }

  /** @return the close reason it saw, or null */
  synchronized String closeReason() {
    return closeReason;
  }

  /** Sends a text message. */
  Future<Void> send(String text) {
    return socket.writeTextMessage(text);
  }

  /** @return the underlying client, to close */
  WebSocketClient client() {
    return client;
  }
}
