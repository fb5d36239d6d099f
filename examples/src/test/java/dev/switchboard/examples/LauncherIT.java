package dev.switchboard.examples;

import dev.switchboard.channel.ChannelClient;
import dev.switchboard.channel.ChannelClientOptions;
import dev.switchboard.channel.ChannelMessage;
import dev.switchboard.channel.server.ChannelServerVerticle;
import dev.switchboard.globaldata.GlobalData;
import dev.switchboard.globaldata.GlobalDataOptions;
import dev.switchboard.testkit.Await;
import dev.switchboard.testkit.ClusterNode;
import dev.switchboard.testkit.EventBusTls;
import dev.switchboard.testkit.LoopbackCluster;
import dev.switchboard.testkit.NodeProcess;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

import static dev.switchboard.testkit.Await.result;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code bin/vertx} on the all-in-one jar this module packages: a GlobalData node and an
 * example node, two JVMs clustered on loopback, read from the test through client mode.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class LauncherIT {

  private static final Pattern DATA_NODE_READY =
      Pattern.compile("GlobalData node ready: member (\\S+),");
  private static final Pattern CHANNEL_SERVER_READY =
      Pattern.compile("Channel server listening on 127\\.0\\.0\\.1:(\\d+)");
  /** Group 1 starts with the HTTP port and ends with the status listener's. */
  private static final Pattern GATEWAY_READY = Pattern.compile(
      "Gateway listening on 127\\.0\\.0\\.1:(\\d+.*, status 127\\.0\\.0\\.1:\\d+)");
  private static final Pattern EXAMPLE_READY = Pattern.compile("(\\S+) brought 2 users online");

  private final List<NodeProcess> nodes = new ArrayList<>();
  private Vertx vertx;

  @AfterEach
  void stopAll() throws Exception {
    if (vertx != null) {
      result(vertx.close());
    }
    for (NodeProcess node : nodes) {
      node.close();
    }
  }

  @Test
  void binVertxRunsVerticlesByClassNameInAClusteredNode(@TempDir Path dir) throws Exception {
    String clusterName = LoopbackCluster.randomClusterName();
    NodeProcess dataNode = NodeProcess.launch(vertxRun(dir, clusterName, List.of(), "first",
        "dev.switchboard.globaldata.GlobalDataVerticle", "-cluster"), DATA_NODE_READY);
    nodes.add(dataNode);
    NodeProcess exampleNode = NodeProcess.launch(vertxRun(dir, clusterName,
        List.of(dataNode.memberAddress()), "second", OnlineCounterExample.class.getName(),
        "-cluster", "-conf", "{\"users\":2}"), EXAMPLE_READY);
    nodes.add(exampleNode);

    vertx = Vertx.vertx();
    GlobalData data = result(GlobalData.client(vertx, new GlobalDataOptions()
        .setClusterName(clusterName).setMembers(List.of(dataNode.memberAddress()))));
    assertThat(result(data.get(OnlineCounterExample.ONLINE))).isEqualTo(2);

    assertThat(exampleNode.stop()).as("SIGTERM undeploys and exits").isNotEqualTo(137);
    assertThat(result(data.get(OnlineCounterExample.ONLINE)))
        .as("the example's stop() ran on SIGTERM").isEqualTo(0);
    result(data.close());
  }

  @Test
  void channelServersRunByBinVertxFormOneChannelSpace(@TempDir Path dir) throws Exception {
    List<String> servers = startChannelServers(dir);
    assertOneChannelSpace(vertx, servers.get(0), servers.get(1), "launcher");
  }

  @Test
  void binVertxNodesTalkOverATlsEventBusWithTheOptionsOfBinMakeCerts(@TempDir Path dir)
      throws Exception {
    Path certs = ClusterPlaneSecurityIT.makeCerts(dir.resolve("certs"), "seed", "first",
        "second");
    List<String> servers = startChannelServers(dir, certs);
    assertOneChannelSpace(vertx, servers.get(0), servers.get(1), "launcher-tls");
  }

  @Test
  void binVertxRefusesAClusteredNodeWithoutAClusterName(@TempDir Path dir) throws Exception {
    Path log = dir.resolve("unnamed.log");
    ProcessBuilder builder = new ProcessBuilder(projectRoot().resolve("bin/vertx").toString(),
        "run", "dev.switchboard.globaldata.GlobalDataVerticle", "-cluster")
        .redirectErrorStream(true).redirectOutput(log.toFile());
    builder.environment().remove("SWITCHBOARD_CLUSTER_NAME");
    builder.environment().remove("JAVA_OPTS");
    Process process = builder.start();
    try {
      assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("the node refused to start").isTrue();
    } finally {
      process.destroyForcibly();
    }
    String output = java.nio.file.Files.readString(log);
    assertThat(process.exitValue()).as(output).isNotZero();
    assertThat(output).contains("SWITCHBOARD_CLUSTER_NAME");
  }

  @Test
  void channelSpaceSurvivesTheKillOfAServerJvm(@TempDir Path dir) throws Exception {
    List<String> servers = startChannelServers(dir);

    ChannelClient remote = ChannelClient.create(vertx, new ChannelClientOptions()
        .setServers(servers)
        .setReconnectInitialDelay(50).setReconnectMaxDelay(500).setConnectTimeout(2_000));
    ChannelClient local = ChannelClient.local(vertx);
    BlockingQueue<Object> atRemote = new LinkedBlockingQueue<>();
    BlockingQueue<Object> atLocal = new LinkedBlockingQueue<>();
    result(remote.on("alerts", m -> atRemote.add(m.data())));
    result(local.on("replies", m -> atLocal.add(m.data())));
    result(local.publish("alerts", "before"));
    assertThat(atRemote.poll(30, TimeUnit.SECONDS)).isEqualTo("before");

    nodes.get(0).kill();
    // the client fails over to the second server and subscribes there again: poll with publishes
    Await.condition(vertx, 100, () -> local.publish("alerts", "after")
        .map(v -> !atRemote.isEmpty()));
    assertThat(atRemote.poll(30, TimeUnit.SECONDS)).isEqualTo("after");
    result(remote.publish("replies", "from the second server"));
    assertThat(atLocal.poll(30, TimeUnit.SECONDS)).isEqualTo("from the second server");
    result(remote.close());
    result(local.close());
  }

  @Test
  void binVertxRunsTheGatewayAndGatewayStatusPrintsItsTable() throws Exception {
    Path root = projectRoot();
    NodeProcess gateway = NodeProcess.launch(new ProcessBuilder(root.resolve("bin/vertx")
        .toString(), "run", "dev.switchboard.gateway.GatewayVerticle", "-conf",
        "{\"port\":0,\"textPort\":0,\"statusPort\":0}"), GATEWAY_READY);
    nodes.add(gateway);
    String ready = gateway.memberAddress();
    String address = LoopbackCluster.HOST + ":" + ready.replaceAll("\\D.*", "");
    String statusPort = ready.replaceAll(".*:", "");
    java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
    java.net.http.HttpResponse<String> status = http.send(java.net.http.HttpRequest.newBuilder(
        java.net.URI.create("http://" + address + "/status")).build(),
        java.net.http.HttpResponse.BodyHandlers.ofString());
    io.vertx.core.json.JsonObject node = new io.vertx.core.json.JsonObject(status.body())
        .getJsonObject("node");
    assertThat(node.getInteger("verticles")).isEqualTo(1);
    int textPort = new io.vertx.core.json.JsonObject(status.body()).getJsonArray("verticles")
        .getJsonObject(0).getInteger("textPort");
    try (java.net.Socket client = new java.net.Socket(LoopbackCluster.HOST, textPort)) {
      client.getOutputStream().write("hello\n".getBytes(java.nio.charset.StandardCharsets.UTF_8));
      String table = runStatus(root, address);
      assertThat(table).contains("GLOBAL STATUS", "VERTICLE STATUS", "total_request",
          "send_fail", "Summary");
      // the connection list is served on the status listener only
      assertThat(http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://"
          + address + "/status/connections")).build(),
          java.net.http.HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(404);
      String connections = runStatus(root, LoopbackCluster.HOST + ":" + statusPort,
          "connections");
      assertThat(connections).contains("Recv-Q", "Send-Q", "text", "ESTABLISHED");
    }
  }

  /**
   * Asserts that a message published through the channel server {@code publishAt} reaches a
   * subscriber of the channel server {@code subscribeAt} (remote clients on {@code vertx}).
   */
  static void assertOneChannelSpace(Vertx vertx, String subscribeAt, String publishAt,
                                    String channel) throws Exception {
    ChannelClient subscriber = ChannelClient.create(vertx, new ChannelClientOptions()
        .setServer(subscribeAt));
    ChannelClient publisher = ChannelClient.create(vertx, new ChannelClientOptions()
        .setServer(publishAt));
    CompletableFuture<ChannelMessage> received = new CompletableFuture<>();
    result(subscriber.on(channel, received::complete));
    String message = "from " + publishAt + " to " + subscribeAt;
    result(publisher.publish(channel, message));
    assertThat(received.get(30, TimeUnit.SECONDS).data()).isEqualTo(message);
    result(subscriber.close());
    result(publisher.close());
  }

  private static String runStatus(Path root, String... args) throws Exception {
    List<String> command = new ArrayList<>(List.of(root.resolve("bin/gateway-status").toString()));
    command.addAll(List.of(args));
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes(),
        java.nio.charset.StandardCharsets.UTF_8);
    assertThat(process.waitFor(60, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
    assertThat(process.exitValue()).as(output).isZero();
    return output;
  }

  /**
   * Starts a clustered node in this JVM (kept in {@link #vertx}) and two channel-server JVMs with
   * {@code bin/vertx} that join it.
   *
   * @return the servers as {@code host:port}, in start order (their processes are {@link #nodes})
   */
  private List<String> startChannelServers(Path dir) throws Exception {
    return startChannelServers(dir, null);
  }

  /**
   * As {@link #startChannelServers(Path)}, every event bus over TLS with the certificates
   * {@code bin/make-certs} made in {@code certs} for nodes seed, first and second (the JVMs
   * through its {@code -options} files), or plain text when {@code certs} is null.
   */
  private List<String> startChannelServers(Path dir, Path certs) throws Exception {
    String clusterName = LoopbackCluster.randomClusterName();
    ClusterNode seed = result(LoopbackCluster.startNode(LoopbackCluster.memberConfig(
        clusterName, List.of()), certs == null ? null : EventBusTls.ofMakeCerts(certs, "seed")));
    vertx = seed.vertx();
    List<String> servers = new ArrayList<>();
    for (String name : List.of("first", "second")) {
      List<String> args = new ArrayList<>(List.of(ChannelServerVerticle.class.getName(),
          "-cluster", "-conf", "{\"port\":0}"));
      if (certs != null) {
        args.addAll(List.of("-options", certs.resolve(name + "-options.json").toString()));
      }
      NodeProcess server = NodeProcess.launch(vertxRun(dir, clusterName,
          List.of(seed.memberAddress()), name, args.toArray(String[]::new)),
          CHANNEL_SERVER_READY);
      nodes.add(server);
      servers.add(LoopbackCluster.HOST + ":" + server.memberAddress());
    }
    return servers;
  }

  private static ProcessBuilder vertxRun(Path dir, String clusterName, List<String> members,
                                         String name, String... args) throws Exception {
    Path xml = LoopbackCluster.writeMemberXml(clusterName, members, dir.resolve(name + ".xml"));
    List<String> command = new ArrayList<>(List.of(projectRoot().resolve("bin/vertx").toString(),
        "run"));
    command.addAll(List.of(args));
    command.addAll(List.of("-cluster-host", LoopbackCluster.HOST));
    ProcessBuilder builder = new ProcessBuilder(command);
    builder.environment().put("JAVA_OPTS", "-Dvertx.hazelcast.config=" + xml);
    return builder;
  }

  private static Path projectRoot() {
    return Path.of(System.getProperty("user.dir")).getParent();
  }
}
