package dev.switchboard.examples.deploy;

import dev.switchboard.gateway.BusinessHandler;
import dev.switchboard.gateway.BusinessOptions;
import dev.switchboard.gateway.BusinessVerticle;
import dev.switchboard.gateway.ClientInfo;
import dev.switchboard.gateway.Gateway;
import dev.switchboard.gateway.GatewayOptions;
import dev.switchboard.gateway.GatewayVerticle;
import dev.switchboard.testkit.Await;
import dev.switchboard.testkit.ClusterNodes;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.WebSocket;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The rolling restart of {@code docs/deployment.md}: business instances on two nodes, a gateway on
 * a third; clients keep sending events while one business node stops as {@code systemctl stop}
 * stops it (SIGTERM: the launcher's shutdown hook closes Vert.x). It costs nothing: before Vert.x
 * undeploys anything, the stopping node drains its business ({@code BusinessOptions}
 * {@code stopDrainTimeout}): the events it had taken are answered, and those still sent to it are
 * refused so that the gateway sends them to the other node at once. Every event is answered
 * exactly once, in order per client; none times out ({@code businessTimeouts} 0), none is dropped
 * and no client is closed. (Without the drain, the events the node's consumers received after
 * they were gone, or whose answers went with the node, timed out at the gateway after its
 * {@code businessTimeout}. An undeploy inside a running node loses nothing either:
 * {@code BusinessIT#redeployingTheBusinessDropsNoConnectionAndNoEvent}.)
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class BusinessRestartIT {

  private static final String BUSINESS = "restart";
  private static final int CLIENTS = 8;
  private static final int EVENTS = 60;
  /** Events each client sends before the business node is stopped. */
  private static final int BEFORE_STOP = 10;

  private static final Logger LOG = LoggerFactory.getLogger(BusinessRestartIT.class);

  private ClusterNodes cluster;

  @AfterEach
  void stop() throws Exception {
    if (cluster != null) {
      cluster.close();
    }
  }

  /** Answers each event to its client and records it, on whichever node it runs. */
  private static final class Recorder implements BusinessHandler {
    private final Map<String, List<String>> handled;
    private Gateway gateway;

    Recorder(Map<String, List<String>> handled) {
      this.handled = handled;
    }

    @Override
    public void onStart(Gateway gateway) {
      this.gateway = gateway;
    }

    @Override
    public Future<Void> onMessage(ClientInfo client, Buffer message) {
      handled.computeIfAbsent(client.id(), id -> Collections.synchronizedList(new ArrayList<>()))
          .add(message.toString());
      return gateway.sendToClient(client.id(), "handled " + message).mapEmpty();
    }
  }

  @Test
  void stoppingABusinessNodeLosesNoEvent() throws Exception {
    cluster = ClusterNodes.start(3);
    Map<String, List<String>> handled = new ConcurrentHashMap<>();
    for (int node = 1; node <= 2; node++) {
      Await.result(cluster.vertx(node).deployVerticle(() -> new BusinessVerticle(
          new BusinessOptions().setBusiness(BUSINESS), new Recorder(handled)),
          new DeploymentOptions().setInstances(2)));
    }
    GatewayVerticle gateway = new GatewayVerticle(new GatewayOptions().setPort(0)
        .setBusiness(BUSINESS).setBusinessTimeout(GatewayOptions.DEFAULT_BUSINESS_TIMEOUT), null);
    Await.result(cluster.vertx(0).deployVerticle(gateway));

    var webSockets = cluster.vertx(0).createWebSocketClient();
    List<WebSocket> sockets = new ArrayList<>();
    List<List<String>> answers = new ArrayList<>();
    for (int c = 0; c < CLIENTS; c++) {
      List<String> received = Collections.synchronizedList(new ArrayList<>());
      WebSocket socket = Await.result(webSockets.connect(gateway.actualPort(), "127.0.0.1", "/"));
      socket.textMessageHandler(received::add);
      sockets.add(socket);
      answers.add(received);
    }
    Future<Void> stopped = null;
    for (int e = 0; e < EVENTS; e++) {
      if (e == BEFORE_STOP) {
        // the first events are on their way: stop one business node as SIGTERM does
        stopped = cluster.vertx(1).close();
      }
      for (int c = 0; c < CLIENTS; c++) {
        Await.result(sockets.get(c).writeTextMessage("c" + c + "-" + e));
      }
    }
    Await.result(stopped, Duration.ofSeconds(60), "the business node's stop");
    // settled: each client's last event answered, and every event not answered counted as
    // timed out (after businessTimeout); within a bound, the assertions below say what was not
    Await.result(Await.until(cluster.vertx(0), 50, Duration.ofSeconds(60), () ->
        gateway.gateway().status().map(status -> {
          long missing = answers.stream().mapToLong(a -> EVENTS - a.size()).sum();
          return IntStream.range(0, CLIENTS).allMatch(c -> answers.get(c).contains(
              "handled c" + c + "-" + (EVENTS - 1)))
              && status.getJsonObject("node").getLong("businessTimeouts") >= missing;
        })).otherwiseEmpty(), Duration.ofSeconds(65), "the answers");
    JsonObject node = Await.result(gateway.gateway().status()).getJsonObject("node");
    LOG.info("after the stop: gateway {}, answers per client {}, handled per client {}",
        node.fieldNames().stream().filter(k -> k.startsWith("business"))
            .map(k -> k + "=" + node.getValue(k)).toList(),
        answers.stream().map(List::size).toList(),
        handled.values().stream().map(List::size).toList());

    for (int c = 0; c < CLIENTS; c++) {
      int client = c;
      List<String> expected = IntStream.range(0, EVENTS)
          .mapToObj(e -> "handled c" + client + "-" + e).toList();
      // every event answered once, in order: those the stopping node had taken by it, the others
      // (refused while it drained) by the other node
      assertThat(List.copyOf(answers.get(c))).as("client %s's answers", c)
          .containsExactlyElementsOf(expected);
    }
    // none was lost on its way to the stopping node, so none timed out, and each ran once
    assertThat(node.getLong("businessTimeouts")).isZero();
    assertThat(handled.values()).allSatisfy(events -> assertThat(events)
        .doesNotHaveDuplicates().hasSize(EVENTS));
    assertThat(node.getLong("businessDropped")).isZero();
    assertThat(node.getLong("businessFailures")).isZero();
    assertThat(gateway.gateway().connectionCount()).isEqualTo(CLIENTS);
  }
}
