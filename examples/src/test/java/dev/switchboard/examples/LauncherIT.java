package dev.switchboard.examples;

import dev.switchboard.channel.ChannelClient;
import dev.switchboard.channel.ChannelClientOptions;
import dev.switchboard.channel.ChannelMessage;
import dev.switchboard.globaldata.GlobalData;
import dev.switchboard.globaldata.GlobalDataOptions;
import dev.switchboard.testkit.ClusterNode;
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
import java.util.concurrent.CompletableFuture;
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
    String clusterName = LoopbackCluster.randomClusterName();
    ClusterNode seed = result(LoopbackCluster.startNode(clusterName, List.of()));
    vertx = seed.vertx();
    List<String> seedMember = List.of(seed.memberAddress());
    String verticle = "dev.switchboard.channel.server.ChannelServerVerticle";
    NodeProcess first = NodeProcess.launch(vertxRun(dir, clusterName, seedMember, "first",
        verticle, "-cluster", "-conf", "{\"port\":0}"), CHANNEL_SERVER_READY);
    nodes.add(first);
    NodeProcess second = NodeProcess.launch(vertxRun(dir, clusterName, seedMember, "second",
        verticle, "-cluster", "-conf", "{\"port\":0}"), CHANNEL_SERVER_READY);
    nodes.add(second);

    ChannelClient subscriber = ChannelClient.create(vertx, new ChannelClientOptions()
        .setServer("127.0.0.1:" + first.memberAddress()));
    ChannelClient publisher = ChannelClient.create(vertx, new ChannelClientOptions()
        .setServer("127.0.0.1:" + second.memberAddress()));
    CompletableFuture<ChannelMessage> received = new CompletableFuture<>();
    result(subscriber.on("launcher", received::complete));
    result(publisher.publish("launcher", "across two JVMs"));
    assertThat(received.get(30, TimeUnit.SECONDS).data()).isEqualTo("across two JVMs");
    result(subscriber.close());
    result(publisher.close());
  }

  @Test
  void channelSpaceSurvivesTheKillOfAServerJvm(@TempDir Path dir) throws Exception {
    String clusterName = LoopbackCluster.randomClusterName();
    ClusterNode seed = result(LoopbackCluster.startNode(clusterName, List.of()));
    vertx = seed.vertx();
    List<String> seedMember = List.of(seed.memberAddress());
    String verticle = "dev.switchboard.channel.server.ChannelServerVerticle";
    NodeProcess first = NodeProcess.launch(vertxRun(dir, clusterName, seedMember, "first",
        verticle, "-cluster", "-conf", "{\"port\":0}"), CHANNEL_SERVER_READY);
    nodes.add(first);
    NodeProcess second = NodeProcess.launch(vertxRun(dir, clusterName, seedMember, "second",
        verticle, "-cluster", "-conf", "{\"port\":0}"), CHANNEL_SERVER_READY);
    nodes.add(second);

    ChannelClient remote = ChannelClient.create(vertx, new ChannelClientOptions()
        .setServers(List.of("127.0.0.1:" + first.memberAddress(),
            "127.0.0.1:" + second.memberAddress()))
        .setReconnectInitialDelay(50).setReconnectMaxDelay(500).setConnectTimeout(2_000));
    ChannelClient local = ChannelClient.local(vertx);
    java.util.concurrent.BlockingQueue<Object> atRemote =
        new java.util.concurrent.LinkedBlockingQueue<>();
    java.util.concurrent.BlockingQueue<Object> atLocal =
        new java.util.concurrent.LinkedBlockingQueue<>();
    result(remote.on("alerts", m -> atRemote.add(m.data())));
    result(local.on("replies", m -> atLocal.add(m.data())));
    result(local.publish("alerts", "before"));
    assertThat(atRemote.poll(30, TimeUnit.SECONDS)).isEqualTo("before");

    first.kill();
    // the client fails over to the second server and subscribes there again: poll with publishes
    dev.switchboard.testkit.Await.condition(vertx, 100, () -> local.publish("alerts", "after")
        .map(v -> !atRemote.isEmpty()));
    assertThat(atRemote.poll(30, TimeUnit.SECONDS)).isEqualTo("after");
    result(remote.publish("replies", "from the second server"));
    assertThat(atLocal.poll(30, TimeUnit.SECONDS)).isEqualTo("from the second server");
    result(remote.close());
    result(local.close());
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
