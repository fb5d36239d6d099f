package dev.switchboard.testkit;

import io.vertx.core.DeploymentOptions;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;

/**
 * Entry point of a node started as a separate JVM by {@link NodeProcess}: starts a clustered
 * Vert.x node, deploys the named verticles, then prints one {@value #READY_PREFIX} line with its
 * Hazelcast member address and runs until killed. From then on it prints a
 * {@value #MEMBERS_PREFIX} line with the size of the cluster it sees each time that changes.
 *
 * <p>Arguments: {@code clusterName members verticle...} where {@code members} is a
 * comma-separated {@code host:port} list or {@code -} for none, and each verticle is a class name,
 * optionally followed by {@code @} and its JSON config ({@link #verticle}).
 *
 * <p>By default the node binds 127.0.0.1 with {@link LoopbackCluster#memberConfig}. With the
 * system property {@value #HOST_PROPERTY} it binds that address instead (its event bus as
 * {@code -cluster-host} would); with {@value #HAZELCAST_CONFIG_PROPERTY} it reads its Hazelcast
 * configuration from that file as a launcher does, and {@code clusterName} and {@code members}
 * are not used. With {@value #VERTX_OPTIONS_PROPERTY} its Vert.x options are changed by the class
 * it names.
 */
public final class NodeMain {

  /** Prefix of the line a node prints once it has joined and deployed. */
  public static final String READY_PREFIX = "SWITCHBOARD-NODE-READY ";

  /** Prefix of the line a node prints with the cluster size it sees, at each change. */
  public static final String MEMBERS_PREFIX = "SWITCHBOARD-NODE-MEMBERS ";

  /** System property: the address the node binds (Hazelcast member and event bus). */
  public static final String HOST_PROPERTY = "switchboard.node.host";

  /** System property: a Hazelcast XML file to use instead of the loopback configuration. */
  public static final String HAZELCAST_CONFIG_PROPERTY = "vertx.hazelcast.config";

  /**
   * System property: the class name of a {@code UnaryOperator<VertxOptions>} (public, with a
   * public no-argument constructor) that changes the node's Vert.x options, e.g. to turn Vert.x's
   * own metrics on.
   */
  public static final String VERTX_OPTIONS_PROPERTY = "switchboard.node.vertx-options";

  /** Period of the check of the cluster size, in milliseconds. */
  static final long MEMBERS_POLL_MILLIS = 250;

  private NodeMain() {
  }

  /**
   * @param className a verticle class on the node's class path
   * @param config    its config
   * @return the argument deploying it with that config
   */
  public static String verticle(String className, JsonObject config) {
    return className + "@" + config.encode();
  }

  @SuppressWarnings("unchecked")
  private static UnaryOperator<VertxOptions> vertxOptions() throws ReflectiveOperationException {
    String className = System.getProperty(VERTX_OPTIONS_PROPERTY);
    return className == null ? UnaryOperator.identity()
        : (UnaryOperator<VertxOptions>) Class.forName(className).getConstructor().newInstance();
  }

  /**
   * @param args {@code clusterName members verticle...}
   * @throws Exception when the node cannot start
   */
  public static void main(String[] args) throws Exception {
    if (args.length < 2) {
      throw new IllegalArgumentException("usage: NodeMain clusterName members|- [verticle...]");
    }
    List<String> members = "-".equals(args[1]) ? List.of() : Arrays.asList(args[1].split(","));
    String host = System.getProperty(HOST_PROPERTY, LoopbackCluster.HOST);
    HazelcastClusterManager manager = System.getProperty(HAZELCAST_CONFIG_PROPERTY) != null
        ? new HazelcastClusterManager() // reads the file named by the property, as a launcher
        : new HazelcastClusterManager(LoopbackCluster.memberConfig(args[0], members, host));
    Duration bound = Duration.ofSeconds(ClusterNodes.START_TIMEOUT_SECONDS);
    ClusterNode node = Await.result(LoopbackCluster.startNode(manager, host, null,
        vertxOptions()), bound, "starting the node");
    Vertx vertx = node.vertx();
    for (String verticle : Arrays.asList(args).subList(2, args.length)) {
      int at = verticle.indexOf('@');
      String className = at < 0 ? verticle : verticle.substring(0, at);
      JsonObject config = at < 0 ? new JsonObject() : new JsonObject(verticle.substring(at + 1));
      Await.result(vertx.deployVerticle(className, new DeploymentOptions().setConfig(config)),
          bound, "deploying " + className);
    }
    System.out.println(READY_PREFIX + node.memberAddress());
    System.out.flush();
    AtomicInteger seen = new AtomicInteger();
    vertx.setPeriodic(0, MEMBERS_POLL_MILLIS, id -> {
      if (!node.hazelcast().getLifecycleService().isRunning()) {
        return; // shutting down (SIGTERM): no cluster to report
      }
      int size = node.hazelcast().getCluster().getMembers().size();
      if (seen.getAndSet(size) != size) {
        System.out.println(MEMBERS_PREFIX + size);
        System.out.flush();
      }
    });
  }
}
