package dev.switchboard.globaldata;

import com.hazelcast.config.Config;
import dev.switchboard.core.internal.NodeMetrics;
import dev.switchboard.globaldata.GlobalDataException.Reason;
import dev.switchboard.testkit.Await;
import dev.switchboard.testkit.ClusterNode;
import dev.switchboard.testkit.LoopbackCluster;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static dev.switchboard.testkit.Await.failure;
import static dev.switchboard.testkit.Await.result;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * GlobalData under a split-brain protection of two members: a member left alone (what the
 * minority side of a partition is) refuses reads and writes with {@code NO_QUORUM} and applies
 * nothing; once a second member is back, calls succeed again. A node whose options require a
 * protection its member does not have refuses to start. (The partition itself, on three hosts,
 * is {@code PartitionUnderLoadIT} in the examples module.) PHP's Workerman clients see a cluster
 * error as a connection closed without an answer.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class GlobalDataQuorumIT {

  private static final Duration START = Duration.ofSeconds(60);

  private final String clusterName = LoopbackCluster.randomClusterName();
  private final List<ClusterNode> nodes = new ArrayList<>();

  @AfterEach
  void close() {
    nodes.forEach(node -> Await.result(node.vertx().close()));
  }

  private ClusterNode start() {
    List<String> members = nodes.stream().map(ClusterNode::memberAddress).toList();
    Config config = LoopbackCluster.withGlobalDataQuorum(
        LoopbackCluster.memberConfig(clusterName, members), 2);
    ClusterNode node = result(LoopbackCluster.startNode(config), START, "starting a member");
    nodes.add(node);
    return node;
  }

  @Test
  void aMemberLeftAloneRefusesEveryCallWithNoQuorumUntilASecondIsBack() throws Exception {
    ClusterNode a = start();
    ClusterNode b = start();
    JsonObject requireTwo = new JsonObject().put("minimumMembers", 2);
    result(a.vertx().deployVerticle(GlobalDataVerticle.class.getName(),
        new DeploymentOptions().setConfig(requireTwo)));
    GlobalData data = GlobalData.member(a.vertx(), a.hazelcast(), new GlobalDataOptions());
    result(data.set("kept", "before"));
    assertThat(result(data.incrementOrCreate("counter", 1))).isEqualTo(1L);

    result(b.vertx().close());
    nodes.remove(b);
    // Hazelcast re-evaluates the protection on the membership change
    Await.result(Await.until(a.vertx(), 100, Duration.ofSeconds(20),
            () -> data.set("probe", 1).map(false).otherwise(e -> noQuorum(e))),
        Duration.ofSeconds(25), "the member alone refusing a write");

    for (Future<?> call : List.of(data.set("kept", "during"), data.incrementOrCreate("counter", 1),
        data.get("kept"), data.delete("kept"), data.cas("kept", "before", "cas"))) {
      Throwable refused = failure(call);
      assertThat(refused).isInstanceOf(GlobalDataException.class)
          .hasMessageContaining("split-brain protection");
      assertThat(((GlobalDataException) refused).reason()).isEqualTo(Reason.NO_QUORUM);
    }

    start();
    Await.result(Await.until(a.vertx(), 100, Duration.ofSeconds(20),
            () -> data.get("kept").map(true).otherwise(false)),
        Duration.ofSeconds(25), "reads served again with two members");
    assertThat(result(data.get("kept"))).isEqualTo("before");
    assertThat(result(data.incrementOrCreate("counter", 1))).isEqualTo(2L);
  }

  /**
   * What a PHP client sees of a cluster error: the member alone closes the Workerman connection
   * without an answer (PHP's client throws {@code readFromRemote fail}) rather than answer a value
   * nobody stored, and serves again once a second member is back.
   */
  @Test
  void aClusterErrorClosesThePhpConnectionWithoutAnAnswer() throws Exception {
    ClusterNode a = start();
    ClusterNode b = start();
    GlobalDataVerticle verticle = new GlobalDataVerticle();
    result(a.vertx().deployVerticle(verticle, new DeploymentOptions().setConfig(
        new JsonObject().put("minimumMembers", 2).put("workermanPort", 0))));
    assertThat(WorkermanProtocolIT.php(verticle, "set", "kept", "\"before\""))
        .contains("result set b:1;");

    GlobalData data = GlobalData.member(a.vertx(), a.hazelcast(), new GlobalDataOptions());
    result(b.vertx().close());
    nodes.remove(b);
    Await.result(Await.until(a.vertx(), 100, Duration.ofSeconds(20),
            () -> data.get("kept").map(false).otherwise(e -> noQuorum(e))),
        Duration.ofSeconds(25), "the member alone refusing a read");

    String get = HexFormat.of().formatHex("a:2:{s:3:\"cmd\";s:3:\"get\";s:3:\"key\";s:4:\"kept\";}"
        .getBytes(java.nio.charset.StandardCharsets.US_ASCII));
    assertThat(WorkermanProtocolIT.php(verticle, "raw", "quorum", get))
        .contains("closed quorum").noneMatch(line -> line.startsWith("answer"));
    JsonObject counters = StatusRequest.now(a.vertx()).getJsonObject("workerman");
    assertThat(counters.getLong("failures")).isEqualTo(1);
    assertThat(NodeMetrics.scrape(a.vertx())).contains(
        "switchboard_globaldata_workerman_ops_total{cmd=\"get\",result=\"no_quorum\"} 1.0");

    start();
    Await.result(Await.until(a.vertx(), 100, Duration.ofSeconds(20),
            () -> data.get("kept").map(true).otherwise(false)),
        Duration.ofSeconds(25), "reads served again with two members");
    assertThat(WorkermanProtocolIT.php(verticle, "get", "kept"))
        .contains("result get s:6:\"before\";");
  }

  @Test
  void aNodeRequiringAProtectionItsMemberLacksRefusesToStart() {
    ClusterNode plain = result(LoopbackCluster.startNode(
        LoopbackCluster.memberConfig(clusterName, List.of())), START, "starting a member");
    nodes.add(plain);
    Throwable refused = failure(plain.vertx().deployVerticle(GlobalDataVerticle.class.getName(),
        new DeploymentOptions().setConfig(new JsonObject().put("minimumMembers", 2))));
    assertThat(refused).hasMessageContaining("refused to start")
        .hasMessageContaining("no enabled split-brain protection");
    assertThat(plain.vertx().deploymentIDs()).isEmpty();
  }

  private static boolean noQuorum(Throwable e) {
    return e instanceof GlobalDataException g && g.reason() == Reason.NO_QUORUM;
  }
}
