package dev.switchboard.examples;

import dev.switchboard.channel.server.ChannelServerVerticle;
import dev.switchboard.globaldata.GlobalData;
import dev.switchboard.launcher.SwitchboardApplication;
import dev.switchboard.testkit.ClusterNode;
import dev.switchboard.testkit.LoopbackCluster;
import dev.switchboard.testkit.NodeProcess;
import io.vertx.launcher.application.ExitCodes;
import io.vertx.launcher.application.VertxApplication;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

import static dev.switchboard.testkit.Await.result;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Vert.x 5's own launcher on the all-in-one jar this module packages: {@link VertxApplication}
 * as Vert.x ships it and {@link SwitchboardApplication} (with Switchboard's cluster defaults),
 * each started with {@code java -cp switchboard-all.jar} or through {@code bin/vertx}, join a
 * cluster whose first member runs in this JVM.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class VertxApplicationIT {

  private static final Path JAR = Path.of("target", "switchboard-all.jar");
  private static final Pattern CHANNEL_SERVER_READY =
      Pattern.compile("Channel server listening on 127\\.0\\.0\\.1:(\\d+)");
  private static final Pattern EXAMPLE_READY = Pattern.compile("(\\S+) brought 2 users online");

  private final List<NodeProcess> nodes = new ArrayList<>();
  private ClusterNode seed;

  @AfterEach
  void stopAll() throws Exception {
    for (NodeProcess node : nodes) {
      node.close();
    }
    if (seed != null) {
      result(seed.vertx().close());
    }
  }

  @Test
  void channelServersStartedByBothLaunchersFormOneChannelSpace(@TempDir Path dir)
      throws Exception {
    String clusterName = LoopbackCluster.randomClusterName();
    seed = result(LoopbackCluster.startNode(clusterName, List.of()));
    List<String> members = List.of(seed.memberAddress());
    String[] channelServer = {ChannelServerVerticle.class.getName(), "-cluster",
        "-cluster-host", LoopbackCluster.HOST, "-conf", "{\"port\":0}"};

    // Vert.x's class as it ships, the cluster name in the Hazelcast file
    ProcessBuilder plain = java(VertxApplication.class, List.of("-Dvertx.hazelcast.config="
        + LoopbackCluster.writeMemberXml(clusterName, members, dir.resolve("plain.xml"))),
        channelServer);
    // ours, the cluster name only in the environment, as for bin/vertx
    ProcessBuilder ours = java(SwitchboardApplication.class, List.of("-Dvertx.hazelcast.config="
        + namedByProperty(clusterName, members, dir.resolve("ours.xml"))), channelServer);
    ours.environment().put(SwitchboardApplication.CLUSTER_NAME_VARIABLE, clusterName);
    String first = LoopbackCluster.HOST + ":" + launch(plain, CHANNEL_SERVER_READY);
    String second = LoopbackCluster.HOST + ":" + launch(ours, CHANNEL_SERVER_READY);
    assertThat(seed.hazelcast().getCluster().getMembers()).hasSize(3);
    LauncherIT.assertOneChannelSpace(seed.vertx(), first, second, "application");
    LauncherIT.assertOneChannelSpace(seed.vertx(), second, first, "application");
  }

  @Test
  void binVertxRunsSwitchboardApplicationAndSigtermUndeploysTheVerticle(@TempDir Path dir)
      throws Exception {
    String clusterName = LoopbackCluster.randomClusterName();
    seed = result(LoopbackCluster.startNode(clusterName, List.of()));
    Path xml = LoopbackCluster.writeMemberXml(clusterName, List.of(seed.memberAddress()),
        dir.resolve("node.xml"));
    ProcessBuilder builder = new ProcessBuilder(projectRoot().resolve("bin/vertx").toString(),
        OnlineCounterExample.class.getName(), "-cluster", "-cluster-host", LoopbackCluster.HOST,
        "-conf", "{\"users\":2}");
    builder.environment().put("SWITCHBOARD_MAIN", SwitchboardApplication.class.getName());
    builder.environment().put("JAVA_OPTS", "-Dvertx.hazelcast.config=" + xml);
    launch(builder, EXAMPLE_READY);

    GlobalData data = GlobalData.member(seed.vertx());
    assertThat(result(data.get(OnlineCounterExample.ONLINE))).isEqualTo(2);
    assertThat(nodes.get(0).stop()).as("SIGTERM undeploys and exits").isNotEqualTo(137);
    assertThat(result(data.get(OnlineCounterExample.ONLINE)))
        .as("the example's stop() ran on SIGTERM").isEqualTo(0);
  }

  @Test
  void switchboardApplicationRefusesAClusteredNodeWithoutAClusterName(@TempDir Path dir)
      throws Exception {
    Path log = dir.resolve("unnamed.log");
    ProcessBuilder builder = java(SwitchboardApplication.class, List.of(),
        "dev.switchboard.globaldata.GlobalDataVerticle", "-cluster")
        .redirectErrorStream(true).redirectOutput(log.toFile());
    builder.environment().remove(SwitchboardApplication.CLUSTER_NAME_VARIABLE);
    Process process = builder.start();
    try {
      assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("the node refused to start").isTrue();
    } finally {
      process.destroyForcibly();
    }
    String output = Files.readString(log, StandardCharsets.UTF_8);
    assertThat(process.exitValue()).as(output).isEqualTo(ExitCodes.USAGE);
    assertThat(output).contains(SwitchboardApplication.CLUSTER_NAME_VARIABLE);
  }

  /**
   * {@code java} with the tests' JVM flags (Hazelcast's) on the all-in-one jar, running
   * {@code main}.
   */
  private static ProcessBuilder java(Class<?> main, List<String> properties, String... args) {
    List<String> command = new ArrayList<>();
    command.add(ProcessHandle.current().info().command().orElse("java"));
    String flags = System.getProperty(NodeProcess.JVM_FLAGS_PROPERTY, "");
    if (!flags.isBlank()) {
      command.addAll(Arrays.asList(flags.trim().split("\\s+")));
    }
    command.addAll(properties);
    command.addAll(List.of("-Djava.net.preferIPv4Stack=true", "-cp", JAR.toString(),
        main.getName()));
    command.addAll(List.of(args));
    return new ProcessBuilder(command);
  }

  /**
   * {@link LoopbackCluster#writeMemberXml} whose cluster name is the shipped
   * {@code cluster.xml}'s variable, {@code ${switchboard.cluster.name}}.
   */
  private static Path namedByProperty(String clusterName, List<String> members, Path file)
      throws Exception {
    LoopbackCluster.writeMemberXml(clusterName, members, file);
    return Files.writeString(file, Files.readString(file).replace(
        "<cluster-name>" + clusterName + "</cluster-name>",
        "<cluster-name>${" + SwitchboardApplication.CLUSTER_NAME_PROPERTY + "}</cluster-name>"));
  }

  /** Starts the node, keeps it in {@link #nodes} and returns group 1 of its ready line. */
  private String launch(ProcessBuilder builder, Pattern ready) throws Exception {
    NodeProcess node = NodeProcess.launch(builder, ready);
    nodes.add(node);
    return node.memberAddress();
  }

  private static Path projectRoot() {
    return Path.of(System.getProperty("user.dir")).getParent();
  }
}
