package dev.switchboard.core.internal;

import com.hazelcast.cluster.Member;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.partition.MigrationListener;
import com.hazelcast.partition.MigrationState;
import com.hazelcast.partition.Partition;
import com.hazelcast.partition.PartitionService;
import com.hazelcast.partition.ReplicaMigrationEvent;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.spi.cluster.ClusterManager;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The partition and migration meters of the Hazelcast member a clustered node runs, through
 * Hazelcast's public {@link PartitionService}:
 * <ul>
 *   <li>{@code switchboard_hazelcast_partitions_owned}: the partitions whose primary replica this
 *   member owns (summed over the members: the partition count, 271 by default);</li>
 *   <li>{@code switchboard_hazelcast_member_safe}: 1 when every partition this member owns has
 *   its backups in sync ({@link PartitionService#isLocalMemberSafe()}, a local read), else 0; the
 *   cluster is safe when every member is ({@code min} over the members). Not
 *   {@link PartitionService#isClusterSafe()}: that asks every member over the network and waits,
 *   which a scrape must not;</li>
 *   <li>{@code switchboard_hazelcast_migrations_total{result="completed|failed"}}: partition
 *   replica migrations, as the cluster's migration coordinator reports them to every member's
 *   listener (each member counts the cluster's migrations: read them with {@code max} over the
 *   members, not {@code sum});</li>
 *   <li>{@code switchboard_hazelcast_migration_active}: 1 from a migration process's start to its
 *   end, as this member heard them, else 0.</li>
 * </ul>
 * A member that has shut down reads as NaN (its gauges) rather than throwing.
 *
 * <p>Threading: bound and closed on any thread, event loops included (neither waits for the
 * cluster); the listener runs on Hazelcast's event threads, the gauges on the scrape's.
 */
final class HazelcastMeters implements AutoCloseable, MigrationListener {

  private static final Logger LOG = LoggerFactory.getLogger(HazelcastMeters.class);

  private final HazelcastInstance instance;
  private final PartitionService partitions;
  private final Counter completed;
  private final Counter failed;
  private final AtomicInteger active = new AtomicInteger();
  /** The migration listener's registration, once made; guarded by {@code this}. */
  private UUID registration;
  /** Guarded by {@code this}. */
  private boolean closed;
  private volatile Future<Void> listening;

  private HazelcastMeters(HazelcastInstance instance, MeterRegistry registry) {
    this.instance = instance;
    this.partitions = instance.getPartitionService();
    completed = migrations(registry, "completed");
    failed = migrations(registry, "failed");
  }

  /**
   * Registers the gauges at once and the migration listener on a worker thread: Hazelcast
   * registers a migration listener on every member and waits for their answers, which an event
   * loop (where a node's registry is often first asked for) must not.
   *
   * @param registry the node's registry
   * @param vertx    the node
   * @param cluster  the node's cluster manager, or null
   * @return the bound meters, to close with the registry; null when the node runs no Hazelcast
   *     member (not clustered, another cluster manager, or not joined yet)
   */
  static HazelcastMeters bind(MeterRegistry registry, Vertx vertx, ClusterManager cluster) {
    if (!(cluster instanceof HazelcastClusterManager hazelcast)) {
      return null;
    }
    HazelcastInstance instance = hazelcast.getHazelcastInstance();
    if (instance == null) {
      return null;
    }
    HazelcastMeters meters = new HazelcastMeters(instance, registry);
    Gauge.builder("switchboard.hazelcast.partitions.owned", meters, HazelcastMeters::owned)
        .description("partitions whose primary replica this Hazelcast member owns")
        .register(registry);
    Gauge.builder("switchboard.hazelcast.member.safe", meters, HazelcastMeters::safe)
        .description("1 when the backups of every partition this member owns are in sync, else 0")
        .register(registry);
    Gauge.builder("switchboard.hazelcast.migration.active", meters.active, AtomicInteger::get)
        .description("1 while a partition migration process runs in the cluster, else 0")
        .register(registry);
    meters.listening = vertx.executeBlocking(meters::listen, false).onFailure(e -> LOG.warn(
        "Hazelcast migrations will not be counted: registering the listener failed: {}",
        e.toString())).mapEmpty();
    return meters;
  }

  /** @return completed once the migration listener is registered (tests wait for it) */
  Future<Void> listening() {
    return listening;
  }

  private Void listen() {
    UUID id = partitions.addMigrationListener(this);
    synchronized (this) {
      if (!closed) {
        registration = id;
        return null;
      }
    }
    unlisten(id); // closed while registering
    return null;
  }

  private void unlisten(UUID id) {
    try {
      partitions.removeMigrationListener(id);
    } catch (RuntimeException e) { // the member already left: its listeners went with it
      LOG.debug("Migration listener not removed: {}", e.toString());
    }
  }

  private static Counter migrations(MeterRegistry registry, String result) {
    return Counter.builder("switchboard.hazelcast.migrations")
        .description("partition replica migrations in the cluster, by result")
        .tag("result", result)
        .register(registry);
  }

  private double owned() {
    try {
      if (!instance.getLifecycleService().isRunning()) {
        return Double.NaN; // a member shut down owns nothing, and would say it is safe
      }
      int owned = 0;
      for (Partition partition : partitions.getPartitions()) {
        Member owner = partition.getOwner();
        if (owner != null && owner.localMember()) {
          owned++;
        }
      }
      return owned;
    } catch (RuntimeException e) { // the member is shutting down or gone
      LOG.debug("Partitions owned not known: {}", e.toString());
      return Double.NaN;
    }
  }

  private double safe() {
    try {
      if (!instance.getLifecycleService().isRunning()) {
        return Double.NaN;
      }
      return partitions.isLocalMemberSafe() ? 1 : 0;
    } catch (RuntimeException e) {
      LOG.debug("Member safety not known: {}", e.toString());
      return Double.NaN;
    }
  }

  @Override
  public void migrationStarted(MigrationState state) {
    active.set(1);
  }

  @Override
  public void migrationFinished(MigrationState state) {
    active.set(0);
  }

  @Override
  public void replicaMigrationCompleted(ReplicaMigrationEvent event) {
    completed.increment();
  }

  @Override
  public void replicaMigrationFailed(ReplicaMigrationEvent event) {
    failed.increment();
  }

  /**
   * Removes the migration listener, on a thread of the common pool (the removal waits for every
   * member, and the node closing may be on an event loop); without waiting for it.
   */
  @Override
  public void close() {
    UUID id;
    synchronized (this) {
      closed = true;
      id = registration;
      registration = null;
    }
    if (id != null) {
      CompletableFuture.runAsync(() -> unlisten(id));
    }
  }
}
