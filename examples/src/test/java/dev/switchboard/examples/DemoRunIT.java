package dev.switchboard.examples;

import dev.switchboard.testkit.ProcessOutput;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code bin/demo} running: its two node JVMs (on ports the system picks,
 * {@code SWITCHBOARD_DEMO_PORTS=0}), one of them killed with SIGKILL while the demo runs, then the
 * demo stopped with Ctrl-C (SIGINT). The demo says in one line which node died and where its log
 * is kept; every line of each node's log is shown (prefixed with the node's name), the last ones
 * written as a node died or stopped included; the logs are kept after the demo ends.
 */
@Timeout(value = 600, unit = TimeUnit.SECONDS)
class DemoRunIT {

  private static final Duration START = Duration.ofSeconds(240);
  private ProcessOutput demo;

  @AfterEach
  void stopDemo() {
    if (demo != null && demo.process().isAlive()) {
      demo.process().descendants().forEach(ProcessHandle::destroyForcibly);
      demo.process().destroyForcibly();
    }
  }

  @Test
  void aNodeThatDiesIsNamedAndEveryNodesLogIsShownAndKept() throws Exception {
    ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("user.dir"))
        .getParent().resolve("bin/demo").toString()).redirectErrorStream(true);
    builder.environment().put("SWITCHBOARD_DEMO_PORTS", "0");
    demo = ProcessOutput.start(builder);
    Path logs = Path.of(demo.awaitLine(Pattern.compile("^demo: logs in (\\S+)$"), START)
        .group(1));
    demo.awaitLine(Pattern.compile("^demo: 2 nodes up"), START);

    ProcessHandle node2 = demo.process().descendants()
        .filter(p -> p.info().arguments().map(List::of).orElse(List.of()).stream()
            .anyMatch(arg -> arg.endsWith("/node2.json")))
        .findFirst().orElseThrow(() -> new AssertionError("no node2 JVM under the demo"));
    node2.destroyForcibly(); // SIGKILL: a crash
    String died = demo.awaitLine(Pattern.compile("^demo: node2 exited.*"), START).group();
    assertThat(died).isEqualTo("demo: node2 exited (status 137, killed by SIGKILL); its log is "
        + "kept: " + logs.resolve("node2.log") + "; its end:");
    assertThat(demo.process().isAlive()).as("the demo goes on with node1").isTrue();

    // Ctrl-C (SIGINT to the script): the demo stops node1 and ends
    assertThat(new ProcessBuilder("kill", "-INT", String.valueOf(demo.process().pid())).start()
        .waitFor()).isZero();
    demo.awaitEnd(START);
    List<String> output = demo.lines();
    String shown = String.join("\n", output);
    assertThat(output).filteredOn(line -> line.matches("^demo: node\\d exited.*")).as(
        "the nodes said to have died").containsExactly(died);
    assertThat(output).as(shown).last().isEqualTo("demo: stopped; the nodes' logs are kept in " + logs);
    for (String node : List.of("node1", "node2")) {
      Path log = logs.resolve(node + ".log");
      assertThat(log).as("%s's log, kept", node).exists();
      List<String> written = Files.readAllLines(log);
      assertThat(written).as("%s's log", node).anyMatch(line -> line.contains(DemoNode.READY));
      // every line shown, in order, those written last (node2's before it was killed, node1's
      // as it stopped) included
      assertThat(output.stream().filter(line -> line.startsWith("[" + node + "] "))
          .map(line -> line.substring(node.length() + 3)).toList())
          .as("%s's log as the demo showed it", node).containsExactlyElementsOf(written);
    }
  }
}
