package dev.switchboard.testkit;

import io.vertx.core.DeploymentOptions;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;

/**
 * Entry point of a node started as a separate JVM by {@link NodeProcess}: starts a clustered
 * Vert.x node on loopback, deploys the named verticles, then prints one
 * {@value #READY_PREFIX} line with its Hazelcast member address and runs until killed.
 *
 * <p>Arguments: {@code clusterName members verticleClass...} where {@code members} is a
 * comma-separated {@code host:port} list or {@code -} for none.
 */
public final class NodeMain {

  /** Prefix of the line a node prints once it has joined and deployed. */
  public static final String READY_PREFIX = "SWITCHBOARD-NODE-READY ";

  private NodeMain() {
  }

  /**
   * @param args {@code clusterName members verticleClass...}
   * @throws Exception when the node cannot start
   */
  public static void main(String[] args) throws Exception {
    if (args.length < 2) {
      throw new IllegalArgumentException("usage: NodeMain clusterName members|- [verticle...]");
    }
    List<String> members = "-".equals(args[1]) ? List.of() : Arrays.asList(args[1].split(","));
    Duration bound = Duration.ofSeconds(ClusterNodes.START_TIMEOUT_SECONDS);
    ClusterNode node = Await.result(LoopbackCluster.startNode(args[0], members), bound,
        "starting the node");
    Vertx vertx = node.vertx();
    for (String verticle : Arrays.asList(args).subList(2, args.length)) {
      Await.result(vertx.deployVerticle(verticle,
          new DeploymentOptions().setConfig(new JsonObject())), bound, "deploying " + verticle);
    }
    System.out.println(READY_PREFIX + node.memberAddress());
    System.out.flush();
  }
}
