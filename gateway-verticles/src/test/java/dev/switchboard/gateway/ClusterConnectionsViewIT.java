package dev.switchboard.gateway;

import dev.switchboard.gateway.impl.GatewayNode;
import dev.switchboard.testkit.Await;
import dev.switchboard.testkit.ClusterNodes;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The status listener's cluster view of the connections, {@code GET
 * /status/connections?cluster=true}, on 3 clustered gateway nodes with real frame-protocol
 * clients: the rows of every node tagged with its id, at most {@code limit} per node, and a node
 * that does not answer named within the bound (3 s) rather than waited for.
 */
class ClusterConnectionsViewIT {

  private ClusterNodes cluster;
  private final GatewayVerticle[] gateways = new GatewayVerticle[3];
  private final Recorder[] recorders = {new Recorder(), new Recorder(), new Recorder()};
  private final String[] nodeIds = new String[3];

  @BeforeEach
  void start() throws Exception {
    cluster = ClusterNodes.start(3);
    for (int i = 0; i < 3; i++) {
      gateways[i] = new GatewayVerticle(new GatewayOptions().setPort(0).setFramePort(0)
          .setStatusPort(0), recorders[i]);
      Await.result(cluster.vertx(i).deployVerticle(gateways[i]));
      nodeIds[i] = Await.result(GatewayNode.existing(cluster.vertx(i)).status())
          .getJsonObject("node").getJsonObject("routing").getString("node");
    }
  }

  @AfterEach
  void stop() throws Exception {
    cluster.close();
  }

  @Test
  void everyNodesRowsTaggedWithItsIdAndBoundedPerNode() throws Exception {
    try (RawSocket a0 = new RawSocket(gateways[0].actualFramePort());
        RawSocket b0 = new RawSocket(gateways[0].actualFramePort());
        RawSocket a1 = new RawSocket(gateways[1].actualFramePort())) {
      List<String> ids0 = List.of(recorders[0].nextConnection().id(),
          recorders[0].nextConnection().id());
      String id1 = recorders[1].nextConnection().id();

      JsonObject view = new JsonObject(Clients.httpGet(gateways[1].actualStatusPort(),
          "/status/connections?cluster=true"));
      assertThat(view.getInteger("limit")).isEqualTo(1000);
      assertThat(view.getJsonArray("notAnswering")).isEmpty();
      assertThat(view.getJsonObject("nodes").fieldNames()).containsExactlyInAnyOrder(nodeIds);
      assertThat(view.getJsonObject("nodes").getJsonObject(nodeIds[0]))
          .isEqualTo(new JsonObject().put("total", 2).put("rows", 2).put("truncated", false));
      assertThat(view.getJsonObject("nodes").getJsonObject(nodeIds[2]).getInteger("rows"))
          .isZero();
      JsonArray rows = view.getJsonArray("connections");
      assertThat(rows).hasSize(3);
      List<String> ofNode0 = new ArrayList<>();
      for (Object row : rows) {
        JsonObject connection = (JsonObject) row;
        assertThat(connection.getString("protocol")).isEqualTo("frame");
        assertThat(connection.getString("state")).isEqualTo("ESTABLISHED");
        if (connection.getString("node").equals(nodeIds[0])) {
          ofNode0.add(connection.getString("id"));
        } else {
          assertThat(connection.getString("node")).isEqualTo(nodeIds[1]);
        }
      }
      assertThat(ofNode0).hasSize(2);
      // the node's own rows are the same connections as its local view lists
      JsonArray local0 = new JsonArray(Clients.httpGet(gateways[0].actualStatusPort(),
          "/status/connections"));
      List<String> localIds = new ArrayList<>();
      local0.forEach(row -> localIds.add(((JsonObject) row).getString("id")));
      assertThat(ofNode0).containsExactlyInAnyOrderElementsOf(localIds);
      assertThat(ids0).allMatch(id -> id.startsWith(nodeIds[0] + "-"));
      assertThat(id1).startsWith(nodeIds[1] + "-");

      JsonObject limited = new JsonObject(Clients.httpGet(gateways[2].actualStatusPort(),
          "/status/connections?cluster=true&limit=1"));
      assertThat(limited.getJsonObject("nodes").getJsonObject(nodeIds[0]))
          .isEqualTo(new JsonObject().put("total", 2).put("rows", 1).put("truncated", true));
      assertThat(limited.getJsonObject("nodes").getJsonObject(nodeIds[1]).getBoolean(
          "truncated")).isFalse();
      assertThat(limited.getJsonArray("connections")).hasSize(2);
    }
  }

  @Test
  void badLimitsAreRefusedAndTheHttpPortServesNoRows() throws Exception {
    for (String limit : List.of("0", "10001", "-1", "abc", "1.5", "99999999999")) {
      HttpResponse<String> refused = Clients.http(gateways[0].actualStatusPort(), "GET",
          "/status/connections?cluster=true&limit=" + limit);
      assertThat(refused.statusCode()).as(limit).isEqualTo(400);
      assertThat(refused.body()).isEqualTo("limit must be a whole number from 1 to 10000\n");
    }
    assertThat(Clients.http(gateways[0].actualPort(), "GET",
        "/status/connections?cluster=true").statusCode()).isEqualTo(404);
    // nothing else disturbed: the listener still answers
    assertThat(new JsonObject(Clients.httpGet(gateways[0].actualStatusPort(),
        "/status/connections?cluster=true&limit=10000")).getJsonArray("notAnswering")).isEmpty();
  }

  @Test
  void aNodeThatDoesNotAnswerIsNamedWithinTheBound() throws Exception {
    CountDownLatch stalled = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    try (RawSocket a0 = new RawSocket(gateways[0].actualFramePort());
        RawSocket a2 = new RawSocket(gateways[2].actualFramePort())) {
      recorders[0].nextConnection();
      Connection silent = recorders[2].nextConnection();
      silent.context().runOnContext(v -> {
        stalled.countDown();
        try {
          release.await(60, TimeUnit.SECONDS); // node 2's gateway verticle, stalled on purpose
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      });
      assertThat(stalled.await(20, TimeUnit.SECONDS)).isTrue();

      long started = System.nanoTime();
      JsonObject view = new JsonObject(Clients.httpGet(gateways[0].actualStatusPort(),
          "/status/connections?cluster=true"));
      long tookMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
      assertThat(view.getJsonArray("notAnswering")).containsExactly(nodeIds[2]);
      assertThat(view.getJsonObject("nodes").fieldNames()).containsExactlyInAnyOrder(nodeIds[0],
          nodeIds[1]);
      assertThat(view.getJsonArray("connections")).hasSize(1);
      assertThat(view.getJsonArray("connections").getJsonObject(0).getString("node"))
          .isEqualTo(nodeIds[0]);
      assertThat(tookMs).as("answered within the 3 s bound, plus the machine's slack")
          .isGreaterThanOrEqualTo(2_900).isLessThan(10_000);

      JsonObject status = new JsonObject(Clients.httpGet(gateways[1].actualPort(),
          "/status?cluster=true"));
      assertThat(status.getJsonArray("notAnswering")).containsExactly(nodeIds[2]);
      assertThat(status.getJsonObject("cluster").getInteger("nodes")).isEqualTo(2);
    } finally {
      release.countDown();
    }
    // answering again, it is back in the view
    JsonObject view = new JsonObject(Clients.httpGet(gateways[1].actualStatusPort(),
        "/status/connections?cluster=true"));
    assertThat(view.getJsonArray("notAnswering")).isEmpty();
  }
}
