package dev.switchboard.gateway;

import dev.switchboard.testkit.Await;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.ClientWebSocket;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.PemTrustOptions;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A node's view: deploying by name from config, broadcasts across verticles, sends from other
 * threads, the status endpoints and TLS.
 */
class GatewayNodeIT {

  @Test
  void deployedByNameWithoutHandlerItAcceptsAndCountsConnections() throws Exception {
    Vertx vertx = Vertx.vertx();
    try {
      String id = Await.result(vertx.deployVerticle(GatewayVerticle.class.getName(),
          new DeploymentOptions().setConfig(new JsonObject().put("port", 0).put("textPort", 0))));
      assertThat(id).isNotNull();
      GatewayHarnessProbe probe = new GatewayHarnessProbe(vertx);
      try (RawSocket client = new RawSocket(probe.textPort())) {
        client.sendLine("hello");
        Await.condition(vertx, 10, () -> probe.status().map(s ->
            s.getJsonObject("node").getLong("totalRequest") == 1));
        JsonObject node = Await.result(probe.status()).getJsonObject("node");
        assertThat(node.getLong("connections")).isEqualTo(1);
        assertThat(node.getLong("bytesIn")).isEqualTo(6);
      }
    } finally {
      Await.result(vertx.close());
    }
  }

  @Test
  void badConfigFailsTheDeploymentWithTheReason() {
    Vertx vertx = Vertx.vertx();
    try {
      Throwable policy = Await.failure(vertx.deployVerticle(GatewayVerticle.class.getName(),
          new DeploymentOptions().setConfig(new JsonObject().put("port", 0)
              .put("overflowPolicy", "SOMETIMES"))));
      assertThat(policy).hasMessageContaining("overflowPolicy must be DROP or CLOSE");
      Throwable handler = Await.failure(vertx.deployVerticle(GatewayVerticle.class.getName(),
          new DeploymentOptions().setConfig(new JsonObject().put("port", 0)
              .put("handler", "com.example.Missing"))));
      assertThat(handler).hasMessageContaining("handler class not found: com.example.Missing");
      Throwable type = Await.failure(vertx.deployVerticle(GatewayVerticle.class.getName(),
          new DeploymentOptions().setConfig(new JsonObject().put("port", "eighty"))));
      assertThat(type).hasMessage("port must be a number, got \"eighty\"");
      assertThat(vertx.deploymentIDs()).isEmpty();
    } finally {
      Await.result(vertx.close());
    }
  }

  @Test
  void broadcastsReachEveryConnectionOfEveryVerticleOfTheNode() throws Exception {
    try (GatewayHarness gateway = new GatewayHarness()) {
      Recorder second = new Recorder();
      GatewayVerticle other = new GatewayVerticle(new GatewayOptions().setPort(0).setFramePort(0)
          .setTextPort(0), second);
      Await.result(gateway.vertx.deployVerticle(other));
      try (RawSocket a = new RawSocket(gateway.framePort());
          RawSocket b = new RawSocket(other.actualFramePort());
          RawSocket c = new RawSocket(other.actualTextPort())) {
        List<String> wsReceived = new CopyOnWriteArrayList<>();
        // held to the end: Vert.x closes a client it finds unreachable, and its WebSockets with it
        WebSocketClient wsClient = gateway.clientVertx.createWebSocketClient();
        ClientWebSocket ws = wsClient.webSocket();
        ws.textMessageHandler(wsReceived::add);
        Await.result(ws.connect(gateway.port(), "127.0.0.1", "/"));
        Connection ca = gateway.recorder.nextConnection();
        gateway.recorder.nextConnection();
        second.nextConnection();
        Connection cc = second.nextConnection();
        LocalGateway node = gateway.recorder.gateway;
        assertThat(node.connectionCount()).isEqualTo(4);

        BroadcastResult all = Await.result(node.sendToAll("to everyone"));
        assertThat(all.accepted()).isEqualTo(4);
        assertThat(a.readFrame()).isEqualTo("to everyone");
        assertThat(b.readFrame()).isEqualTo("to everyone");
        assertThat(c.readLine()).isEqualTo("to everyone");
        Await.condition(gateway.vertx, 5, () -> Future.succeededFuture(wsReceived.size() == 1));

        BroadcastResult some = Await.result(node.sendTo(List.of(ca, cc), Buffer.buffer("some")));
        assertThat(some).isEqualTo(new BroadcastResult(some.written(), some.queued(), 0, 0));
        assertThat(some.accepted()).isEqualTo(2);
        assertThat(a.readFrame()).isEqualTo("some");
        assertThat(c.readLine()).isEqualTo("some");
        assertThat(node.connection(ca.id())).isSameAs(ca);
        assertThat(node.connection("no-such")).isNull();

        // a newline cannot travel on the text protocol: refused before anything is sent
        Throwable newline = Await.failure(node.sendToAll("two\nlines"));
        assertThat(newline).isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("must not contain");
        Throwable direct = Await.failure(cc.sendAsync("two\nlines"));
        assertThat(direct).isInstanceOf(IllegalArgumentException.class);

        // from a thread that is not the connection's
        assertThat(Await.result(ca.sendAsync("from afar"))).isIn(SendResult.WRITTEN,
            SendResult.QUEUED);
        assertThat(a.readFrame()).isEqualTo("from afar");
        Throwable wrongThread = null;
        try {
          ca.send("not here");
        } catch (IllegalStateException e) {
          wrongThread = e;
        }
        assertThat(wrongThread).hasMessageContaining("connection's context");
        assertThat(wsReceived).containsExactly("to everyone");
        Await.result(wsClient.close());
      }
    }
  }

  @Test
  void broadcastsQueuedTogetherGoOutInOrderAndBeforeALaterSend() throws Exception {
    try (GatewayHarness gateway = new GatewayHarness()) {
      List<String> received = new CopyOnWriteArrayList<>();
      // held to the end: Vert.x closes a client it finds unreachable, and its WebSockets with it
      WebSocketClient wsClient = gateway.clientVertx.createWebSocketClient();
      ClientWebSocket ws = wsClient.webSocket();
      ws.textMessageHandler(received::add);
      Await.result(ws.connect(gateway.port(), "127.0.0.1", "/"));
      Connection connection = gateway.recorder.nextConnection();
      try (RawSocket frame = new RawSocket(gateway.framePort())) {
        Connection frameConnection = gateway.recorder.nextConnection();
        LocalGateway node = gateway.recorder.gateway;
        // on the connections' context: the broadcasts (to all, and to some) queue up and are sent
        // together, each connection getting its own in order; then the send must not overtake them
        List<Future<BroadcastResult>> results = Await.result(Future.future(p ->
            connection.context().runOnContext(v -> {
              List<Future<BroadcastResult>> sent = new ArrayList<>();
              sent.add(node.sendToAll("broadcast 1"));
              sent.add(node.sendTo(List.of(connection), "to ws 2"));
              sent.add(node.sendToAll("broadcast 3"));
              sent.add(node.sendTo(List.of(frameConnection), "to frame 4"));
              sent.add(node.sendToAll("broadcast 5"));
              connection.send("direct");
              p.complete(sent);
            })));
        assertThat(results).extracting(r -> Await.result(r).accepted())
            .containsExactly(2, 1, 2, 1, 2);
        Await.condition(gateway.vertx, 5, () -> Future.succeededFuture(received.size() == 5));
        assertThat(received).containsExactly("broadcast 1", "to ws 2", "broadcast 3",
            "broadcast 5", "direct");
        assertThat(List.of(frame.readFrame(), frame.readFrame(), frame.readFrame(),
            frame.readFrame())).containsExactly("broadcast 1", "broadcast 3", "to frame 4",
            "broadcast 5");
        Await.result(wsClient.close());
      }
    }
  }

  @Test
  void instancesSharingAPortServeEachClientOnTheirOwnContext() throws Exception {
    Vertx vertx = Vertx.vertx();
    Vertx clients = Vertx.vertx();
    try {
      int port;
      try (java.net.ServerSocket probe = new java.net.ServerSocket(0, 1,
          java.net.InetAddress.getLoopbackAddress())) {
        port = probe.getLocalPort();
      }
      Recorder recorder = new Recorder();
      recorder.onMessage = (connection, message) -> connection.send(message);
      Await.result(vertx.deployVerticle(() -> new GatewayVerticle(new GatewayOptions()
          .setPort(port), recorder), new DeploymentOptions().setInstances(2)));
      // held to the end: Vert.x closes a client it finds unreachable, and its WebSockets with it
      WebSocketClient wsClient = clients.createWebSocketClient();
      for (int i = 0; i < 4; i++) {
        List<String> echoed = new CopyOnWriteArrayList<>();
        ClientWebSocket ws = wsClient.webSocket();
        ws.handler(message -> echoed.add(message.toString())); // echoed as a binary message
        Await.result(ws.connect(port, "127.0.0.1", "/"));
        ws.writeTextMessage("client " + i);
        Await.condition(clients, 5, () -> Future.succeededFuture(!echoed.isEmpty()));
        assertThat(echoed).containsExactly("client " + i);
      }
      JsonObject node = Await.result(recorder.gateway.status()).getJsonObject("node");
      assertThat(node.getLong("connections")).isEqualTo(4);
      assertThat(node.getLong("exceptions")).isZero();
      Await.result(wsClient.close());
    } finally {
      Await.result(clients.close());
      Await.result(vertx.close());
    }
  }

  @Test
  void statusAndConnectionsViewsDescribeTheNode() throws Exception {
    try (GatewayHarness gateway = new GatewayHarness();
        RawSocket client = new RawSocket(gateway.framePort())) {
      Clients.echo(gateway);
      assertThat(client.sendFrame("ping me").readFrame()).isEqualTo("ping me");
      JsonObject status = gateway.status();
      JsonObject node = status.getJsonObject("node");
      assertThat(node.getInteger("verticles")).isEqualTo(1);
      assertThat(node.getLong("connections")).isEqualTo(1);
      assertThat(node.getLong("connectionsTotal")).isEqualTo(1);
      assertThat(node.getLong("totalRequest")).isEqualTo(1);
      assertThat(node.getLong("bytesIn")).isEqualTo(11);
      assertThat(node.getLong("bytesOut")).isEqualTo(11);
      assertThat(node.getLong("heapUsed")).isPositive();
      // a reply from onMessage is flushed when the read completes: QUEUED, then drained
      assertThat(node.getLong("bufferDrain")).isEqualTo(1);
      for (String key : List.of("sendFail", "dropped", "bufferFull",
          "slowDisconnects", "pendingBytes", "heartbeatCloses", "authCloses", "closeTimeouts",
          "refused", "originRefused", "tooLarge", "protocolErrors", "exceptions")) {
        assertThat(node.getLong(key)).as(key).isZero();
      }
      JsonArray verticles = status.getJsonArray("verticles");
      assertThat(verticles.getJsonObject(0).getInteger("framePort"))
          .isEqualTo(gateway.framePort());

      JsonObject line = gateway.connections().getJsonObject(0);
      assertThat(line.getString("protocol")).isEqualTo("frame");
      assertThat(line.getString("remoteAddress")).startsWith("127.0.0.1:");
      assertThat(line.getString("state")).isEqualTo("ESTABLISHED");
      assertThat(line.getLong("bytesRead")).isEqualTo(11);
      assertThat(line.getLong("bytesWritten")).isEqualTo(11);
      assertThat(line.getLong("recvQ")).isZero();
      assertThat(line.getLong("sendQ")).isZero();
    }
  }

  @Test
  void handlerExceptionsAreCountedAndTheConnectionStays() throws Exception {
    try (GatewayHarness gateway = new GatewayHarness();
        RawSocket client = new RawSocket(gateway.textPort())) {
      gateway.recorder.onMessage = (connection, message) -> {
        if (message.toString().equals("boom")) {
          throw new IllegalStateException("application bug");
        }
        connection.send("ok " + message);
      };
      client.sendLine("boom").sendLine("after");
      assertThat(client.readLine()).isEqualTo("ok after");
      assertThat(gateway.counter("exceptions")).isEqualTo(1);
    }
  }

  @Test
  void webSocketOverTls() throws Exception {
    String key = resource("tls-key.pem");
    String cert = resource("tls-cert.pem");
    try (GatewayHarness gateway = new GatewayHarness(o -> o.setSsl(true).setPemKeyPath(key)
        .setPemCertPath(cert))) {
      Clients.echo(gateway);
      HttpClient https = gateway.clientVertx.createHttpClient(new HttpClientOptions().setSsl(true)
          .setTrustOptions(new PemTrustOptions().addCertPath(cert)));
      // also warms the client up: Vert.x 5.1.5's WebSocket client loses the first TLS connection
      // of a fresh Vert.x instance ("Connection evicted"), whatever the server
      assertThat(tlsConnections(https, gateway.port())).isZero();
      // held to the end: Vert.x closes a client it finds unreachable, and its WebSockets with it
      WebSocketClient wsClient = gateway.clientVertx.createWebSocketClient(
          new WebSocketClientOptions().setSsl(true)
              .setTrustOptions(new PemTrustOptions().addCertPath(cert)));
      ClientWebSocket ws = wsClient.webSocket();
      Promise<Buffer> echoed = Promise.promise();
      ws.handler(echoed::tryComplete);
      Await.result(ws.connect(gateway.port(), "127.0.0.1", "/"));
      ws.writeTextMessage("secret");
      assertThat(Await.result(echoed.future()).toString()).isEqualTo("secret");
      assertThat(tlsConnections(https, gateway.port())).isEqualTo(1);
      Await.result(wsClient.close());
    }
  }

  private static long tlsConnections(HttpClient https, int port) {
    return Await.result(https.request(HttpMethod.GET, port, "127.0.0.1", "/status")
        .compose(r -> r.send().compose(response -> response.body()))).toJsonObject()
        .getJsonObject("node").getLong("connections");
  }

  private static String resource(String name) throws Exception {
    return java.nio.file.Path.of(GatewayNodeIT.class.getResource("/" + name).toURI()).toString();
  }

  /** Reads a node's status without a harness (the verticle was deployed by name). */
  private static final class GatewayHarnessProbe {
    private final dev.switchboard.gateway.impl.GatewayNode node;

    GatewayHarnessProbe(Vertx vertx) {
      this.node = dev.switchboard.gateway.impl.GatewayNode.existing(vertx);
    }

    Future<JsonObject> status() {
      return node.status();
    }

    int textPort() throws Exception {
      return Await.result(status()).getJsonArray("verticles").getJsonObject(0)
          .getInteger("textPort");
    }
  }
}
