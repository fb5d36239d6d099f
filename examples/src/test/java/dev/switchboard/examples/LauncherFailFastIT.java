package dev.switchboard.examples;

import dev.switchboard.launcher.SwitchboardLauncher;
import dev.switchboard.testkit.Await;
import dev.switchboard.testkit.ClusterNode;
import dev.switchboard.testkit.LoopbackCluster;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.launcher.application.ExitCodes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code bin/vertx} (dev.switchboard.launcher.SwitchboardLauncher) refusing a start an operator
 * got wrong: one line naming the reason, no stack trace, a non-zero exit status.
 */
@Timeout(value = 300, unit = TimeUnit.SECONDS)
class LauncherFailFastIT {

  private static final String GATEWAY = "dev.switchboard.gateway.GatewayVerticle";
  private static final String CHANNEL_SERVER = "dev.switchboard.channel.server.ChannelServerVerticle";

  @TempDir
  Path dir;

  @Test
  void aConfFileThatDoesNotExistStopsTheStartInOneLine() throws Exception {
    Run run = vertx(Map.of(), "run", GATEWAY, "-conf", "notfound.json");
    assertThat(run.exit).as(run.output).isEqualTo(SwitchboardLauncher.USAGE_EXIT_CODE);
    assertThat(run.output.strip())
        .isEqualTo("bin/vertx: -conf notfound.json: no such file (nor inline JSON)");
  }

  @Test
  void aConfFileOfInvalidJsonStopsTheStartInOneLine() throws Exception {
    Path bad = Files.writeString(dir.resolve("bad.json"), "{\"port\": 0,\n \"host\" \"x\"}");
    Run run = vertx(Map.of(), "run", GATEWAY, "-conf", bad.toString());
    assertThat(run.exit).as(run.output).isEqualTo(SwitchboardLauncher.USAGE_EXIT_CODE);
    assertThat(run.output.strip()).startsWith("bin/vertx: -conf " + bad + ": not a JSON object")
        .contains("line: 2").doesNotContain("\n");
  }

  @Test
  void aHazelcastConfigThatDoesNotExistStopsTheStartInsteadOfFallingBack() throws Exception {
    Run run = vertx(Map.of("JAVA_OPTS", "-Dvertx.hazelcast.config=/nonexistent.xml"), "run",
        GATEWAY, "-cluster");
    assertThat(run.exit).as(run.output).isEqualTo(SwitchboardLauncher.USAGE_EXIT_CODE);
    assertThat(run.output.strip()).isEqualTo("bin/vertx: -Dvertx.hazelcast.config=/nonexistent"
        + ".xml: no such file (not falling back to the shipped cluster.xml)");
  }

  @Test
  void anUnknownOptionFailsTheDeployNamingTheNearestKnownOne() throws Exception {
    Run run = vertx(Map.of(), "run", GATEWAY, "-conf", "{\"prot\":0}");
    assertFailedStart(run, GATEWAY + ": unknown option \"prot\" (did you mean \"port\"?)");
  }

  @Test
  void strictFalseStartsWithAWarnPerUnknownOption() throws Exception {
    Process process = start(Map.of(), "run", GATEWAY, "-conf",
        "{\"strict\":false,\"prot\":0,\"port\":0}");
    try {
      String line = firstLineWith(process, "Gateway listening on", "unknown option");
      assertThat(line).contains("WARN", "gateway: unknown option \"prot\" (did you mean "
          + "\"port\"?) ignored (\"strict\": false)");
    } finally {
      process.destroy();
      process.waitFor(60, TimeUnit.SECONDS);
    }
  }

  @Test
  void aWrongJsonTypeNamesTheKeyForTheChannelServerAndGlobalData() throws Exception {
    assertFailedStart(vertx(Map.of(), "run", CHANNEL_SERVER, "-conf", "{\"port\":\"abc\"}"),
        CHANNEL_SERVER + ": port must be a number, got \"abc\"");
    String clusterName = LoopbackCluster.randomClusterName();
    Path xml = LoopbackCluster.writeMemberXml(clusterName, List.of(), dir.resolve("m.xml"));
    assertFailedStart(vertx(Map.of("JAVA_OPTS", "-Dvertx.hazelcast.config=" + xml), "run",
        "dev.switchboard.globaldata.GlobalDataVerticle", "-cluster", "-cluster-host",
        LoopbackCluster.HOST, "-conf", "{\"maxValueSize\":\"1MB\"}"),
        "maxValueSize must be a number, got \"1MB\"");
  }

  @Test
  void aPortInUseIsNamedWithItsHolderInOneLine() throws Exception {
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      int port = taken.getLocalPort();
      assertFailedStart(vertx(Map.of(), "run", GATEWAY, "-conf", "{\"port\":" + port + "}"),
          "gateway HTTP port 127.0.0.1:" + port + " is in use (held by pid "
              + ProcessHandle.current().pid() + " java)");
      assertFailedStart(vertx(Map.of(), "run", CHANNEL_SERVER, "-conf", "{\"port\":" + port
          + "}"), "channel server port 127.0.0.1:" + port + " is in use");
    }
  }

  @Test
  void theLogLevelIsSetWithASystemProperty() throws Exception {
    Run quiet = vertx(Map.of("JAVA_OPTS", "-Dswitchboard.log.level=ERROR"), "run",
        "com.example.Missing");
    assertThat(quiet.output.strip().lines()).as(quiet.output).hasSize(1)
        .allMatch(line -> line.contains("ERROR") && line.contains("Start failed"));
  }

  @Test
  void aMissingClassOrPemFileFailsTheStartWithANonZeroStatus() throws Exception {
    assertFailedStart(vertx(Map.of(), "run", "com.example.Missing"),
        "class not found: com.example.Missing");
    assertFailedStart(vertx(Map.of(), "run", CHANNEL_SERVER, "-conf", "{\"port\":0,\"ssl\":true,"
        + "\"pemKeyPath\":\"/nonexistent/key.pem\",\"pemCertPath\":\"/nonexistent/cert.pem\","
        + "\"token\":\"" + "t".repeat(32) + "\"}"), "/nonexistent/key.pem");
  }

  @Test
  void aFailedClusteredStartOfNestedVerticlesLeavesNoUndeployError() throws Exception {
    String clusterName = LoopbackCluster.randomClusterName();
    Path xml = LoopbackCluster.writeMemberXml(clusterName, List.of(), dir.resolve("d.xml"));
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      Run run = vertx(Map.of("JAVA_OPTS", "-Dvertx.hazelcast.config=" + xml), "run",
          DemoNode.class.getName(), "-cluster", "-cluster-host", LoopbackCluster.HOST, "-conf",
          "{\"chatPort\":" + taken.getLocalPort() + ",\"channelPort\":0,\"pushPort\":0,"
              + "\"pushToken\":\"" + "p".repeat(32) + "\"}");
      assertFailedStart(run, "gateway HTTP port 127.0.0.1:" + taken.getLocalPort()
          + " is in use");
      assertThat(run.output).doesNotContain("Undeploy failed", "Already undeployed");
    }
  }

  @Test
  void aClientOfAnotherClusterNameIsRefusedInOneLineWithoutHazelcastsTrace() throws Exception {
    ClusterNode member = Await.result(LoopbackCluster.startNode(
        LoopbackCluster.randomClusterName(), List.of()));
    try {
      Run run = vertx(Map.of(), "run", "dev.switchboard.examples.OnlineCounterExample", "-conf",
          new JsonObject().put("globalData", new JsonObject().put("clusterName", "not-theirs")
              .put("members", new JsonArray().add(member.memberAddress()))
              .put("connectTimeout", 60_000)).encode());
      assertFailedStart(run, "refused cluster name \"not-theirs\"");
      assertThat(run.output.lines().filter(line -> line.contains("not-theirs")
          || line.contains("cluster name") || line.contains("AuthenticationException")))
          .as(run.output).hasSize(1)
          .allMatch(line -> line.contains(member.memberAddress()));
      assertThat(run.output).as("Hazelcast's warning of the refused attempt is not shown")
          .doesNotContain("WARN");
    } finally {
      Await.result(member.vertx().close());
    }
  }

  @Test
  void vertx5sLauncherFailsFastTheSameWay() throws Exception {
    Map<String, String> application = Map.of("SWITCHBOARD_MAIN",
        "dev.switchboard.launcher.SwitchboardApplication");
    Run notFound = vertx(application, GATEWAY, "-conf", "notfound.json");
    assertThat(notFound.exit).as(notFound.output).isEqualTo(ExitCodes.USAGE);
    assertThat(notFound.output).containsOnlyOnce("-conf notfound.json: no such file")
        .doesNotContain("\tat ");
    Run unknown = vertx(application, GATEWAY, "-conf", "{\"prot\":0}");
    assertThat(ExitCodes.VERTX_DEPLOYMENT).isEqualTo(SwitchboardLauncher.DEPLOY_FAILED_EXIT_CODE);
    assertFailedStart(unknown, GATEWAY + ": unknown option \"prot\" (did you mean \"port\"?)");
  }

  /** A failed deploy: exit 15, one ERROR line with the reason, no stack trace. */
  private static void assertFailedStart(Run run, String reason) {
    assertThat(run.exit).as(run.output).isEqualTo(SwitchboardLauncher.DEPLOY_FAILED_EXIT_CODE);
    assertThat(run.output).as("one line says why").contains("ERROR")
        .containsOnlyOnce("Start failed: ").contains(reason);
    assertThat(run.output.lines().filter(line -> line.contains("ERROR"))).hasSize(1);
    assertThat(run.output).as("no stack trace").doesNotContain("\tat ", "Exception in thread");
  }

  private record Run(int exit, String output) {
  }

  private Run vertx(Map<String, String> env, String... args) throws Exception {
    Path log = Files.createTempFile(dir, "vertx", ".log");
    Process process = builder(env, args).redirectOutput(log.toFile()).start();
    try {
      assertThat(process.waitFor(120, TimeUnit.SECONDS)).as("bin/vertx stopped by itself")
          .isTrue();
    } finally {
      process.destroyForcibly();
    }
    return new Run(process.exitValue(), Files.readString(log));
  }

  private Process start(Map<String, String> env, String... args) throws Exception {
    return builder(env, args).start();
  }

  private static ProcessBuilder builder(Map<String, String> env, String... args) {
    List<String> command = new ArrayList<>(List.of(projectRoot().resolve("bin/vertx")
        .toString()));
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    builder.environment().remove("JAVA_OPTS");
    builder.environment().put("SWITCHBOARD_CLUSTER_NAME", LoopbackCluster.randomClusterName());
    builder.environment().putAll(env);
    return builder;
  }

  /**
   * Reads the process's output until a line holding {@code ready}, and returns the first line
   * holding {@code wanted} before it (the output is read to its end if the process dies).
   */
  private static String firstLineWith(Process process, String ready, String wanted)
      throws Exception {
    String found = null;
    try (var reader = process.inputReader()) {
      for (String line = reader.readLine(); line != null; line = reader.readLine()) {
        if (found == null && line.contains(wanted)) {
          found = line;
        }
        if (line.contains(ready)) {
          return found;
        }
      }
    }
    throw new AssertionError("the node stopped before \"" + ready + "\"; " + wanted + ": "
        + found);
  }

  private static Path projectRoot() {
    return Path.of(System.getProperty("user.dir")).getParent();
  }
}
