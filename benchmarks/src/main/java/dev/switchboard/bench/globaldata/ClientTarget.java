package dev.switchboard.bench.globaldata;

import com.hazelcast.client.HazelcastClient;
import com.hazelcast.client.config.ClientConfig;
import com.hazelcast.cluster.Member;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.partition.Partition;
import dev.switchboard.bench.common.Cleanup;
import dev.switchboard.globaldata.GlobalData;
import dev.switchboard.globaldata.internal.ClientConfigs;
import dev.switchboard.testkit.Await;
import dev.switchboard.testkit.NodeProcess;
import io.vertx.core.Vertx;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Client mode: two member JVMs ({@link NodeProcess}), and this JVM only a Hazelcast client
 * through {@link GlobalData#client} on a plain (non-clustered) Vert.x instance.
 *
 * <p>Before the client is handed out, a short-lived probe client waits until the members have
 * split the partitions between them (the client cannot ask a member whether migrations are
 * over), so that no measured window overlaps the initial migration.
 *
 * <p>Not thread-safe: start and close it from the main thread ({@link Cleanup} may close it
 * from the shutdown hook).
 */
final class ClientTarget {

  private static final Logger LOG = LoggerFactory.getLogger(ClientTarget.class);

  private static final Duration CONNECT_BOUND = Duration.ofSeconds(60);
  private static final Duration BALANCE_BOUND = Duration.ofSeconds(60);
  private static final Duration CLOSE_BOUND = Duration.ofSeconds(60);

  private ClientTarget() {
  }

  /**
   * Starts two member JVMs one after the other, waits until they share the partitions, then
   * connects the GlobalData client to both.
   *
   * @param cleanup where the started resources are registered
   * @param hotKey  the hot key, to report which member owns it
   * @return the running target
   * @throws Exception when a member does not start, the partitions are not shared in time, or
   *     the client does not connect
   */
  static BenchTarget start(Cleanup cleanup, String hotKey) throws Exception {
    String clusterName = "sb-bench-" + UUID.randomUUID();
    List<Cleanup.Registration> registrations = new ArrayList<>();
    try {
      NodeProcess first = NodeProcess.start(clusterName, List.of(),
          BenchFunctions.memberVerticle());
      registrations.add(cleanup.register("member JVM pid " + first.pid(),
          first::stop));
      NodeProcess second = NodeProcess.start(clusterName, List.of(first.memberAddress()),
          BenchFunctions.memberVerticle());
      registrations.add(cleanup.register("member JVM pid " + second.pid(),
          second::stop));
      List<String> members = List.of(first.memberAddress(), second.memberAddress());

      Vertx vertx = Vertx.vertx();
      registrations.add(cleanup.register("client Vert.x",
          () -> Await.result(vertx.close(), CLOSE_BOUND, "closing the client Vert.x")));
      String owner = awaitBalanced(vertx, clusterName, members, hotKey);
      String description = "member 1 = child JVM pid " + first.pid() + ", member 2 = child JVM pid "
          + second.pid() + ", this JVM = Hazelcast client (smart routing) running the callers; "
          + "hot key owned by " + (owner.equals(first.memberAddress()) ? "member 1" : "member 2");

      GlobalData data = Await.result(GlobalData.client(vertx, BenchTarget.options()
              .setClusterName(clusterName).setMembers(members)), CONNECT_BOUND,
          "connecting the GlobalData client");
      registrations.add(cleanup.register("GlobalData client",
          () -> Await.result(data.close(), CLOSE_BOUND, "closing the GlobalData client")));
      LOG.info("Client mode ready: {}", description);
      // the client, its Vert.x instance, then both member JVMs: newest first
      return new BenchTarget(Mode.CLIENT, vertx, data, description,
          List.of(ProcessHandle.current().pid(), first.pid(), second.pid()),
          newestFirst(registrations));
    } catch (Exception | Error e) {
      newestFirst(registrations).forEach(Cleanup.Registration::close);
      throw e;
    }
  }

  /**
   * Waits, through a probe client, until every partition has an owner and each of the two
   * members owns at least its share rounded down.
   *
   * @return {@code host:port} of the hot key's owner
   */
  private static String awaitBalanced(Vertx vertx, String clusterName, List<String> members,
                                      String hotKey) {
    ClientConfig config = ClientConfigs.of(BenchTarget.options().setClusterName(clusterName)
        .setMembers(members).setConnectTimeout(CONNECT_BOUND.toMillis()));
    HazelcastInstance probe = Await.result(
        vertx.executeBlocking(() -> HazelcastClient.newHazelcastClient(config), false),
        CONNECT_BOUND.plusSeconds(5), "connecting the probe client");
    try {
      Await.result(Await.until(vertx, 100, BALANCE_BOUND,
              () -> vertx.executeBlocking(() -> balanced(probe), false)),
          BALANCE_BOUND.plusSeconds(5), "partitions shared by both members");
      Member owner = probe.getPartitionService().getPartition(hotKey).getOwner();
      return owner.getAddress().getHost() + ":" + owner.getAddress().getPort();
    } finally {
      Await.result(vertx.executeBlocking(() -> {
        probe.shutdown();
        return null;
      }, false), CLOSE_BOUND, "closing the probe client");
    }
  }

  private static boolean balanced(HazelcastInstance probe) {
    Map<String, Integer> owned = new HashMap<>();
    int partitions = 0;
    for (Partition partition : probe.getPartitionService().getPartitions()) {
      partitions++;
      Member owner = partition.getOwner();
      if (owner == null) {
        return false;
      }
      owned.merge(owner.getUuid().toString(), 1, Integer::sum);
    }
    int floor = partitions / BenchTarget.MEMBERS;
    boolean balanced = owned.size() == BenchTarget.MEMBERS
        && owned.values().stream().allMatch(n -> n >= floor);
    LOG.debug("Partition owners seen by the probe: {}", owned.values());
    return balanced;
  }

  private static List<Cleanup.Registration> newestFirst(List<Cleanup.Registration> registrations) {
    List<Cleanup.Registration> reversed = new ArrayList<>(registrations);
    Collections.reverse(reversed);
    return reversed;
  }
}
