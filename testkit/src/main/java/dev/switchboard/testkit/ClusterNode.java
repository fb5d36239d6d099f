package dev.switchboard.testkit;

import com.hazelcast.core.HazelcastInstance;
import io.vertx.core.Vertx;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;

import java.net.InetSocketAddress;

/**
 * One clustered Vert.x node started by {@link ClusterNodes}.
 *
 * @param vertx          the clustered Vert.x instance
 * @param clusterManager the Hazelcast cluster manager it was started with
 */
public record ClusterNode(Vertx vertx, HazelcastClusterManager clusterManager) {

  /**
   * @return the Hazelcast member this node runs
   */
  public HazelcastInstance hazelcast() {
    return clusterManager.getHazelcastInstance();
  }

  /**
   * @return {@code host:port} of this node's Hazelcast member, for a member list or a client
   */
  public String memberAddress() {
    InetSocketAddress address = (InetSocketAddress) hazelcast().getLocalEndpoint().getSocketAddress();
    return address.getHostString() + ":" + address.getPort();
  }

  /**
   * @return the port of this node's clustered event-bus server (where other nodes send it
   *     messages)
   */
  public int eventBusPort() {
    return clusterManager.getNodeInfo().port();
  }
}
