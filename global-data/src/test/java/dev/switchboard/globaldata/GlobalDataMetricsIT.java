package dev.switchboard.globaldata;

import dev.switchboard.core.MetricsOptions;
import dev.switchboard.core.internal.NodeMetrics;
import dev.switchboard.testkit.ClusteredTestBase;
import dev.switchboard.testkit.ScrapedMetrics;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static dev.switchboard.testkit.Await.failure;
import static dev.switchboard.testkit.Await.result;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * GlobalData's meters ({@code switchboard_globaldata_*}) count and time each operation by its
 * name and result, in member and in client mode, on real Hazelcast members.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class GlobalDataMetricsIT extends ClusteredTestBase {

  private static final String OPS = "switchboard_globaldata_ops_total";
  private static final String LATENCY = "switchboard_globaldata_op_seconds";

  private final List<Vertx> plain = new ArrayList<>();

  @AfterEach
  void closePlain() {
    plain.forEach(v -> result(v.close()));
  }

  private static ScrapedMetrics scrape(Vertx vertx) {
    return ScrapedMetrics.parse(NodeMetrics.scrape(vertx));
  }

  /** The operations the meters must show, then the failures each under its reason. */
  private static void load(GlobalData data, int increments) {
    for (int i = 0; i < increments; i++) {
      result(data.incrementOrCreate("hits", 1));
    }
    result(data.set("word", "not a number"));
    assertThat(result(data.cas("word", "something else", "x"))).isFalse(); // a mismatch is ok
    assertThat(failure(data.increment("word", 1))).isInstanceOf(GlobalDataException.class);
    assertThat(failure(data.increment("absent", 1))).isInstanceOf(GlobalDataException.class);
    assertThat(failure(data.get(""))).isInstanceOf(GlobalDataException.class);
    assertThat(failure(data.set("k", new Object()))).isInstanceOf(GlobalDataException.class);
    assertThat(failure(data.cas("k", new Object(), 1))).isInstanceOf(GlobalDataException.class);
  }

  private static void assertCounted(ScrapedMetrics scrape, int increments) {
    assertThat(scrape.value(OPS, "op", "increment", "result", "ok")).isEqualTo(increments);
    assertThat(scrape.value(OPS, "op", "increment", "result", "not_numeric")).isEqualTo(1);
    assertThat(scrape.value(OPS, "op", "increment", "result", "not_found")).isEqualTo(1);
    assertThat(scrape.value(OPS, "op", "get", "result", "invalid_key")).isEqualTo(1);
    assertThat(scrape.value(OPS, "op", "set", "result", "invalid_value")).isEqualTo(1);
    assertThat(scrape.value(OPS, "op", "set", "result", "ok")).isEqualTo(1);
    assertThat(scrape.value(OPS, "op", "cas", "result", "ok")).isEqualTo(1);
    assertThat(scrape.value(OPS, "op", "cas", "result", "invalid_value")).isEqualTo(1);
    assertThat(scrape.value(LATENCY + "_count", "op", "increment")).isEqualTo(increments + 2);
    assertThat(scrape.value(LATENCY + "_sum", "op", "increment")).isPositive();
    assertThat(scrape.value(LATENCY + "_bucket", "op", "increment", "le", "+Inf"))
        .isEqualTo(increments + 2);
    assertThat(scrape.matching(LATENCY + "_bucket", "op", "increment")).hasSizeBetween(5, 80);
    // never a key as a label: only the operation and its result
    assertThat(scrape.labelNames("switchboard_globaldata_")).isSubsetOf(Set.of("op", "result"));
  }

  @Test
  void memberModeCountsEachOperationByResultAndTheMembersEntries() throws Exception {
    startNodes(2);
    Vertx node = cluster.vertx(0);
    GlobalData data = GlobalData.member(node, GlobalDataContract.options());
    int increments = 7;
    load(data, increments);
    assertCounted(scrape(node), increments);
    assertThat(result(data.get("hits"))).isEqualTo(7);
    assertThat(scrape(node).value(OPS, "op", "get", "result", "ok")).isEqualTo(1);
    // the other member did not run any of them
    assertThat(scrape(cluster.vertx(1)).value(OPS)).isZero();

    // each entry is owned by one member and backed up by the other (a node's gauges come with
    // its first GlobalData)
    GlobalData.member(cluster.vertx(1), GlobalDataContract.options());
    ScrapedMetrics first = scrape(node);
    ScrapedMetrics second = scrape(cluster.vertx(1));
    assertThat(first.value("switchboard_globaldata_local_entries")
        + second.value("switchboard_globaldata_local_entries")).isEqualTo(2);
    assertThat(first.value("switchboard_globaldata_local_backup_entries")
        + second.value("switchboard_globaldata_local_backup_entries")).isEqualTo(2);

    result(data.close());
    assertThat(failure(data.get("hits"))).isInstanceOf(GlobalDataException.class);
    assertThat(scrape(node).value(OPS, "op", "get", "result", "closed")).isEqualTo(1);
  }

  @Test
  void clientModeCountsOnTheClientsNode() throws Exception {
    startNodes(1);
    Vertx vertx = Vertx.vertx();
    plain.add(vertx);
    GlobalData data = result(GlobalData.client(vertx, GlobalDataContract.options()
        .setClusterName(cluster.clusterName()).setMembers(cluster.memberAddresses())));
    try {
      int increments = 5;
      load(data, increments);
      assertCounted(scrape(vertx), increments);
      assertThat(result(data.size())).isEqualTo(2);
      assertThat(result(Future.all(data.keys(), data.exists("hits"))).succeeded()).isTrue();
      ScrapedMetrics scrape = scrape(vertx);
      assertThat(scrape.value(OPS, "op", "size", "result", "ok")).isEqualTo(1);
      assertThat(scrape.value(OPS, "op", "keys", "result", "ok")).isEqualTo(1);
      assertThat(scrape.value(OPS, "op", "exists", "result", "ok")).isEqualTo(1);
      // a client holds no share of the map
      assertThat(scrape.has("switchboard_globaldata_local_entries")).isFalse();
    } finally {
      result(data.close());
    }
  }

  /** Deploys a GlobalData node on a member with these metrics options. */
  private static GlobalDataVerticle deploy(Vertx node, JsonObject metrics) {
    GlobalDataVerticle verticle = new GlobalDataVerticle();
    result(node.deployVerticle(verticle, new DeploymentOptions().setConfig(
        new JsonObject().put("metrics", metrics))));
    return verticle;
  }

  @Test
  void theVerticlesMetricsListenerServesItsMetersAndClosesWithIt() throws Exception {
    startNodes(1);
    Vertx node = cluster.vertx(0);
    GlobalDataVerticle verticle = deploy(node, new JsonObject().put("port", 0));
    int port = verticle.actualMetricsPort();
    assertThat(port).isPositive();
    result(verticle.globalData().set("k", 1));
    assertThat(ScrapedMetrics.scrape(port).value(OPS, "op", "set", "result", "ok")).isEqualTo(1);
    result(node.undeploy(verticle.deploymentID()));
    assertThatThrownBy(() -> ScrapedMetrics.scrape(port)).isInstanceOf(IOException.class);
  }

  @Test
  void metricsOffRegisterNoGlobalDataMeterAndNoListener() throws Exception {
    startNodes(1);
    Vertx node = cluster.vertx(0);
    GlobalDataVerticle verticle = deploy(node, new JsonObject().put("enabled", false)
        .put("port", 0));
    assertThat(verticle.actualMetricsPort()).isEqualTo(MetricsOptions.OFF);
    load(verticle.globalData(), 2);
    ScrapedMetrics scrape = scrape(node);
    assertThat(scrape.samples()).noneMatch(s -> s.name().startsWith("switchboard_globaldata_"));
    assertThat(scrape.has("switchboard_cluster_members")).as("the node's meters are there")
        .isTrue();
  }

  @Test
  void aBadMetricsOptionRefusesTheDeployNamingTheKey() throws Exception {
    startNodes(1);
    Vertx node = cluster.vertx(0);
    for (JsonObject metrics : List.of(new JsonObject().put("prot", 1),
        new JsonObject().put("port", "x"))) {
      String key = metrics.fieldNames().iterator().next();
      Throwable failure = failure(node.deployVerticle(GlobalDataVerticle.class.getName(),
          new DeploymentOptions().setConfig(new JsonObject().put("metrics", metrics))));
      assertThat(failure).isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining(key);
    }
    assertThat(node.deploymentIDs()).isEmpty();
  }
}
