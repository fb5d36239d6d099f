package dev.switchboard.bench.channel;

import dev.switchboard.bench.common.BenchMetrics;
import dev.switchboard.bench.common.Cleanup;
import dev.switchboard.bench.common.RedisServer;
import dev.switchboard.testkit.Await;
import dev.switchboard.testkit.NodeProcess;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Our side: one or two clustered node JVMs ({@link NodeProcess}, one Hazelcast cluster), each
 * running a channel server ({@link BenchChannelServerVerticle}) on its own port, and remote
 * {@link ChannelConnection}s to them. The publisher connects to server 1; with two servers,
 * subscriber {@code i} connects to server 2 when {@code i} is even and to server 1 when it is odd
 * (so the only subscriber of N = 1 is on the other server, and N = 10 or 50 split evenly).
 *
 * <p>Each server also gets a monitor client, used only for {@link #counters()}.
 *
 * <p>Not thread-safe apart from {@link #connect}: start and close it from the main thread.
 */
final class ChannelSystem implements PubSubSystem {

  private static final Logger LOG = LoggerFactory.getLogger(ChannelSystem.class);

  private static final Duration BOUND = Duration.ofSeconds(30);

  private final Vertx vertx;
  private final List<String> servers;
  private final List<Long> pids;
  private final List<ChannelConnection> monitors;
  private final List<Cleanup.Registration> registrations;
  private final String description;

  private ChannelSystem(Vertx vertx, List<String> servers, List<Long> pids,
                        List<ChannelConnection> monitors, List<Cleanup.Registration> registrations,
                        String description) {
    this.vertx = vertx;
    this.servers = servers;
    this.pids = pids;
    this.monitors = monitors;
    this.registrations = registrations;
    this.description = description;
  }

  /**
   * Starts the node JVMs one after the other (each joins the first), then connects a monitor
   * client to each server.
   *
   * @param cleanup    where the JVMs are registered
   * @param vertx      the load generator's Vert.x instance
   * @param count      1 or 2 servers
   * @param extraFlags extra JVM flags of every node JVM (a flight recorder, say), or empty
   * @return the running system
   * @throws Exception when a node does not start or a server cannot be reached
   */
  static ChannelSystem start(Cleanup cleanup, Vertx vertx, int count, List<String> extraFlags)
      throws Exception {
    String clusterName = "sb-bench-channel-" + UUID.randomUUID();
    List<Cleanup.Registration> registrations = new ArrayList<>();
    try {
      List<String> servers = new ArrayList<>();
      List<Long> pids = new ArrayList<>();
      List<String> members = new ArrayList<>();
      for (int i = 0; i < count; i++) {
        int port = RedisServer.freePort();
        List<String> flags = new ArrayList<>(extraFlags);
        flags.add("-D" + BenchChannelServerVerticle.PORT_PROPERTY + "=" + port);
        flags.add(BenchMetrics.nodeFlag()); // Vert.x's metrics as -Dswitchboard.bench.metrics says
        NodeProcess node = NodeProcess.start(clusterName, members.isEmpty() ? List.of()
            : List.of(members.get(0)), flags, BenchChannelServerVerticle.class.getName());
        registrations.add(cleanup.register("channel server JVM pid " + node.pid(), node::stop));
        members.add(node.memberAddress());
        servers.add("127.0.0.1:" + port);
        pids.add(node.pid());
        LOG.info("Channel server {} of {}: JVM pid {} on 127.0.0.1:{}", i + 1, count, node.pid(),
            port);
      }
      List<ChannelConnection> monitors = new ArrayList<>();
      for (String server : servers) {
        // from the main thread: an event-loop context of the load generator's Vert.x
        monitors.add((ChannelConnection) Await.result(ChannelConnection.connect(vertx,
            vertx.getOrCreateContext(), server), BOUND, "connecting a monitor client to " + server));
      }
      StringBuilder description = new StringBuilder();
      for (int i = 0; i < count; i++) {
        description.append(i == 0 ? "" : ", ").append("server ").append(i + 1)
            .append(" = node JVM pid ").append(pids.get(i)).append(" on ").append(servers.get(i));
      }
      description.append(count == 1 ? " (a one-member Hazelcast cluster); publisher and "
          + "subscribers connect to it" : " (one Hazelcast cluster); the publisher connects to "
          + "server 1, subscribers alternate server 2, server 1, server 2... (N = 1: on server 2)");
      return new ChannelSystem(vertx, servers, pids, monitors, registrations,
          description.toString());
    } catch (Exception | Error e) {
      Collections.reverse(registrations);
      registrations.forEach(Cleanup.Registration::close);
      throw e;
    }
  }

  @Override
  public String label() {
    return servers.size() == 1 ? "ours, 1 server" : "ours, " + servers.size()
        + " federated servers";
  }

  @Override
  public String key() {
    return "ours-" + servers.size();
  }

  @Override
  public String description() {
    return description;
  }

  @Override
  public Future<PubSubConnection> connect(Context context, int subscriber) {
    return ChannelConnection.connect(vertx, context, serverFor(subscriber));
  }

  /**
   * Where a client connects: the publisher to server 1; with two servers, subscriber {@code i}
   * to server 2 when {@code i} is even and to server 1 when it is odd.
   *
   * @param subscriber the subscriber's index, or -1 for the publisher
   * @return {@code host:port} of its server
   */
  String serverFor(int subscriber) {
    int server = subscriber < 0 || servers.size() == 1 ? 0 : (subscriber % 2 == 0 ? 1 : 0);
    return servers.get(server);
  }

  @Override
  public List<Long> serverPids() {
    return pids;
  }

  @Override
  public Optional<ServerCounters> counters() {
    ServerCounters sum = new ServerCounters(0, 0);
    for (ChannelConnection monitor : monitors) {
      JsonObject status = Await.result(monitor.client().status(), BOUND, "channel server status");
      sum = sum.plus(ServerCounters.ofStatus(status));
    }
    return Optional.of(sum);
  }

  @Override
  public void close() {
    for (ChannelConnection monitor : monitors) {
      try {
        Await.result(monitor.close(), BOUND, "closing a monitor client");
      } catch (RuntimeException e) {
        LOG.warn("Closing a monitor client failed: {}", e.getMessage());
      }
    }
    List<Cleanup.Registration> newestFirst = new ArrayList<>(registrations);
    Collections.reverse(newestFirst);
    newestFirst.forEach(Cleanup.Registration::close);
  }
}
