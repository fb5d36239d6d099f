package dev.switchboard.core.internal;

import dev.switchboard.testkit.Await;
import dev.switchboard.testkit.ClusterNode;
import dev.switchboard.testkit.ClusterNodes;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Hazelcast member's partition and migration meters on a real 3-member cluster: the owned
 * partitions add up to the partition count, a member leaving makes migrations counted and the
 * members safe again, and the meters of a closed node read NaN rather than throw.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class HazelcastMetersIT {

  private static final int PARTITIONS = 271; // Hazelcast's default partition count

  @Test
  void partitionsAddUpAndALeavingMemberIsCountedAsMigrationsUntilTheMembersAreSafe()
      throws Exception {
    try (ClusterNodes cluster = ClusterNodes.start(3)) {
      // the meters as each node's registry has them, bound here on registries of the test's
      // own so that the test can wait for the migration listeners to be registered
      List<MeterRegistry> registries = new ArrayList<>();
      List<HazelcastMeters> bound = new ArrayList<>();
      for (ClusterNode node : cluster.nodes()) {
        MeterRegistry registry = new SimpleMeterRegistry();
        HazelcastMeters meters = HazelcastMeters.bind(registry, node.vertx(),
            node.clusterManager());
        assertThat(meters).isNotNull();
        Await.result(meters.listening());
        registries.add(registry);
        bound.add(meters);
      }
      Vertx survivor = cluster.vertx(0);
      Await.condition(survivor, 50, () -> Future.succeededFuture(
          owned(registries) == PARTITIONS && safe(registries)));
      for (MeterRegistry registry : registries) {
        assertThat(gauge(registry, "switchboard.hazelcast.partitions.owned"))
            .as("each of 3 members owns a share").isBetween(1.0, PARTITIONS - 1.0);
        assertThat(registry.find("switchboard.hazelcast.migrations").tag("result", "failed")
            .counter()).isNotNull();
      }
      double before = completed(registries.get(0));

      MeterRegistry leaving = registries.get(2);
      Await.result(cluster.vertx(2).close());
      List<MeterRegistry> left = registries.subList(0, 2);
      // the survivors take the partitions, their backups are made again, and every member
      // hears of the replica migrations of the coordinator
      Await.condition(survivor, 50, () -> Future.succeededFuture(
          owned(left) == PARTITIONS && safe(left)
              && left.stream().allMatch(r -> completed(r) > before)
              && left.stream().allMatch(r -> gauge(r, "switchboard.hazelcast.migration.active")
                  == 0)));

      // read off the closed node: no exception, no value
      assertThat(gauge(leaving, "switchboard.hazelcast.partitions.owned")).isNaN();
      assertThat(gauge(leaving, "switchboard.hazelcast.member.safe")).isNaN();
      // and as the node's registry renders them
      assertThat(NodeMetrics.scrape(cluster.vertx(0)))
          .contains("switchboard_hazelcast_partitions_owned ")
          .contains("switchboard_hazelcast_member_safe 1.0")
          .contains("switchboard_hazelcast_migrations_total{result=\"completed\"}")
          .contains("switchboard_hazelcast_migration_active 0.0");
      bound.forEach(HazelcastMeters::close); // the closed node's too: no exception
    }
  }

  private static double owned(List<MeterRegistry> registries) {
    return registries.stream()
        .mapToDouble(r -> gauge(r, "switchboard.hazelcast.partitions.owned")).sum();
  }

  private static boolean safe(List<MeterRegistry> registries) {
    return registries.stream()
        .allMatch(r -> gauge(r, "switchboard.hazelcast.member.safe") == 1);
  }

  private static double completed(MeterRegistry registry) {
    return registry.get("switchboard.hazelcast.migrations").tag("result", "completed").counter()
        .count();
  }

  private static double gauge(MeterRegistry registry, String name) {
    return registry.get(name).gauge().value();
  }
}
