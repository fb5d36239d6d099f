package dev.switchboard.examples.deploy;

import com.hazelcast.config.Config;
import com.hazelcast.config.NetworkConfig;
import dev.switchboard.globaldata.GlobalData;
import dev.switchboard.globaldata.GlobalDataOptions;
import dev.switchboard.globaldata.GlobalDataVerticle;
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
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The three-host {@code cluster.xml} of {@code docs/deployment.md}, read from the guide and
 * loaded by Hazelcast, starts three real members, one per "host" (127.0.0.1, 127.0.0.2,
 * 127.0.0.3, so that its {@code HOST_AWARE} partition groups are three), after the rewrites a
 * single machine needs and nothing else: each member binds its own loopback address instead of
 * the interface {@code 10.0.0.*} (Hazelcast's {@code hazelcast.local.localAddress}), on an
 * ephemeral port, and lists the members already running instead of the
 * three hosts; the quorum is the majority of the three members started (2) instead of the twelve
 * JVMs of the guide (7), in the file and in {@code data.json} alike. Each node then deploys
 * {@code GlobalDataVerticle} from {@code data.json}, which checks the file's split-brain
 * protection, and GlobalData counts across the three.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class ThreeHostClusterIT {

  private static final int HOSTS = 3;
  private static final int MAJORITY = HOSTS / 2 + 1;

  private final DeploymentDoc doc = DeploymentDoc.load();
  private final List<ClusterNode> nodes = new ArrayList<>();

  @AfterEach
  void stop() {
    Await.result(Future.join(nodes.stream().map(n -> n.vertx().close()).toList()),
        Duration.ofSeconds(60), "closing the nodes");
  }

  /** The guide's file, loaded by Hazelcast, with the rewrites of the class comment. */
  private Config member(String clusterName, int host, List<String> running) {
    Properties properties = new Properties();
    properties.setProperty("switchboard.cluster.name", clusterName);
    String xml = doc.text("cluster-3hosts.xml");
    String majority = "<minimum-cluster-size>" + MAJORITY + "</minimum-cluster-size>";
    String rewritten = xml.replaceFirst("<minimum-cluster-size>\\d+</minimum-cluster-size>",
        majority);
    assertThat(rewritten).contains(majority);
    Config config = new com.hazelcast.config.InMemoryXmlConfig(rewritten, properties);
    config.setProperty("hazelcast.wait.seconds.before.join", "0");
    NetworkConfig network = config.getNetworkConfig();
    network.setPort(0).setPortAutoIncrement(false);
    // 127.0.0.2 and .3 are not an interface's addresses (interface matching would not find
    // them) but can be bound: the member's address is given by Hazelcast's own property instead
    network.getInterfaces().setEnabled(false);
    config.setProperty("hazelcast.local.localAddress", "127.0.0." + host);
    network.getJoin().getTcpIpConfig().setMembers(List.copyOf(running));
    return config;
  }

  @Test
  void threeMembersFromTheGuidesClusterXmlFormTheClusterAndServeGlobalData() {
    String clusterName = LoopbackCluster.randomClusterName();
    List<String> running = new ArrayList<>();
    for (int host = 1; host <= HOSTS; host++) {
      ClusterNode node = Await.result(LoopbackCluster.startNode(member(clusterName, host,
          running)), Duration.ofSeconds(60), "member " + host);
      nodes.add(node);
      running.add(node.memberAddress());
    }
    for (ClusterNode node : nodes) {
      assertThat(node.hazelcast().getCluster().getMembers()).hasSize(HOSTS);
      assertThat(node.hazelcast().getConfig().getClusterName()).isEqualTo(clusterName);
    }
    assertThat(running).extracting(a -> a.substring(0, a.indexOf(':')))
        .containsExactly("127.0.0.1", "127.0.0.2", "127.0.0.3");

    JsonObject data = doc.json("data.json").put("minimumMembers", MAJORITY);
    for (ClusterNode node : nodes) {
      Await.result(node.vertx().deployVerticle(GlobalDataVerticle.class.getName(),
          new DeploymentOptions().setConfig(data)));
    }
    // a node asking for more protection than the file gives refuses to start
    Throwable refused = Await.failure(nodes.get(0).vertx().deployVerticle(
        GlobalDataVerticle.class.getName(), new DeploymentOptions().setConfig(
            data.copy().put("minimumMembers", MAJORITY + 1))));
    assertThat(refused).hasMessageContaining(String.valueOf(MAJORITY + 1));

    List<Long> counts = new ArrayList<>();
    for (ClusterNode node : nodes) {
      GlobalData globalData = GlobalData.member(node.vertx(), node.hazelcast(),
          new GlobalDataOptions(data));
      counts.add(Await.result(globalData.incrementOrCreate("deployment-doc", 1)).longValue());
    }
    assertThat(counts).containsExactly(1L, 2L, 3L);
  }
}
