package dev.switchboard.globaldata;

import com.hazelcast.core.HazelcastInstance;
import dev.switchboard.globaldata.impl.ClientConnector;
import dev.switchboard.testkit.LoopbackCluster;
import dev.switchboard.testkit.NodeProcess;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static dev.switchboard.testkit.Await.result;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Three GlobalData members in separate JVMs; eight (or 64, so that increments travel together
 * in batches) callers increment one key through a client while the member owning that key is
 * killed with SIGKILL. No acknowledged increment may be lost, none may be invented, no two
 * callers may get the same value, and no other key may be lost.
 */
@Timeout(value = 240, unit = java.util.concurrent.TimeUnit.SECONDS)
class GlobalDataCrashIT {

  private static final Logger LOG = LoggerFactory.getLogger(GlobalDataCrashIT.class);
  private static final int OTHER_KEYS = 200;
  private static final long ACKS_BEFORE_KILL = 2_000;
  private static final long ACKS_AFTER_KILL = 2_000;
  private static final long RUN_LIMIT_MILLIS = 120_000;

  private final List<NodeProcess> members = new ArrayList<>();
  private Vertx vertx;
  private HazelcastInstance observer;

  @AfterEach
  void stopEverything() throws Exception {
    if (observer != null) {
      observer.shutdown();
    }
    if (vertx != null) {
      result(vertx.close());
    }
    for (NodeProcess member : members) {
      member.close();
    }
  }

  @Test
  void killingTheOwnerOfAHotKeyLosesNoAcknowledgedIncrementAndNoOtherKey() throws Exception {
    killTheOwnerWhileIncrementing(8);
  }

  @Test
  void killingTheOwnerDuringBatchesOfSixtyFourCallersLosesNoAcknowledgedIncrement()
      throws Exception {
    killTheOwnerWhileIncrementing(64);
  }

  private void killTheOwnerWhileIncrementing(int callers) throws Exception {
    String clusterName = LoopbackCluster.randomClusterName();
    for (int i = 0; i < 3; i++) {
      List<String> running = members.stream().map(NodeProcess::memberAddress).toList();
      members.add(NodeProcess.start(clusterName, running, GlobalDataVerticle.class.getName()));
    }
    List<String> addresses = members.stream().map(NodeProcess::memberAddress).toList();
    vertx = Vertx.vertx();
    GlobalData data = result(GlobalData.client(vertx, new GlobalDataOptions()
        .setClusterName(clusterName).setMembers(addresses).setConnectTimeout(20_000)));
    for (int i = 0; i < OTHER_KEYS; i++) {
      result(data.set("other-" + i, "value-" + i));
    }
    result(data.set("counter", 0));

    NodeProcess owner = ownerOf(clusterName, addresses, "counter");
    IncrementLoad load = IncrementLoad.start(vertx, data, "counter", callers);
    vertx.setTimer(RUN_LIMIT_MILLIS, id -> load.stop());
    result(load.reach(ACKS_BEFORE_KILL));
    long ackedAtKill = load.acknowledged();
    LOG.info("Killing member {} (pid {}), owner of the counter, after {} acknowledged increments",
        owner.memberAddress(), owner.pid(), ackedAtKill);
    owner.kill();
    result(load.reach(ackedAtKill + ACKS_AFTER_KILL), Duration.ofMillis(RUN_LIMIT_MILLIS),
        "acknowledged increments after the kill");
    result(load.stop());

    long counter = result(data.get("counter", Number.class)).longValue();
    LOG.info("{} counter={}", load, counter);
    load.assertAccountedFor(counter);
    for (int i = 0; i < OTHER_KEYS; i++) {
      assertThat(result(data.get("other-" + i))).isEqualTo("value-" + i);
    }
    assertThat(result(data.size())).isEqualTo(OTHER_KEYS + 1);
  }

  /** Asks the cluster, through a plain client, which member owns the partition of a key. */
  private NodeProcess ownerOf(String clusterName, List<String> addresses, String key) {
    observer = ClientConnector.connect(new GlobalDataOptions().setClusterName(clusterName)
        .setMembers(addresses));
    InetSocketAddress owner = (InetSocketAddress) observer.getPartitionService()
        .getPartition(key).getOwner().getSocketAddress();
    String address = owner.getHostString() + ":" + owner.getPort();
    return members.stream().filter(m -> m.memberAddress().equals(address)).findFirst()
        .orElseThrow();
  }
}
