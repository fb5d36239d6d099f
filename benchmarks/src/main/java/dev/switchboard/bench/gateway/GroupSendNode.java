package dev.switchboard.bench.gateway;

import com.hazelcast.config.Config;
import dev.switchboard.bench.common.CommandLines;
import dev.switchboard.bench.common.RedisServer;
import dev.switchboard.gateway.Connection;
import dev.switchboard.gateway.Gateway;
import dev.switchboard.gateway.GatewayHandler;
import dev.switchboard.gateway.GatewayOptions;
import dev.switchboard.gateway.GatewayVerticle;
import dev.switchboard.testkit.ClusterNode;
import dev.switchboard.testkit.LoopbackCluster;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One node of the gateway benchmark's cross-node group send ({@link GroupSendScenario}), run as
 * a child JVM: a clustered Vert.x node (Hazelcast on 127.0.0.1, TCP-IP join,
 * {@link LoopbackCluster#memberConfig}) in one of two roles.
 *
 * <ul>
 *   <li>{@code gateway}: {@link GatewayVerticle} instances, one per core, sharing a WebSocket
 *       port on 127.0.0.1 (path {@code /}), whose handler ({@link JoinGroup}) joins every new
 *       connection to the group with {@link Gateway#joinGroup}.</li>
 *   <li>{@code sender}: no gateway verticle; a plain Vert.x WebSocket server on 127.0.0.1 for
 *       the load generator's sender connection, every text message of which it hands to
 *       {@link Gateway#sendToGroup(String, String, java.util.Collection)}. Its standard input
 *       takes {@code await-members N MS} ({@link GroupSendControl}).</li>
 * </ul>
 *
 * <p>Command line: {@code --role gateway|sender --cluster NAME [--members host:port,...]
 * [--group bench] [--port P] [--max-send-buffer BYTES]}. Prints one line
 * {@code READY port=<port> member=<host:port> pid=<pid>} on standard output once it has joined
 * the cluster and listens, then runs until killed (SIGTERM closes Vert.x) or until its standard
 * input ends (the benchmark JVM is gone).
 */
public final class GroupSendNode {

  private static final Logger LOG = LoggerFactory.getLogger(GroupSendNode.class);

  private static final Duration START_BOUND = Duration.ofSeconds(60);

  private GroupSendNode() {
  }

  /** Joins every new connection to the group; one per verticle instance. */
  public static final class JoinGroup implements GatewayHandler {

    private static final AtomicLong FAILURES = new AtomicLong();

    private final Gateway gateway;
    private final String group;

    /**
     * @param gateway the cluster-wide gateway API of this node
     * @param group   the group every connection joins
     */
    public JoinGroup(Gateway gateway, String group) {
      this.gateway = gateway;
      this.group = group;
    }

    @Override
    public void onConnect(Connection connection) {
      gateway.joinGroup(connection.id(), group).onComplete(joined -> {
        if (!joined) {
          failed(connection, "not online");
        }
      }, e -> failed(connection, e.toString()));
    }

    private static void failed(Connection connection, String why) {
      long n = FAILURES.incrementAndGet();
      if (n == 1 || n % 1_000 == 0) {
        LOG.warn("{} connection(s) failed to join the group, last {}: {}", n, connection.id(),
            why);
      }
    }
  }

  /** The command line; see the class comment. */
  @Command(name = "GroupSendNode", synopsisHeading = "usage: ",
      customSynopsis = "GroupSendNode --role gateway|sender --cluster NAME "
          + "[--members host:port,...] [--group G] [--port P] [--max-send-buffer BYTES]")
  static final class Options {

    private String role;
    private String cluster;
    private List<String> members = List.of();
    private String group = "bench";

    @Mixin
    private final ServerOptions server = new ServerOptions();

    @Option(names = "--role", paramLabel = "ROLE", required = true,
        description = "gateway (WebSocket connections joining the group) or sender")
    private void role(String s) {
      if (!"gateway".equals(s) && !"sender".equals(s)) {
        throw new IllegalArgumentException("--role must be gateway or sender: " + s);
      }
      role = s;
    }

    @Option(names = "--cluster", paramLabel = "NAME", required = true,
        description = "the Hazelcast cluster name")
    private void cluster(String s) {
      cluster = s;
    }

    @Option(names = "--members", paramLabel = "LIST",
        description = "host:port of members already running, comma-separated (default none)")
    private void members(String s) {
      members = Arrays.asList(s.split(","));
    }

    @Option(names = "--group", paramLabel = "G", description = "the group (default bench)")
    private void group(String s) {
      group = s;
    }

    /** @return gateway or sender */
    String role() {
      return role;
    }

    /** @return the Hazelcast cluster name */
    String cluster() {
      return cluster;
    }

    /** @return host:port of members already running */
    List<String> members() {
      return members;
    }

    /** @return the group */
    String group() {
      return group;
    }

    /** @return the port and send buffer bound */
    ServerOptions server() {
      return server;
    }
  }

  /**
   * @param args see the class comment
   * @throws Exception when the node cannot start
   */
  public static void main(String[] args) throws Exception {
    Options parsed = new Options();
    CommandLines.parseOrExit(parsed, args);
    String role = parsed.role();
    String cluster = parsed.cluster();
    List<String> members = parsed.members();
    String group = parsed.group();
    int port = parsed.server().port();
    int maxSendBuffer = parsed.server().maxSendBuffer();
    if (port == 0) {
      port = RedisServer.freePort(); // gateway instances share one port: pick it for them
    }
    int loops = Runtime.getRuntime().availableProcessors();
    ClusterNode node = startNode(cluster, members, loops);
    Vertx vertx = node.vertx();
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      try {
        vertx.close().await(10, TimeUnit.SECONDS);
      } catch (TimeoutException e) {
        LOG.warn("Vert.x did not close within 10 s");
      }
    }, "group-send-node-stop"));
    Gateway gateway = Gateway.create(vertx).await(START_BOUND.toMillis(), TimeUnit.MILLISECONDS);
    if ("gateway".equals(role)) {
      GatewayOptions options = new GatewayOptions().setPort(port)
          .setMaxSendBufferSize(maxSendBuffer);
      String joined = group;
      vertx.deployVerticle(() -> new GatewayVerticle(options, new JoinGroup(gateway, joined)),
              new DeploymentOptions().setInstances(loops))
          .await(START_BOUND.toMillis(), TimeUnit.MILLISECONDS);
    } else {
      listenForSender(vertx, gateway, group, port);
    }
    GroupSendControl.start(vertx, gateway, group);
    System.out.println("READY port=" + port + " member=" + node.memberAddress() + " pid="
        + ProcessHandle.current().pid());
    System.out.flush();
  }

  /**
   * A clustered Vert.x node with as many event loops as cores (as {@link GatewayBenchServer}).
   * Hazelcast's own failure detection (heartbeat every 5 s, a member dropped after 60 s without
   * one) instead of the test kit's fast one: on a saturated 2-core machine a member may miss a
   * few heartbeats without being gone. The soak's nodes ({@code bench.soak.SoakNode}) start so
   * too.
   *
   * @param cluster the Hazelcast cluster name
   * @param members host:port of members already running
   * @param loops   event loops
   * @return the started node
   * @throws TimeoutException when it does not start within a minute
   */
  public static ClusterNode startNode(String cluster, List<String> members, int loops)
      throws TimeoutException {
    Config config = LoopbackCluster.memberConfig(cluster, members);
    config.setProperty("hazelcast.heartbeat.interval.seconds", "5");
    config.setProperty("hazelcast.max.no.heartbeat.seconds", "60");
    HazelcastClusterManager manager = new HazelcastClusterManager(config);
    VertxOptions options = new VertxOptions().setEventLoopPoolSize(loops);
    options.getEventBusOptions().setHost(LoopbackCluster.HOST).setPort(0)
        .setClusterPublicHost(LoopbackCluster.HOST);
    Vertx vertx = Vertx.builder().with(options).withClusterManager(manager).buildClustered()
        .await(START_BOUND.toMillis(), TimeUnit.MILLISECONDS);
    return new ClusterNode(vertx, manager);
  }

  /** The sender's WebSocket server: every text message is sent to the group. */
  private static void listenForSender(Vertx vertx, Gateway gateway, String group, int port)
      throws TimeoutException {
    AtomicLong failures = new AtomicLong();
    vertx.createHttpServer(new HttpServerOptions().setHost(LoopbackCluster.HOST).setPort(port)
            .setPerMessageWebSocketCompressionSupported(false)
            .setPerFrameWebSocketCompressionSupported(false))
        .webSocketHandler(ws -> ws.textMessageHandler(text ->
            gateway.sendToGroup(group, text, null).onFailure(e -> {
              long n = failures.incrementAndGet();
              if (n == 1 || n % 1_000 == 0) {
                LOG.warn("{} group send(s) failed, last: {}", n, e.toString());
              }
            })))
        .listen().await(START_BOUND.toMillis(), TimeUnit.MILLISECONDS);
  }
}
