package dev.switchboard.testkit;

import com.hazelcast.partition.PartitionService;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.UnaryOperator;

/**
 * N real clustered Vert.x nodes over Hazelcast in this JVM, on 127.0.0.1, under one random
 * cluster name. The first node listens on an ephemeral Hazelcast port; the others join it by
 * TCP-IP.
 *
 * <p>Not thread-safe: drive it from the test thread. {@link #start} and {@link #close} block for
 * a bounded time, which is what a test wants and why this is test code only.
 */
public final class ClusterNodes implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(ClusterNodes.class);

  /** Upper bound for one node to start and join, in seconds. */
  public static final long START_TIMEOUT_SECONDS = 60;

  /** Period of the check that the cluster is safe after a join, in milliseconds. */
  private static final long SAFE_POLL_MILLIS = 20;

  /** Upper bound for closing every node, in seconds. */
  public static final long CLOSE_TIMEOUT_SECONDS = 60;

  private final String clusterName;
  private final Function<Integer, EventBusTls> tls;
  private final UnaryOperator<VertxOptions> vertxOptions;
  private final List<ClusterNode> nodes = new ArrayList<>();

  private ClusterNodes(String clusterName, Function<Integer, EventBusTls> tls,
      UnaryOperator<VertxOptions> vertxOptions) {
    this.clusterName = clusterName;
    this.tls = tls;
    this.vertxOptions = vertxOptions;
  }

  /**
   * Starts {@code count} clustered nodes one after the other and waits until each has joined.
   *
   * @param count how many nodes, at least 1
   * @return the running nodes
   * @throws Exception when a node does not start within {@link #START_TIMEOUT_SECONDS}
   */
  public static ClusterNodes start(int count) throws Exception {
    return start(count, index -> null);
  }

  /**
   * Starts {@code count} clustered nodes one after the other, each with its event bus over TLS
   * with client certificates, and waits until each has joined.
   *
   * @param count how many nodes, at least 1
   * @param tls   the certificates of the node of each index (0, 1, ...; also used by
   *              {@link #addNode()}); null for a plain-text event bus
   * @return the running nodes
   * @throws Exception when a node does not start within {@link #START_TIMEOUT_SECONDS}
   */
  public static ClusterNodes start(int count, Function<Integer, EventBusTls> tls)
      throws Exception {
    return start(count, tls, UnaryOperator.identity());
  }

  /**
   * Starts {@code count} clustered nodes as {@link #start(int, Function)} does, each (and each
   * one {@link #addNode() added} later) on Vert.x options changed by the test: for instance with
   * Vert.x's own metrics on, {@code ClusterNodes.start(2, i -> null, VertxMetrics::configure)}
   * (core's {@code dev.switchboard.core.internal.VertxMetrics}).
   *
   * @param count        how many nodes, at least 1
   * @param tls          the certificates of the node of each index, null for a plain-text bus
   * @param vertxOptions changes each node's Vert.x options
   * @return the running nodes
   * @throws Exception when a node does not start within {@link #START_TIMEOUT_SECONDS}
   */
  public static ClusterNodes start(int count, Function<Integer, EventBusTls> tls,
      UnaryOperator<VertxOptions> vertxOptions) throws Exception {
    if (count < 1) {
      throw new IllegalArgumentException("count must be >= 1");
    }
    Objects.requireNonNull(tls, "tls");
    ClusterNodes cluster = new ClusterNodes(LoopbackCluster.randomClusterName(), tls,
        Objects.requireNonNull(vertxOptions, "vertxOptions"));
    long started = System.nanoTime();
    try {
      for (int i = 0; i < count; i++) {
        cluster.addNode();
      }
    } catch (Exception e) {
      cluster.close();
      throw e;
    }
    LOG.info("Started {} clustered nodes in {} ms (cluster {})", count,
        TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started), cluster.clusterName);
    return cluster;
  }

  /**
   * Starts one more node and joins it to this cluster, and waits until the cluster is safe again:
   * partitions migrated and every backup in sync, so that a test starts from a settled cluster
   * (while partitions migrate, Hazelcast may drop a backup, and a write to a map with a
   * synchronous backup then fails under {@code fail.on.indeterminate.state}).
   *
   * @return the new node
   * @throws Exception when it does not start or the cluster does not settle within
   *     {@link #START_TIMEOUT_SECONDS}
   */
  public ClusterNode addNode() throws Exception {
    return addNode(tls.apply(nodes.size()));
  }

  /**
   * Starts one more node as {@link #addNode()} does, with the given event-bus certificates
   * (another authority's, say) or none.
   *
   * @param tls the new node's event-bus certificates, or null for a plain-text event bus
   * @return the new node
   * @throws Exception when it does not start or the cluster does not settle within
   *     {@link #START_TIMEOUT_SECONDS}
   */
  public ClusterNode addNode(EventBusTls tls) throws Exception {
    List<String> members = nodes.stream()
        .filter(n -> n.hazelcast().getLifecycleService().isRunning())
        .map(ClusterNode::memberAddress).toList();
    ClusterNode node = Await.result(LoopbackCluster.startNode(
            LoopbackCluster.memberConfig(clusterName, members), tls, vertxOptions),
        Duration.ofSeconds(START_TIMEOUT_SECONDS), "starting a clustered node");
    nodes.add(node);
    PartitionService partitions = node.hazelcast().getPartitionService();
    Await.result(Await.until(node.vertx(), SAFE_POLL_MILLIS,
            Duration.ofSeconds(START_TIMEOUT_SECONDS),
            () -> node.vertx().executeBlocking(partitions::isClusterSafe, false)),
        Duration.ofSeconds(START_TIMEOUT_SECONDS + 5), "the cluster settling after a join");
    return node;
  }

  /**
   * @param index zero-based node index
   * @return the node
   */
  public ClusterNode node(int index) {
    return nodes.get(index);
  }

  /**
   * @param index zero-based node index
   * @return the node's Vert.x instance
   */
  public Vertx vertx(int index) {
    return nodes.get(index).vertx();
  }

  /**
   * @return the running nodes, in start order
   */
  public List<ClusterNode> nodes() {
    return List.copyOf(nodes);
  }

  /**
   * @return how many nodes were started
   */
  public int size() {
    return nodes.size();
  }

  /**
   * @return the cluster name shared by these nodes
   */
  public String clusterName() {
    return clusterName;
  }

  /**
   * @return {@code host:port} of every node's Hazelcast member
   */
  public List<String> memberAddresses() {
    return nodes.stream().map(ClusterNode::memberAddress).toList();
  }

  /**
   * Closes every node and waits for all of them.
   */
  @Override
  public void close() throws Exception {
    List<Future<Void>> closing = nodes.stream().map(n -> n.vertx().close()).toList();
    nodes.clear();
    Await.result(Future.join(closing), Duration.ofSeconds(CLOSE_TIMEOUT_SECONDS),
        "closing the nodes");
  }
}
