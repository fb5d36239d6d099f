package dev.switchboard.examples;

import dev.switchboard.testkit.LoopbackCluster;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A clean stop says nothing alarming: two demo nodes ({@code bin/vertx run DemoNode}: a channel
 * server, a GlobalData data node, a gateway, business verticles and the push endpoint each) in
 * one cluster, stopped one after the other with SIGTERM; the stopped node logs no WARN or ERROR
 * from the SIGTERM on, nor does the node that sees it leave (but for Hazelcast's own line about
 * the closed connection).
 */
@Timeout(value = 300, unit = TimeUnit.SECONDS)
class CleanStopIT {

  private static final Pattern READY = Pattern.compile(Pattern.quote(DemoNode.READY)
      + ": \\S+ .* channel 127\\.0\\.0\\.1:(\\d+)");
  private static final Pattern ALARM = Pattern.compile("\\b(WARN|ERROR)\\b");

  private final List<Node> nodes = new ArrayList<>();

  @TempDir
  Path dir;

  @AfterEach
  void killLeftovers() {
    nodes.forEach(node -> node.process.destroyForcibly());
  }

  @Test
  void sigtermStopsEveryKindOfNodeWithoutAWarning() throws Exception {
    String clusterName = LoopbackCluster.randomClusterName();
    Node first = start(clusterName, List.of(), "first");
    Node second = start(clusterName, List.of(first.member()), "second");

    int secondFrom = second.lines.size();
    int firstFrom = first.lines.size();
    assertThat(second.stop()).as("SIGTERM ends the JVM").isEqualTo(143);
    assertThat(alarms(second.lines, secondFrom)).as("the stopped node's log").isEmpty();
    // the one left sees the other leave: every module's membership handling runs there. Its
    // Hazelcast member retries the closed connection a few times before it drops the member and
    // says so at WARN ("Removing connection to endpoint ... Error-Count: 5"): Hazelcast's own,
    // seen as well between two `bin/vertx bare` JVMs, so not checked here
    first.awaitLine("GlobalData member left");
    assertThat(alarms(first.lines, firstFrom).stream()
        .filter(line -> !line.contains("TcpServerConnectionErrorHandler")))
        .as("the remaining node's log").isEmpty();

    firstFrom = first.lines.size();
    assertThat(first.stop()).isEqualTo(143);
    assertThat(alarms(first.lines, firstFrom)).as("the last node's log").isEmpty();
  }

  private static List<String> alarms(List<String> lines, int from) {
    return lines.subList(from, lines.size()).stream()
        .filter(line -> ALARM.matcher(line).find()).toList();
  }

  private Node start(String clusterName, List<String> members, String name) throws Exception {
    Path xml = LoopbackCluster.writeMemberXml(clusterName, members, dir.resolve(name + ".xml"));
    ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("user.dir"))
        .getParent().resolve("bin/vertx").toString(), "run", DemoNode.class.getName(),
        "-cluster", "-cluster-host", LoopbackCluster.HOST, "-conf", "{\"node\":\"" + name
            + "\",\"channelPort\":0,\"chatPort\":0,\"pushPort\":0,\"pushToken\":\""
            + "t".repeat(32) + "\"}").redirectErrorStream(true);
    builder.environment().put("JAVA_OPTS", "-Dvertx.hazelcast.config=" + xml);
    Node node = new Node(builder.start());
    nodes.add(node);
    node.awaitLine(DemoNode.READY);
    return node;
  }

  /** A node JVM and every line of its output so far. */
  private static final class Node {

    final Process process;
    final List<String> lines = new CopyOnWriteArrayList<>();
    private final CompletableFuture<Void> ended = new CompletableFuture<>();

    Node(Process process) {
      this.process = process;
      Thread pump = new Thread(() -> {
        try (BufferedReader in = process.inputReader()) {
          for (String line = in.readLine(); line != null; line = in.readLine()) {
            synchronized (lines) {
              lines.add(line);
              lines.notifyAll();
            }
          }
        } catch (java.io.IOException e) {
          // the process ended
        }
        ended.complete(null);
        synchronized (lines) {
          lines.notifyAll();
        }
      }, "node-output-" + process.pid());
      pump.setDaemon(true);
      pump.start();
    }

    /** The member address of the ready node's first GlobalData line. */
    String member() {
      Pattern member = Pattern.compile("GlobalData node ready: member (\\S+),");
      for (String line : lines) {
        Matcher matcher = member.matcher(line);
        if (matcher.find()) {
          return matcher.group(1);
        }
      }
      throw new AssertionError("no member address in " + lines);
    }

    void awaitLine(String text) throws InterruptedException {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
      synchronized (lines) {
        while (lines.stream().noneMatch(line -> line.contains(text))) {
          long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
          if (left <= 0 || ended.isDone()) {
            throw new AssertionError("no line with \"" + text + "\"; output: "
                + String.join("\n", lines));
          }
          lines.wait(left);
        }
      }
    }

    int stop() throws Exception {
      process.destroy();
      assertThat(process.waitFor(120, TimeUnit.SECONDS)).as("stopped in time").isTrue();
      ended.get(30, TimeUnit.SECONDS);
      return process.exitValue();
    }
  }
}
