package dev.switchboard.bench.globaldata;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.partition.Partition;
import dev.switchboard.bench.common.Cleanup;
import dev.switchboard.globaldata.GlobalData;
import dev.switchboard.testkit.Await;
import dev.switchboard.testkit.ClusterNode;
import dev.switchboard.testkit.LoopbackCluster;
import dev.switchboard.testkit.NodeProcess;
import io.vertx.core.Vertx;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

/**
 * Member mode: this JVM runs one member (a clustered Vert.x node started with
 * {@link LoopbackCluster#startNode}), a child JVM ({@link NodeProcess}) the other, and the
 * callers use {@link GlobalData#member(Vertx, HazelcastInstance,
 * dev.switchboard.globaldata.GlobalDataOptions)} on this JVM's member.
 *
 * <p>Not thread-safe: start and close it from the main thread ({@link Cleanup} may close it
 * from the shutdown hook).
 */
final class MemberTarget {

  private static final Logger LOG = LoggerFactory.getLogger(MemberTarget.class);

  private static final Duration START_BOUND = Duration.ofSeconds(90);
  private static final Duration SAFE_BOUND = Duration.ofSeconds(60);
  private static final Duration CLOSE_BOUND = Duration.ofSeconds(60);

  private MemberTarget() {
  }

  /**
   * Starts this JVM's member, then the child member joining it, and waits until the cluster is
   * safe (both members, no migration running).
   *
   * @param cleanup         where the started resources are registered
   * @param childExtraFlags extra JVM flags of the child, empty for none
   * @param hotKey          the hot key, to report which member owns it
   * @return the running target
   * @throws Exception when a member does not start or the cluster is not safe in time
   */
  static BenchTarget start(Cleanup cleanup, List<String> childExtraFlags, String hotKey)
      throws Exception {
    String clusterName = "sb-bench-" + UUID.randomUUID();
    ClusterNode local = Await.result(LoopbackCluster.startNode(clusterName, List.of()), START_BOUND,
        "starting this JVM's member");
    Cleanup.Registration localRegistration = cleanup.register("member in this JVM",
        () -> Await.result(local.vertx().close(), CLOSE_BOUND, "closing this JVM's member"));
    Cleanup.Registration childRegistration = null;
    try {
      NodeProcess child = NodeProcess.start(clusterName, List.of(local.memberAddress()),
          childExtraFlags, BenchFunctions.memberVerticle());
      childRegistration = cleanup.register("member JVM pid " + child.pid(),
          child::stop);
      HazelcastInstance hazelcast = local.hazelcast();
      Vertx vertx = local.vertx();
      Await.result(Await.until(vertx, 100, SAFE_BOUND, () -> vertx.executeBlocking(
              () -> hazelcast.getCluster().getMembers().size() == BenchTarget.MEMBERS
                  && hazelcast.getPartitionService().isClusterSafe(), false)),
          SAFE_BOUND.plusSeconds(5), "member-mode cluster becoming safe");
      Partition partition = hazelcast.getPartitionService().getPartition(hotKey);
      String owner = partition.getOwner() != null && partition.getOwner().localMember()
          ? "this JVM" : "the child JVM";
      String description = "member 1 = this JVM (pid " + ProcessHandle.current().pid()
          + ", also runs the callers), member 2 = child JVM pid " + child.pid()
          + "; hot key in partition " + partition.getPartitionId() + ", owned by " + owner;
      LOG.info("Member mode ready: {}", description);
      GlobalData data = GlobalData.member(vertx, hazelcast, BenchTarget.options()
          .setUpdateFunctions(BenchFunctions.ALL));
      Cleanup.Registration dataRegistration = cleanup.register("member-mode GlobalData",
          () -> Await.result(data.close(), CLOSE_BOUND, "closing GlobalData"));
      // the view first, then this JVM's member (it leaves gracefully), then the child
      return new BenchTarget(Mode.MEMBER, vertx, data, description,
          List.of(ProcessHandle.current().pid(), child.pid()),
          List.of(dataRegistration, localRegistration, childRegistration));
    } catch (Exception | Error e) {
      if (childRegistration != null) {
        childRegistration.close();
      }
      localRegistration.close();
      throw e;
    }
  }
}
