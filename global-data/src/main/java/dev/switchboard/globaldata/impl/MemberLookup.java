package dev.switchboard.globaldata.impl;

import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import dev.switchboard.globaldata.GlobalDataException;
import dev.switchboard.globaldata.GlobalDataException.Reason;
import io.vertx.core.Vertx;
import io.vertx.core.internal.VertxInternal;
import io.vertx.core.spi.cluster.ClusterManager;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;

import java.util.List;

/**
 * Finds the Hazelcast member a clustered Vert.x node runs.
 *
 * <p>Public API first: when this JVM runs exactly one Hazelcast member (the normal case under
 * {@code vertx run -cluster}), Hazelcast's own instance registry names it. Only when several
 * members share the JVM (tests, embedded setups) is the node's cluster manager asked, which
 * Vert.x exposes through its internal API; this class is the one place that touches it.
 *
 * <p>Stateless; safe from any thread.
 */
public final class MemberLookup {

  private MemberLookup() {
  }

  /**
   * @param vertx a clustered Vert.x node
   * @return the Hazelcast member it runs
   * @throws GlobalDataException NO_MEMBER when it is not clustered over Hazelcast
   */
  public static HazelcastInstance find(Vertx vertx) {
    if (!vertx.isClustered()) {
      throw new GlobalDataException(Reason.NO_MEMBER, "Vert.x is not clustered: start it with "
          + "-cluster (Vertx.clusteredVertx) or use GlobalData.client(...)");
    }
    List<HazelcastInstance> running = Hazelcast.getAllHazelcastInstances().stream()
        .filter(hz -> hz.getLifecycleService().isRunning()).toList();
    if (running.size() == 1) {
      return running.get(0);
    }
    // Vert.x has no public getter for a node's cluster manager: VertxInternal.clusterManager()
    if (vertx instanceof VertxInternal internal) {
      ClusterManager manager = internal.clusterManager();
      if (manager instanceof HazelcastClusterManager hazelcast) {
        return hazelcast.getHazelcastInstance();
      }
    }
    throw new GlobalDataException(Reason.NO_MEMBER, "Found " + running.size()
        + " Hazelcast members in this JVM and cannot tell which one this Vert.x node runs: pass "
        + "it with GlobalData.member(vertx, hazelcastInstance, options)");
  }
}
