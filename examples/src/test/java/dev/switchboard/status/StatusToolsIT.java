package dev.switchboard.status;

import dev.switchboard.channel.server.ChannelServerOptions;
import dev.switchboard.channel.server.ChannelServer;
import dev.switchboard.gateway.GatewayOptions;
import dev.switchboard.gateway.GatewayVerticle;
import dev.switchboard.testkit.Await;
import dev.switchboard.testkit.ClusterNodes;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static dev.switchboard.status.ToolRun.projectRoot;
import static dev.switchboard.status.ToolRun.run;
import static dev.switchboard.status.ToolRun.timed;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code bin/gateway-status} and {@code bin/channel-status} run as the operator runs them (real
 * processes on the packaged jar) against real nodes of a 2-node cluster in this JVM: usage, exit
 * statuses, a port that is not theirs, a missing jar (no build), the token from the environment,
 * the cluster-wide views and the live mode's frames.
 */
@Timeout(value = 240, unit = TimeUnit.SECONDS)
class StatusToolsIT {

  private static final String TOKEN = "status-tools-token-0123456789";
  private static final String BUILD = "mvn -B package -DskipTests -pl examples -am";

  private ClusterNodes cluster;

  @AfterEach
  void stop() throws Exception {
    if (cluster != null) {
      cluster.close();
    }
  }

  @Test
  void usageOnHelpAndOnBadArgumentsWithTheirExitStatuses() throws Exception {
    ToolRun help = run("gateway-status", Map.of(), "--help");
    assertThat(help.exit()).as(help.output()).isZero();
    assertThat(help.output()).contains("Usage: gateway-status", "--cluster", "-d, --live");
    ToolRun channelHelp = run("channel-status", Map.of(), "--help");
    assertThat(channelHelp.exit()).isZero();
    assertThat(channelHelp.output()).contains("Usage: channel-status", "SWITCHBOARD_CHANNEL_TOKEN");

    ToolRun bad = run("gateway-status", Map.of(), "--bogus");
    assertThat(bad.exit()).as(bad.output()).isEqualTo(2);
    assertThat(bad.output()).contains("Unknown option: '--bogus'", "Usage: gateway-status");
    ToolRun badPort = run("channel-status", Map.of(), "70000");
    assertThat(badPort.exit()).as(badPort.output()).isEqualTo(2);
    assertThat(badPort.output()).contains("'70000' is not host:port nor a port",
        "Usage: channel-status");
  }

  @Test
  void aMissingJarIsNamedWithTheBuildCommandAndNothingIsBuilt() throws Exception {
    for (String tool : List.of("gateway-status", "channel-status")) {
      long started = System.nanoTime();
      ToolRun missing = run(tool, Map.of("SWITCHBOARD_JAR", "/nonexistent/switchboard-all.jar"));
      assertThat(missing.exit()).as(missing.output()).isEqualTo(1);
      assertThat(missing.output().strip()).isEqualTo(tool
          + ": /nonexistent/switchboard-all.jar is missing; build it first: (cd "
          + projectRoot() + " && " + BUILD + ")");
      assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started))
          .as("no Maven run").isLessThan(5_000);
    }
  }

  @Test
  void aWrongPortIsOneLineWithinTheBound() throws Exception {
    cluster = ClusterNodes.start(1);
    GatewayVerticle gateway = new GatewayVerticle(new GatewayOptions().setPort(0)
        .setStatusPort(0), null);
    Await.result(cluster.vertx(0).deployVerticle(gateway));
    ChannelServer channel = ChannelServer.create(cluster.vertx(0), new ChannelServerOptions()
        .setPort(0));
    Await.result(channel.listen());
    int channelPort = channel.actualPort();

    ToolRun notGateway = timed("gateway-status", Map.of(), String.valueOf(channelPort));
    assertThat(notGateway.exit()).isEqualTo(1);
    assertThat(notGateway.output().strip()).isEqualTo("gateway-status: this is not a Switchboard"
        + " gateway at 127.0.0.1:" + channelPort + ": it does not answer HTTP");

    ToolRun notChannel = timed("channel-status", Map.of(), "127.0.0.1:" + gateway.actualPort());
    assertThat(notChannel.exit()).isEqualTo(1);
    assertThat(notChannel.output().strip()).isEqualTo("channel-status: this is not a Switchboard"
        + " channel server at 127.0.0.1:" + gateway.actualPort()
        + ": its answer to a status request is not a channel frame");

    try (java.net.ServerSocket silent = new java.net.ServerSocket(0)) {
      ToolRun timedOut = timed("gateway-status", Map.of(), String.valueOf(silent.getLocalPort()),
          "--timeout", "2");
      assertThat(timedOut.output().strip()).isEqualTo("gateway-status: this is not a Switchboard"
          + " gateway at 127.0.0.1:" + silent.getLocalPort() + ": no HTTP answer within 2.0 s");
      ToolRun silentChannel = timed("channel-status", Map.of(), String.valueOf(
          silent.getLocalPort()), "--timeout", "2");
      assertThat(silentChannel.output().strip()).isEqualTo("channel-status: this is not a"
          + " Switchboard channel server at 127.0.0.1:" + silent.getLocalPort()
          + ": no answer to a status request within 2.0 s");
    }

    ToolRun connectionsOnHttpPort = timed("gateway-status", Map.of(),
        String.valueOf(gateway.actualPort()), "connections");
    assertThat(connectionsOnHttpPort.output()).contains("give the address of the gateway's status"
        + " listener (option statusPort)");
  }

  @Test
  void theChannelTokenComesFromTheEnvironment() throws Exception {
    cluster = ClusterNodes.start(1);
    ChannelServer channel = ChannelServer.create(cluster.vertx(0), new ChannelServerOptions()
        .setPort(0).setToken(TOKEN));
    Await.result(channel.listen());
    String port = String.valueOf(channel.actualPort());

    ToolRun withToken = run("channel-status", Map.of(ChannelStatus.TOKEN_VARIABLE, TOKEN), port);
    assertThat(withToken.exit()).as(withToken.output()).isZero();
    assertThat(new JsonObject(withToken.output()).getString("node")).isNotBlank();

    ToolRun without = run("channel-status", Map.of(), port);
    assertThat(without.exit()).isEqualTo(1);
    assertThat(without.output().strip()).isEqualTo("channel-status: 127.0.0.1:" + port
        + ": AUTH_REQUIRED: the server wants its token: set SWITCHBOARD_CHANNEL_TOKEN");
    ToolRun wrong = run("channel-status", Map.of(ChannelStatus.TOKEN_VARIABLE, "x".repeat(24)),
        port);
    assertThat(wrong.exit()).isEqualTo(1);
    assertThat(wrong.output()).contains("AUTH_FAILED", "SWITCHBOARD_CHANNEL_TOKEN");

    ToolRun onCommandLine = run("channel-status", Map.of(), port, TOKEN);
    assertThat(onCommandLine.exit()).isZero();
    assertThat(onCommandLine.output()).contains("visible to other users in ps");
  }

  @Test
  void clusterViewsAndLiveFramesOfTwoNodes() throws Exception {
    cluster = ClusterNodes.start(2);
    GatewayVerticle[] gateways = new GatewayVerticle[2];
    int[] channelPorts = new int[2];
    String[] ids = new String[2];
    for (int i = 0; i < 2; i++) {
      gateways[i] = new GatewayVerticle(new GatewayOptions().setPort(0).setFramePort(0)
          .setStatusPort(0), null);
      Await.result(cluster.vertx(i).deployVerticle(gateways[i]));
      ChannelServer channel = ChannelServer.create(cluster.vertx(i), new ChannelServerOptions()
          .setPort(0));
      Await.result(channel.listen());
      channelPorts[i] = channel.actualPort();
      ids[i] = Await.result(gateways[i].gateway().status())
          .getJsonObject("node").getJsonObject("routing").getString("node");
    }
    try (Socket a = new Socket("127.0.0.1", gateways[0].actualFramePort());
        Socket b = new Socket("127.0.0.1", gateways[1].actualFramePort())) {
      Await.condition(cluster.vertx(0), 50, () -> gateways[1].gateway().status()
          .map(s -> s.getJsonObject("node").getLong("connections") == 1
              && gateways[0].gateway().connectionCount() == 1));

      ToolRun rows = run("gateway-status", Map.of(), String.valueOf(gateways[0].actualStatusPort()),
          "connections", "--cluster");
      assertThat(rows.exit()).as(rows.output()).isZero();
      assertThat(rows.output()).contains("Node", "Foreign Address");
      for (String id : ids) {
        assertThat(rows.output().lines().filter(line -> line.startsWith(id + " ")
            && line.contains("frame") && line.contains("ESTABLISHED"))).as(rows.output())
            .hasSize(1);
      }

      ToolRun status = run("gateway-status", Map.of(), String.valueOf(gateways[1].actualPort()),
          "--cluster");
      assertThat(status.exit()).as(status.output()).isZero();
      assertThat(status.output()).contains("CLUSTER STATUS", "2 nodes", ids[0], ids[1], "Cluster");

      ToolRun live = run("gateway-status", Map.of(), String.valueOf(gateways[0].actualPort()), "-d",
          "--frames", "2");
      assertThat(live.exit()).as(live.output()).isZero();
      String[] frames = live.output().split(java.util.regex.Pattern.quote(LiveFrame.CLEAR), -1);
      assertThat(frames).hasSize(3); // nothing before the first clear, then two frames
      assertThat(frames[1]).contains("first reading");
      assertThat(frames[2]).contains("rates per second over the last", "qps_in", "Summary");

      assertStopsCleanlyOnCtrlC(String.valueOf(gateways[1].actualPort()));
    }

    ToolRun channels = run("channel-status", Map.of(), String.valueOf(channelPorts[1]),
        "--cluster");
    assertThat(channels.exit()).as(channels.output()).isZero();
    JsonObject nodes = new JsonObject(channels.output()).getJsonObject("nodes");
    assertThat(nodes.fieldNames()).hasSize(2);
    assertThat(new JsonObject(channels.output()).getJsonArray("notAnswering")).isEmpty();
    ToolRun channelLive = run("channel-status", Map.of(), String.valueOf(channelPorts[0]),
        "--cluster", "-d", "--frames", "2");
    assertThat(channelLive.exit()).as(channelLive.output()).isZero();
    assertThat(channelLive.output()).contains("LIVE CHANNEL CLUSTER STATUS", "Cluster",
        "publishes_in/s");
  }

  /** Runs {@code gateway-status -d} until its first frame, then Ctrl-C (SIGINT) stops it. */
  private static void assertStopsCleanlyOnCtrlC(String address) throws Exception {
    ProcessBuilder builder = new ProcessBuilder(projectRoot().resolve("bin/gateway-status")
        .toString(), address, "-d").redirectErrorStream(true);
    builder.environment().remove("SWITCHBOARD_JAR");
    Process process = builder.start();
    try {
      StringBuilder output = new StringBuilder();
      byte[] buffer = new byte[8192];
      while (!output.toString().contains("Summary")) {
        int read = process.getInputStream().read(buffer);
        assertThat(read).as(output.toString()).isPositive();
        output.append(new String(buffer, 0, read, StandardCharsets.UTF_8));
      }
      assertThat(new ProcessBuilder("kill", "-INT", String.valueOf(process.pid())).start()
          .waitFor()).isZero();
      assertThat(process.waitFor(20, TimeUnit.SECONDS)).as("stopped by Ctrl-C").isTrue();
      output.append(new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
      assertThat(process.exitValue()).isEqualTo(130); // 128 + SIGINT, as a shell reports it
      assertThat(output.toString()).doesNotContain("Exception", "ERROR");
    } finally {
      process.destroyForcibly();
    }
  }
}
