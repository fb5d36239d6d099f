package dev.switchboard.examples.deploy;

import dev.switchboard.examples.ChatBusiness;
import dev.switchboard.gateway.BusinessVerticle;
import dev.switchboard.gateway.GatewayOptions;
import dev.switchboard.gateway.GatewayVerticle;
import dev.switchboard.testkit.Await;
import dev.switchboard.testkit.ClusterNodes;
import dev.switchboard.testkit.LoopbackCluster;
import dev.switchboard.testkit.NodeProcess;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The rolling restart of {@code docs/deployment.md} with real JVMs: two business JVMs
 * ({@code bin/vertx run BusinessVerticle -cluster}, the chat example's business) and a gateway;
 * while clients keep sending and new clients keep coming (each new client's first event asks the
 * shared address which node takes it), each business JVM in turn is stopped with SIGTERM (what
 * {@code systemctl stop} sends), started again, and waited for until it serves clients. No event
 * is lost, none times out at the gateway ({@code businessTimeouts} 0), none is dropped, each is
 * answered exactly once and in order per client, and no client is closed by the gateway (the
 * short-lived clients close themselves once answered: their close events go to the business too).
 */
@Timeout(value = 300, unit = TimeUnit.SECONDS)
class RollingRestartIT {

  private static final Logger LOG = LoggerFactory.getLogger(RollingRestartIT.class);

  private static final Pattern METRICS = Pattern.compile("Metrics listening on [^:]+:(\\d+)");
  private static final Pattern CLIENTS = Pattern.compile(
      "(?m)^switchboard_business_clients\\{[^}]*verticle=\"chat\"[^}]*} (\\S+)$");
  private static final Pattern RECEIVED_REMOTE = Pattern.compile(
      "(?m)^vertx_eventbus_received_total\\{side=\"remote\"} (\\S+)$");
  private static final Pattern ANSWER = Pattern.compile("unknown cmd '(\\S+)'");
  /** Clients that send an event at every tick until the end. */
  private static final int STEADY_CLIENTS = 6;
  /** Events of each of the other clients (one comes every third tick), one per tick. */
  private static final int SHORT_EVENTS = 10;
  private static final long TICK_MILLIS = 100;

  private final List<NodeProcess> processes = new ArrayList<>();
  private ClusterNodes cluster;
  private Vertx clientSide;

  @TempDir
  Path dir;

  @AfterEach
  void stop() throws Exception {
    for (NodeProcess process : processes) {
      process.close();
    }
    if (clientSide != null) {
      Await.result(clientSide.close());
    }
    if (cluster != null) {
      cluster.close();
    }
  }

  /** One client: what it sent and every answer it got. */
  private static final class Client {
    final int index;
    final int limit;
    final WebSocket socket;
    final List<String> answered = new CopyOnWriteArrayList<>();
    final List<String> welcomes = new CopyOnWriteArrayList<>();
    volatile boolean closing;
    volatile boolean closedByServer;
    int sent;

    Client(int index, int limit, WebSocket socket) {
      this.index = index;
      this.limit = limit;
      this.socket = socket;
      socket.textMessageHandler(text -> {
        JsonObject answer = new JsonObject(text);
        if ("welcome".equals(answer.getString("type"))) {
          welcomes.add(text);
        } else {
          Matcher cmd = ANSWER.matcher(String.valueOf(answer.getString("reason")));
          answered.add(cmd.find() ? cmd.group(1) : text);
          if (answered.size() == limit) {
            closing = true; // done: its close event goes to the business too
            socket.close();
          }
        }
      });
      socket.closeHandler(v -> closedByServer = !closing);
    }

    void sendNext() {
      if (sent >= limit) {
        return; // closes once answered
      }
      socket.writeTextMessage(new JsonObject().put("cmd", "c" + index + "-" + sent++).encode());
    }

    List<String> expected() {
      return IntStream.range(0, sent).mapToObj(e -> "c" + index + "-" + e).toList();
    }
  }

  @Test
  void restartingEachBusinessJvmInTurnLosesNoEvent() throws Exception {
    cluster = ClusterNodes.start(1);
    Path xml = LoopbackCluster.writeMemberXml(cluster.clusterName(), cluster.memberAddresses(),
        dir.resolve("cluster.xml"));
    GatewayVerticle gateway = new GatewayVerticle(new GatewayOptions().setPort(0)
        .setBusiness(ChatBusiness.BUSINESS)
        .setBusinessTimeout(GatewayOptions.DEFAULT_BUSINESS_TIMEOUT), null);
    Await.result(cluster.vertx(0).deployVerticle(gateway));
    clientSide = Vertx.vertx();
    HttpClient http = clientSide.createHttpClient();
    startBusiness(xml);
    startBusiness(xml);

    WebSocketClient webSockets = clientSide.createWebSocketClient(
        new WebSocketClientOptions().setMaxConnections(10_000)); // the default is 50
    List<Client> clients = Collections.synchronizedList(new ArrayList<>());
    int[] ticks = {0};
    long timer = clientSide.setPeriodic(TICK_MILLIS, t -> {
      List<Client> now;
      synchronized (clients) {
        now = List.copyOf(clients);
      }
      now.forEach(Client::sendNext);
      int tick = ticks[0]++;
      if (tick < STEADY_CLIENTS || tick % 3 == 0) {
        int limit = tick < STEADY_CLIENTS ? Integer.MAX_VALUE : SHORT_EVENTS;
        webSockets.connect(gateway.actualPort(), LoopbackCluster.HOST, "/")
            .onSuccess(socket -> clients.add(new Client(tick, limit, socket)))
            .onFailure(e -> LOG.error("client of tick {} could not connect", tick, e));
      }
    });
    for (NodeProcess business : List.copyOf(processes)) {
      awaitServing(http, business); // new clients come to both
    }
    // bin/vertx's Vert.x metrics: the event bus's meters are Switchboard's own (their help
    // text says so), and the gateway's events count as received from another node
    String scraped = Await.result(metrics(http, processes.get(0)));
    assertThat(scraped).contains("# HELP vertx_eventbus_handlers Event-bus consumers registered");
    Matcher received = RECEIVED_REMOTE.matcher(scraped);
    assertThat(received.find()).as("received from another node in %s", scraped).isTrue();
    assertThat(Double.parseDouble(received.group(1))).isPositive();
    for (NodeProcess business : List.copyOf(processes)) {
      // stopped as systemctl stop does, started again, and serving new clients before the next
      assertThat(business.stop()).as("a business JVM's exit after SIGTERM").isEqualTo(143);
      awaitServing(http, startBusiness(xml));
      LOG.info("a business JVM restarted; {} clients", clients.size());
    }
    clientSide.cancelTimer(timer);

    List<Client> all = List.copyOf(clients);
    assertThat(all).hasSizeGreaterThan(STEADY_CLIENTS);
    // settled: every client's events answered, or counted as timed out after businessTimeout
    Await.result(Await.until(cluster.vertx(0), 100, Duration.ofSeconds(90), () ->
        gateway.gateway().status().map(status -> {
          long missing = all.stream().mapToLong(c -> c.sent - c.answered.size()).sum();
          return missing <= status.getJsonObject("node").getLong("businessTimeouts");
        })), Duration.ofSeconds(95), "the answers");
    JsonObject node = Await.result(gateway.gateway().status()).getJsonObject("node");
    LOG.info("after the rolling restart: {} clients, {} events, gateway {}", all.size(),
        all.stream().mapToInt(c -> c.sent).sum(), node.fieldNames().stream()
            .filter(k -> k.startsWith("business")).map(k -> k + "=" + node.getValue(k)).toList());
    for (Client client : all) {
      assertThat(client.answered).as("client %s's answers", client.index)
          .containsExactlyElementsOf(client.expected());
      assertThat(client.welcomes).as("client %s's welcomes", client.index).hasSize(1);
      assertThat(client.closedByServer).as("client %s closed by the gateway", client.index)
          .isFalse();
    }
    assertThat(node.getLong("businessTimeouts")).isZero();
    assertThat(node.getLong("businessDropped")).isZero();
    assertThat(node.getLong("businessFailures")).isZero();
  }

  /** @return a new business JVM, once it runs (named by its metrics port) */
  private NodeProcess startBusiness(Path xml) throws Exception {
    JsonObject conf = new JsonObject().put("business", ChatBusiness.BUSINESS)
        .put("handler", ChatBusiness.class.getName())
        .put("metrics", new JsonObject().put("port", 0));
    ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("user.dir"))
        .getParent().resolve("bin/vertx").toString(), "run", BusinessVerticle.class.getName(),
        "-cluster", "-cluster-host", LoopbackCluster.HOST, "-conf", conf.encode());
    builder.environment().put("JAVA_OPTS", "-Dvertx.hazelcast.config=" + xml);
    NodeProcess process = NodeProcess.launch(builder, METRICS);
    processes.add(process);
    return process;
  }

  /** @return the business JVM's metrics as {@code GET /metrics} renders them */
  private static Future<String> metrics(HttpClient http, NodeProcess business) {
    int port = Integer.parseInt(business.memberAddress());
    return http.request(HttpMethod.GET, port, LoopbackCluster.HOST, "/metrics")
        .compose(request -> request.send().compose(response -> response.body()))
        .map(Object::toString);
  }

  /** Waits until the business JVM has taken clients (its metrics say so). */
  private void awaitServing(HttpClient http, NodeProcess business) {
    Await.result(Await.until(clientSide, 100, Duration.ofSeconds(60), () ->
        metrics(http, business).map(body -> {
          Matcher clients = CLIENTS.matcher(body);
          return clients.find() && Double.parseDouble(clients.group(1)) > 0;
        })), Duration.ofSeconds(65), "business node on metrics port "
        + business.memberAddress() + " serving");
  }

}
