package dev.switchboard.core.internal;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.FileDescriptorMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.vertx.core.Vertx;
import io.vertx.core.internal.VertxInternal;
import io.vertx.core.spi.cluster.ClusterManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;

/**
 * The meters of the process and of the cluster every node has, bound once per registry with
 * Micrometer's binders: the JVM's memory (heap and pools, buffers), GC, threads, class loading,
 * processors and load, file descriptors and uptime ({@code jvm_*}, {@code process_*},
 * {@code system_*}), {@code switchboard_cluster_members}, the members the node's cluster
 * manager sees (Hazelcast's member list on a clustered node), and on a node running a Hazelcast
 * member its partition and migration meters ({@link HazelcastMeters}).
 *
 * <p>Threading: bound and closed on any thread; the meters are read by the scrape.
 */
final class JvmMeters implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(JvmMeters.class);

  private final List<MeterBinder> binders;
  private final HazelcastMeters hazelcast;

  private JvmMeters(List<MeterBinder> binders, HazelcastMeters hazelcast) {
    this.binders = binders;
    this.hazelcast = hazelcast;
  }

  /**
   * @param registry the node's registry
   * @param vertx    the node
   * @return the bound meters, to close with the registry
   */
  static JvmMeters bind(MeterRegistry registry, Vertx vertx) {
    List<MeterBinder> binders = List.of(new JvmMemoryMetrics(), new JvmGcMetrics(),
        new JvmThreadMetrics(), new ClassLoaderMetrics(), new ProcessorMetrics(),
        new FileDescriptorMetrics(), new UptimeMetrics());
    binders.forEach(binder -> binder.bindTo(registry));
    // the cluster manager is Vert.x's SPI, reached through the internal view: no public API
    // gives a node's cluster members
    ClusterManager cluster = ((VertxInternal) vertx).clusterManager();
    if (cluster != null) {
      Gauge.builder("switchboard.cluster.members", cluster, JvmMeters::members)
          .description("members of the node's cluster, as its cluster manager sees them")
          .register(registry);
    }
    return new JvmMeters(binders, HazelcastMeters.bind(registry, vertx, cluster));
  }

  private static double members(ClusterManager cluster) {
    try {
      return cluster.getNodes().size();
    } catch (RuntimeException e) { // the cluster manager left (the node is closing)
      LOG.debug("Cluster members not known: {}", e.toString());
      return Double.NaN;
    }
  }

  @Override
  public void close() {
    if (hazelcast != null) {
      hazelcast.close();
    }
    for (MeterBinder binder : binders) {
      if (binder instanceof AutoCloseable closeable) {
        try {
          closeable.close();
        } catch (Exception e) {
          LOG.warn("Closing the meters of {} failed: {}", binder.getClass().getSimpleName(),
              e.toString());
        }
      }
    }
  }
}
