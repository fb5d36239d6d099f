package dev.switchboard.gateway;

import dev.switchboard.gateway.impl.GatewayNode;
import dev.switchboard.testkit.Await;
import dev.switchboard.testkit.ClusterNodes;
import dev.switchboard.testkit.LogCapture;
import dev.switchboard.testkit.Php;
import dev.switchboard.testkit.PhpProcess;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * PHP BusinessWorkers ({@code business_worker.php}: GatewayWorker's BusinessWorker protocol
 * written with PHP's own pack() and serialize(), and an Events-like handler) serving WebSocket
 * clients of a 3-node cluster whose gateways run the GatewayWorker inner listener and forward
 * their events to PHP; the workers find the gateways through a {@link RegisterVerticle}.
 */

class BusinessWorkerIT {

  private static final Duration WAIT = Duration.ofSeconds(20);

  private ClusterNodes cluster;
  private final GatewayVerticle[] gateways = new GatewayVerticle[3];
  private RegisterVerticle register;
  private final List<PhpProcess> php = new ArrayList<>();
  private final List<Client> clients = new ArrayList<>();
  /** Kept referenced: Vert.x closes a WebSocket client that is garbage collected. */
  private final List<WebSocketClient> webSocketClients = new ArrayList<>();

  @BeforeEach
  void start() throws Exception {
    cluster = ClusterNodes.start(3);
    for (int i = 0; i < 3; i++) {
      gateways[i] = new GatewayVerticle(new GatewayOptions().setPort(0)
          .setWorkerman(new GatewayWorkermanOptions().setPort(0)), null);
      Await.result(cluster.vertx(i).deployVerticle(gateways[i]));
    }
    register = new RegisterVerticle(new RegisterOptions().setPort(0));
    Await.result(cluster.vertx(2).deployVerticle(register));
    Await.condition(cluster.vertx(2), 20,
        () -> Future.succeededFuture(register.addresses().size() == 3));
  }

  @AfterEach
  void stop() throws Exception {
    for (Client client : clients) {
      client.socket.close();
    }
    for (PhpProcess process : php) {
      process.close();
    }
    cluster.close();
  }

  private PhpProcess worker(String name, String... mode) throws Exception {
    List<String> args = new ArrayList<>(List.of("127.0.0.1:" + register.actualPort(), "", name));
    args.addAll(List.of(mode));
    PhpProcess process = Php.start(Php.script("business_worker.php"), args.toArray(String[]::new));
    php.add(process);
    process.awaitLine(line -> line.startsWith("gateways ")
        && new JsonArray(line.substring(9)).size() == 3, WAIT);
    return process;
  }

  /** Waits until every gateway node counts this many BusinessWorkers. */
  private void awaitWorkers(int count) {
    for (int i = 0; i < 3; i++) {
      GatewayNode node = GatewayNode.existing(cluster.vertx(i));
      Await.condition(cluster.vertx(i), 20, () -> Future.succeededFuture(
          node.phpWorkers().status().getInteger("workers") == count));
    }
  }

  /** A WebSocket client of one node, and its client id there. */
  private record Client(WebSocket socket, BlockingQueue<String> received, String id) {
    String next() throws InterruptedException {
      String message = received.poll(20, TimeUnit.SECONDS);
      assertThat(message).as("a message within 20 s").isNotNull();
      return message;
    }

    void send(String text) {
      Await.result(socket.writeTextMessage(text));
    }
  }

  private Client connect(int node, String uri, String cookie) throws Exception {
    Vertx vertx = cluster.vertx(node);
    List<String> before = ids(node);
    BlockingQueue<String> received = new LinkedBlockingQueue<>();
    WebSocketConnectOptions options = new WebSocketConnectOptions().setHost("127.0.0.1")
        .setPort(gateways[node].actualPort()).setURI(uri);
    if (cookie != null) {
      options.addHeader("Cookie", cookie);
    }
    WebSocketClient webSockets = vertx.createWebSocketClient();
    webSocketClients.add(webSockets);
    WebSocket socket = Await.result(webSockets.connect(options));
    socket.textMessageHandler(received::add);
    String[] id = new String[1];
    Await.condition(vertx, 10, () -> {
      List<String> now = ids(node);
      now.removeAll(before);
      id[0] = now.isEmpty() ? null : now.get(0);
      return Future.succeededFuture(id[0] != null);
    });
    Client client = new Client(socket, received, id[0]);
    clients.add(client);
    return client;
  }

  private List<String> ids(int node) {
    JsonArray rows = Await.result(GatewayNode.existing(cluster.vertx(node)).connections());
    List<String> ids = new ArrayList<>();
    rows.forEach(row -> ids.add(((JsonObject) row).getString("id")));
    return ids;
  }

  /** @return the JSON of the worker's line {@code <event> <client id> <json>} */
  private static JsonObject line(PhpProcess worker, String event, String id) throws Exception {
    String prefix = event + " " + id + " ";
    return new JsonObject(worker.awaitLine(line -> line.startsWith(prefix), WAIT)
        .substring(prefix.length()));
  }

  @Test
  void onePhpWorkerServesTheWebSocketClientsOfTwoNodes() throws Exception {
    PhpProcess worker = worker("Events");
    awaitWorkers(1);
    Client a = connect(0, "/?room=r1&name=ann", "sid=42");
    Client b = connect(1, "/", null);
    assertThat(a.id()).matches("[0-9a-f]{20}");

    JsonObject connectA = line(worker, "connect", a.id());
    assertThat(connectA.getValue("session")).isNull();
    assertThat(connectA.getString("remote")).startsWith("127.0.0.1:");
    assertThat(connectA.getInteger("gateway_port")).isEqualTo(gateways[0].actualPort());
    JsonObject handshake = line(worker, "wsconnect", a.id());
    assertThat(handshake.getJsonObject("get")).isEqualTo(new JsonObject().put("room", "r1")
        .put("name", "ann"));
    assertThat(handshake.getJsonObject("cookie")).isEqualTo(new JsonObject().put("sid", "42"));
    JsonObject server = handshake.getJsonObject("server");
    // the query string is the parameters encoded again (their order is not kept)
    assertThat(server.getString("QUERY_STRING").split("&")).containsExactlyInAnyOrder("room=r1",
        "name=ann");
    assertThat(server.getString("REQUEST_URI")).isEqualTo("/?" + server.getString("QUERY_STRING"));
    assertThat(server.getString("HTTP_COOKIE")).isEqualTo("sid=42");
    assertThat(server.getString("REMOTE_ADDR")).isEqualTo("127.0.0.1");
    assertThat(server.getInteger("SERVER_PORT")).isEqualTo(gateways[0].actualPort());
    line(worker, "connect", b.id());

    // onMessage, with the session the worker's onConnect wrote back (CMD_SET_SESSION)
    a.send("hello");
    assertThat(a.next()).isEqualTo("echo: hello");
    assertThat(line(worker, "message", a.id())).isEqualTo(new JsonObject().put("body", "hello")
        .put("session", new JsonObject().put("greeted", true).put("count", 0))
        .put("same", true)); // ext_data byte for byte what PHP's serialize() wrote
    a.send("again");
    assertThat(a.next()).isEqualTo("echo: again");
    assertThat(worker.awaitLine(line -> line.startsWith("message " + a.id())
        && line.contains("again"), WAIT)).contains("\"count\":1");

    // joinGroup on each node, and one sendToGroup (sent to every gateway) reaching both once
    a.send("join room");
    assertThat(a.next()).isEqualTo("joined room");
    b.send("join room");
    assertThat(b.next()).isEqualTo("joined room");
    a.send("group room hi all");
    assertThat(a.next()).isEqualTo("hi all");
    assertThat(b.next()).isEqualTo("hi all");
    a.send("after");
    assertThat(a.next()).isEqualTo("echo: after");
    b.send("after");
    assertThat(b.next()).isEqualTo("echo: after");

    JsonObject status = new JsonObject(Clients.httpGet(gateways[0].actualPort(), "/status"));
    assertThat(status.getJsonObject("node").getJsonObject("businessWorkers"))
        .isEqualTo(new JsonObject().put("workers", 1).put("clients", 1).put("dropped", 0));

    // onClose, with the session as it was
    Await.result(b.socket().close());
    JsonObject closeB = line(worker, "close", b.id());
    assertThat(closeB.getJsonObject("session")).isEqualTo(new JsonObject()
        .put("greeted", true).put("count", 2));
  }

  @Test
  void clientsAreSpreadOverWorkersAndMoveWhenTheirWorkerIsKilled() throws Exception {
    PhpProcess first = worker("One");
    PhpProcess second = worker("Two");
    awaitWorkers(2);
    Client a = connect(0, "/", null);
    Client b = connect(0, "/", null);
    // least connections: one client each (a's connect line is awaited before it is looked for)
    Await.condition(cluster.vertx(0), 20, () -> Future.succeededFuture(
        hasLine(first, "connect " + a.id()) || hasLine(second, "connect " + a.id())));
    PhpProcess ofA = hasLine(first, "connect " + a.id()) ? first : second;
    PhpProcess other = ofA == first ? second : first;
    line(ofA, "connect", a.id());
    line(other, "connect", b.id());

    // sticky: a's messages keep going to its worker
    a.send("one");
    assertThat(a.next()).isEqualTo("echo: one");
    line(ofA, "message", a.id());
    ofA.kill(); // SIGKILL
    awaitWorkers(1);

    // a is served again, by the worker left, with its session (kept on the gateway)
    a.send("two");
    assertThat(a.next()).isEqualTo("echo: two");
    assertThat(line(other, "message", a.id()).getJsonObject("session").getInteger("count"))
        .isEqualTo(1);

    // a worker started again takes the next client (it has the fewest)
    PhpProcess restarted = worker("One");
    awaitWorkers(2);
    Client c = connect(0, "/", null);
    line(restarted, "connect", c.id());
    c.send("three");
    assertThat(c.next()).isEqualTo("echo: three");
  }

  @Test
  void withNoWorkerAClientIsClosedWithNoBusinessAndOthersAreServed() throws Exception {
    WebSocketClient webSockets = cluster.vertx(1).createWebSocketClient();
    webSocketClients.add(webSockets);
    WebSocket lonely = Await.result(webSockets.connect(gateways[1].actualPort(), "127.0.0.1",
        "/"));
    Await.condition(cluster.vertx(1), 20, () -> Future.succeededFuture(lonely.isClosed()));
    assertThat(lonely.closeReason()).isEqualTo("no_business");
    PhpProcess worker = worker("Events");
    awaitWorkers(1);
    Client served = connect(1, "/", null);
    served.send("hi");
    assertThat(served.next()).isEqualTo("echo: hi");
    assertThat(worker.lines()).filteredOn(line -> line.startsWith("connect "))
        .containsExactly(worker.lines().stream().filter(line -> line.startsWith("connect "
            + served.id())).findFirst().orElseThrow());
  }

  @Test
  void eventsForAWorkerThatDoesNotReadAreDroppedAndCounted() throws Exception {
    PhpProcess stalled = worker("Stalled", "stall");
    stalled.awaitLine("stalled"::equals, WAIT);
    awaitWorkers(1);
    Client a = connect(0, "/", null);
    String big = "x".repeat(60_000);
    GatewayNode node = GatewayNode.existing(cluster.vertx(0));
    try (LogCapture log = new LogCapture("dev.switchboard.gateway.impl.phpworker")) {
      // far more than the socket's and the kernel's buffers hold: the rest is dropped
      for (int i = 0; i < 400 && node.phpWorkers().status().getLong("dropped") == 0; i++) {
        a.send(big);
      }
      Await.condition(cluster.vertx(0), 20, () -> Future.succeededFuture(
          node.phpWorkers().status().getLong("dropped") > 0));
      // the WARN is rate-limited (a line a second): while it has not come, another drop is made
      Await.condition(cluster.vertx(0), 200, () -> {
        boolean logged = log.lines().stream().anyMatch(line -> line.startsWith("WARN ")
            && line.contains("of client " + a.id() + " dropped: the send buffer to BusinessWorker"));
        if (!logged) {
          a.send(big);
        }
        return Future.succeededFuture(logged);
      });
    }
    // the client stays connected, the gateway answers
    assertThat(a.socket().isClosed()).isFalse();
    JsonObject status = new JsonObject(Clients.httpGet(gateways[0].actualPort(), "/status"));
    assertThat(status.getJsonObject("node").getJsonObject("businessWorkers").getLong("dropped"))
        .isPositive();
  }

  private static boolean hasLine(PhpProcess process, String prefix) {
    return process.lines().stream().anyMatch(line -> line.startsWith(prefix));
  }
}
