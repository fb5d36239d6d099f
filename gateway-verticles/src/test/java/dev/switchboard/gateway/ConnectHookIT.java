package dev.switchboard.gateway;

import dev.switchboard.testkit.Await;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

/**
 * The connect hook ({@link GatewayHandler#onHandshake}): what it sees of a WebSocket and a TCP
 * client, its decisions applied before onConnect, and every way it can say no (a rejection, a
 * timeout, a failure, a decision breaking a bound): the client then gets only that answer, and
 * neither onConnect nor onClose runs for it.
 */
class ConnectHookIT {

  private GatewayHarness gateway;

  @AfterEach
  void close() {
    if (gateway != null) {
      gateway.close();
    }
  }

  private static final String OFFER = "Sec-WebSocket-Protocol: chat, superchat\r\n"
      + "Cookie: session=abc; theme=dark\r\nCookie: late=1\r\nX-Custom: one\r\nX-Custom: two\r\n";

  @Test
  void theHookSeesTheHandshakeAndItsDecisionIsInPlaceBeforeOnConnect() throws Exception {
    gateway = new GatewayHarness();
    Gateway cluster = Await.result(Gateway.create(gateway.vertx));
    gateway.recorder.onHandshake = h -> Future.succeededFuture(ConnectDecision.accept()
        .withUid("u-" + h.queryParam("user")).withGroups(List.of("room1", "room2"))
        .withSession(new JsonObject().put("name", h.cookies().get("session")))
        .withSubprotocol("superchat"));
    gateway.recorder.onConnect = c -> gateway.recorder.gateway.sendTo(List.of(c), "welcome");
    try (Socket socket = new Socket()) {
      String response = Clients.request(socket, gateway.port(), "GET",
          "/?user=ann&tag=a&tag=b%20c", Clients.UPGRADE_HEADERS + OFFER);
      assertThat(response).startsWith("HTTP/1.1 101")
          .containsIgnoringCase("sec-websocket-protocol: superchat\r\n");

      Handshake seen = gateway.recorder.nextHandshake();
      assertThat(seen.protocol()).isEqualTo(Protocol.WEBSOCKET);
      assertThat(seen.path()).isEqualTo("/");
      assertThat(seen.query()).containsEntry("user", List.of("ann"))
          .containsEntry("tag", List.of("a", "b c"));
      assertThat(seen.cookies()).containsExactly(entry("session", "abc"), entry("theme", "dark"),
          entry("late", "1"));
      assertThat(seen.header("x-custom")).isEqualTo("one");
      assertThat(seen.headers().get("x-custom")).containsExactly("one", "two");
      assertThat(seen.subprotocols()).containsExactly("chat", "superchat");
      assertThat(seen.remoteAddress()).startsWith("127.0.0.1:")
          .isEqualTo(seen.clientAddress());
      assertThat(seen.claims()).isNull();

      Connection connection = gateway.recorder.nextConnection();
      assertThat(connection.handshake().query()).isEqualTo(seen.query());
      InputStream in = socket.getInputStream();
      assertThat(Clients.readFrame(in).text()).isEqualTo("welcome");
      assertThat(Await.result(cluster.getUidByClientId(connection.id()))).isEqualTo("u-ann");
      assertThat(Await.result(cluster.getClientIdsByGroup("room2")))
          .containsExactly(connection.id());
      assertThat(Await.result(cluster.getSession(connection.id())))
          .isEqualTo(new JsonObject().put("name", "abc"));
      Await.result(cluster.sendToGroup("room1", "to the room", List.of()));
      assertThat(Clients.readFrame(in).text()).isEqualTo("to the room");
    } finally {
      Await.result(cluster.close());
    }
  }

  @Test
  void behindATrustedProxyTheHookSeesTheClientAddressAndThePeerApart() throws Exception {
    gateway = new GatewayHarness(o -> o.setTrustedProxies(List.of("127.0.0.0/8")));
    try (Socket socket = new Socket()) {
      assertThat(Clients.request(socket, gateway.port(), "GET", "/",
          Clients.UPGRADE_HEADERS + "X-Forwarded-For: 203.0.113.9\r\n"))
          .startsWith("HTTP/1.1 101");
      Handshake seen = gateway.recorder.nextHandshake();
      assertThat(seen.clientAddress()).startsWith("203.0.113.9:");
      assertThat(seen.remoteAddress()).startsWith("127.0.0.1:");
      assertThat(String.valueOf(gateway.recorder.nextConnection().remoteAddress()))
          .isEqualTo(seen.clientAddress());
    }
  }

  @Test
  void aRejectedWebSocketGetsTheStatusAndReasonOnlyAndNoCallbackRuns() throws Exception {
    gateway = new GatewayHarness();
    gateway.recorder.onHandshake = h -> Future.succeededFuture("let-me-in".equals(
        h.queryParam("token")) ? ConnectDecision.accept()
        : ConnectDecision.reject(401, "bad token\r\nX-Injected: 1"));
    try (Socket socket = new Socket()) {
      String response = Clients.request(socket, gateway.port(), "GET", "/?token=wrong",
          Clients.UPGRADE_HEADERS);
      assertThat(response).startsWith("HTTP/1.1 401").doesNotContainIgnoringCase("upgrade")
          .doesNotContainIgnoringCase("x-injected");
      assertThat(bodyThenEnd(socket)).isEqualTo("bad token  X-Injected: 1\n");
    }
    try (Socket socket = Clients.rawWebSocketTo(gateway.port(), "/?token=let-me-in")) {
      Connection accepted = gateway.recorder.nextConnection();
      assertThat(accepted.handshake().queryParam("token")).isEqualTo("let-me-in");
      assertThat(gateway.recorder.drainConnections()).as("only the accepted one").isEmpty();
    }
    assertThat(gateway.counter("connectRejected")).isEqualTo(1);
    Connection closed = gateway.recorder.nextClosed();
    assertThat(closed.handshake().queryParam("token")).isEqualTo("let-me-in");
    assertThat(gateway.recorder.closeCounts()).hasSize(1);
  }

  @Test
  void aHookThatNeverAnswersRejectsWith503AfterTheTimeout() throws Exception {
    gateway = new GatewayHarness(o -> o.setConnectHookTimeout(300));
    gateway.recorder.onHandshake = h -> Promise.<ConnectDecision>promise().future();
    try (Socket socket = new Socket()) {
      long start = System.nanoTime();
      String response = Clients.request(socket, gateway.port(), "GET", "/",
          Clients.UPGRADE_HEADERS);
      assertThat(response).startsWith("HTTP/1.1 503");
      assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start))
          .as("not before the timeout").isGreaterThanOrEqualTo(300);
    }
    try (RawSocket frame = new RawSocket(gateway.framePort())) {
      assertThat(new JsonObject(frame.readFrame())).isEqualTo(new JsonObject()
          .put("type", "close").put("reason", "rejected").put("status", 503)
          .put("message", "connect hook timed out"));
    }
    assertThat(gateway.counter("connectHookTimeouts")).isEqualTo(2);
    assertThat(gateway.counter("connections")).isZero();
    assertThat(gateway.recorder.drainConnections()).isEmpty();
  }

  @Test
  void aHookThatFailsThrowsOrBreaksABoundRejectsWith500() throws Exception {
    gateway = new GatewayHarness(o -> o.setMaxGroupsPerClient(2));
    gateway.recorder.onHandshake = h -> switch (h.queryParam("case")) {
      case "fail" -> Future.failedFuture(new IllegalStateException("database down"));
      case "throw" -> throw new IllegalStateException("bug");
      case "null" -> null;
      case "groups" -> Future.succeededFuture(ConnectDecision.accept()
          .withGroups(List.of("a", "b", "c")));
      case "subprotocol" -> Future.succeededFuture(ConnectDecision.accept()
          .withSubprotocol("not-offered"));
      default -> Future.succeededFuture(ConnectDecision.accept());
    };
    for (String bad : List.of("fail", "throw", "null", "groups", "subprotocol")) {
      try (Socket socket = new Socket()) {
        assertThat(Clients.request(socket, gateway.port(), "GET", "/?case=" + bad,
            Clients.UPGRADE_HEADERS)).as(bad).startsWith("HTTP/1.1 500");
      }
    }
    assertThat(gateway.counter("connectHookFailures")).isEqualTo(5);
    assertThat(gateway.recorder.drainConnections()).isEmpty();
    Clients.echo(gateway);
    try (Socket socket = Clients.rawWebSocketTo(gateway.port(), "/?case=ok")) {
      assertThat(gateway.recorder.nextConnection().handshake().queryParam("case"))
          .isEqualTo("ok");
    }
  }

  @Test
  void aTcpClientIsReadOnlyOnceAcceptedAndARejectedOneGetsTheCloseMessage() throws Exception {
    gateway = new GatewayHarness();
    Promise<ConnectDecision> first = Promise.promise();
    gateway.recorder.onHandshake = h -> first.future();
    Clients.echo(gateway);
    try (RawSocket frame = new RawSocket(gateway.framePort())) {
      frame.sendFrame("sent before the decision");
      Handshake seen = gateway.recorder.nextHandshake();
      assertThat(seen.protocol()).isEqualTo(Protocol.FRAME);
      assertThat(seen.path()).isNull();
      assertThat(seen.headers()).isEmpty();
      assertThat(gateway.recorder.drainMessages()).as("nothing read yet").isEmpty();
      gateway.recorder.onHandshake = h -> Future.succeededFuture(
          ConnectDecision.reject("no entry"));
      gateway.vertx.runOnContext(v -> first.complete(ConnectDecision.accept().withUid("t1")));
      assertThat(frame.readFrame()).isEqualTo("sent before the decision");
      assertThat(gateway.recorder.nextConnection().handshake().protocol())
          .isEqualTo(Protocol.FRAME);
    }
    try (RawSocket text = new RawSocket(gateway.textPort())) {
      text.sendLine("ignored");
      assertThat(new JsonObject(text.readLine())).isEqualTo(new JsonObject().put("type", "close")
          .put("reason", "rejected").put("status", 403).put("message", "no entry"));
      assertThat(text.readToEnd()).isEmpty();
    }
    assertThat(gateway.recorder.nextClosed().protocol()).isEqualTo(Protocol.FRAME);
    assertThat(gateway.recorder.drainConnections()).isEmpty();
    assertThat(gateway.recorder.drainMessages()).containsExactly("sent before the decision");
    assertThat(gateway.counter("connectRejected")).isEqualTo(1);
  }

  @Test
  void aClientThatLeavesWhileTheHookDecidesIsNeverConnectedAndGivesItsPlaceBack()
      throws Exception {
    gateway = new GatewayHarness(o -> o.setMaxConnectionsPerAddress(1));
    Promise<ConnectDecision> ws = Promise.promise();
    Promise<ConnectDecision> tcp = Promise.promise();
    gateway.recorder.onHandshake = h -> h.protocol() == Protocol.WEBSOCKET ? ws.future()
        : tcp.future();
    Socket webSocket = new Socket();
    try (webSocket) {
      CompletableFuture.runAsync(() -> {
        try {
          Clients.request(webSocket, gateway.port(), "GET", "/", Clients.UPGRADE_HEADERS);
        } catch (IOException expected) {
          // closed under the request
        }
      });
      gateway.recorder.nextHandshake();
      assertThat(gateway.counter("connecting")).isEqualTo(1);
    }
    awaitCounter("httpConnections", 0); // its place given back as it left, not at the decision
    gateway.vertx.runOnContext(v -> ws.complete(ConnectDecision.accept()));
    awaitCounter("connecting", 0);
    RawSocket frame = new RawSocket(gateway.framePort());
    try (frame) {
      gateway.recorder.nextHandshake();
      assertThat(gateway.counter("connecting")).isEqualTo(1);
    }
    awaitCounter("connecting", 0); // its place given back as it left
    gateway.vertx.runOnContext(v -> tcp.complete(ConnectDecision.accept()));
    // the address's one place is free again: both were given back
    gateway.recorder.onHandshake = h -> Future.succeededFuture(ConnectDecision.accept());
    Clients.echo(gateway);
    try (RawSocket again = new RawSocket(gateway.framePort())) {
      assertThat(again.sendFrame("in").readFrame()).isEqualTo("in");
    }
    assertThat(gateway.recorder.nextClosed().protocol()).isEqualTo(Protocol.FRAME);
    assertThat(gateway.recorder.closeCounts()).as("only the last one connected").hasSize(1);
    assertThat(gateway.counter("connectionsTotal")).isEqualTo(1);
  }

  private void awaitCounter(String key, long value) {
    Await.condition(gateway.vertx, 20, () -> gateway.verticle.gateway().status()
        .map(status -> status.getJsonObject("node").getLong(key) == value));
  }

  /** @return what the server sent after the response head, until it closed */
  private static String bodyThenEnd(Socket socket) throws IOException {
    return new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
  }
}
