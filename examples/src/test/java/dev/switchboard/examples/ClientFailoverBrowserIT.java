package dev.switchboard.examples;

import dev.switchboard.gateway.ClusterSendResult;
import dev.switchboard.gateway.Gateway;
import dev.switchboard.testkit.Await;
import dev.switchboard.testkit.ClusterNodes;
import dev.switchboard.testkit.NodeProcess;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The browser client library's failover in a real browser: two gateway nodes in separate JVMs
 * (so one can be killed with SIGKILL, as a crash would) and this JVM's node, clustered. A
 * headless-Chromium page ({@code src/test/browser/failover-test.mjs}) loads {@code
 * /switchboard-client.js} from gateway 1 and connects with both gateways in its URL list; the
 * test kills the node the page is on, and once the page is on the other node sends a message to
 * every client from this node ({@code Gateway.sendToAll}), which the page must receive within 10 s
 * of losing its connection.
 */
@Timeout(value = 240, unit = TimeUnit.SECONDS)
class ClientFailoverBrowserIT {

  private static final Logger LOG = LoggerFactory.getLogger(ClientFailoverBrowserIT.class);
  private static final Path BROWSER = Path.of("src", "test", "browser");
  private static final long RECOVER_MS = 10_000;
  private static final long STEP_SECONDS = 60;

  private final List<NodeProcess> nodes = new ArrayList<>();
  private ClusterNodes cluster;
  private Process driver;

  @AfterEach
  void stop() throws Exception {
    if (driver != null) {
      driver.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    }
    for (NodeProcess node : nodes) {
      node.close();
    }
    if (cluster != null) {
      cluster.close();
    }
  }

  @Test
  void aPageWhoseNodeIsKilledReconnectsToTheOtherAndReceivesWhatIsSentAfter() throws Exception {
    ChatBrowserIT.requireBrowser();

    cluster = ClusterNodes.start(1);
    int[] ports = new int[2];
    for (int i = 0; i < 2; i++) {
      NodeProcess node = NodeProcess.start(cluster.clusterName(), cluster.memberAddresses(),
          FailoverGatewayNode.class.getName());
      nodes.add(node);
      ports[i] = Await.result(cluster.vertx(0).sharedData()
          .<Long, Integer>getAsyncMap(FailoverGatewayNode.PORTS)
          .compose(map -> map.get(node.pid())));
    }
    Gateway gateway = Await.result(Gateway.create(cluster.vertx(0)));
    String text = "after the failover " + UUID.randomUUID();

    Path log = Files.createTempFile("failover-test", ".log");
    try {
      driver = new ProcessBuilder("node", "failover-test.mjs", "http://127.0.0.1:" + ports[0]
          + "/", "http://127.0.0.1:" + ports[1] + "/", text).directory(BROWSER.toFile())
          .redirectError(log.toFile()).start();
      BlockingQueue<JsonObject> steps = steps(driver);

      JsonObject open = next(steps, "open", log);
      int first = open.getString("url").contains(":" + ports[0] + "/") ? 0 : 1;
      long killedAt = System.nanoTime();
      nodes.get(first).kill(); // SIGKILL: no close frame, no goodbye to the cluster

      JsonObject reopened = next(steps, "reopened", log);
      assertThat(reopened.getString("url")).contains(":" + ports[1 - first] + "/");
      assertThat(reopened.getJsonObject("close").getBoolean("willRetry")).isTrue();
      ClusterSendResult sent = Await.result(gateway.sendToAll(text));
      assertThat(sent.total().accepted()).as("the page's connection on the surviving node")
          .isGreaterThanOrEqualTo(1);

      JsonObject done = next(steps, "done", log);
      long killToMessageMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - killedAt);
      LOG.info("Failover: reconnected {}, killed to message seen {} ms: {}", reopened.encode(),
          killToMessageMs, done.encode());
      assertThat(done.getBoolean("ok")).as(done.encode()).isTrue();
      assertThat(done.getLong("closeToMessageMs")).isLessThan(RECOVER_MS);
      assertThat(killToMessageMs).as("from the kill to the message").isLessThan(RECOVER_MS);
      assertThat(done.getInteger("tokens")).as("the token function, once per connection")
          .isGreaterThanOrEqualTo(2);
      assertThat(driver.waitFor(STEP_SECONDS, TimeUnit.SECONDS)).isTrue();
      assertThat(driver.exitValue()).isZero();
    } finally {
      Files.deleteIfExists(log);
    }
  }

  /**
   * The library's unit tests ({@code gateway-verticles/src/test/js}, node:test on a WebSocket
   * stand-in), so that {@code mvn verify} runs them too (bin/test runs them before it).
   */
  @Test
  void theLibrarysUnitTestsPassOnNode() throws Exception {
    Path tests = Path.of("..", "gateway-verticles", "src", "test", "js").toAbsolutePath()
        .normalize();
    assertThat(tests).isDirectory();
    ChatBrowserIT.Result run = ChatBrowserIT.run(List.of("node", "--test", tests.toString()),
        STEP_SECONDS);
    assertThat(run.exit()).as("node --test " + tests + ":\n" + run.output()).isZero();
    assertThat(run.output()).contains("# fail 0").doesNotContain("# pass 0");
  }

  /** The driver's JSON lines, as they come. */
  private static BlockingQueue<JsonObject> steps(Process process) {
    BlockingQueue<JsonObject> steps = new LinkedBlockingQueue<>();
    Thread reader = new Thread(() -> {
      try (BufferedReader in = new BufferedReader(
          new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
        String line;
        while ((line = in.readLine()) != null) {
          if (line.startsWith("{")) {
            steps.add(new JsonObject(line));
          }
        }
      } catch (IOException e) {
        steps.add(new JsonObject().put("step", "done").put("ok", false)
            .put("error", "driver output: " + e));
      }
    }, "failover-driver-output");
    reader.setDaemon(true);
    reader.start();
    return steps;
  }

  /** Waits (bounded) for the driver's next step, which must be the one named (or a failure). */
  private static JsonObject next(BlockingQueue<JsonObject> steps, String step, Path log)
      throws Exception {
    JsonObject line = steps.poll(STEP_SECONDS, TimeUnit.SECONDS);
    String stderr = Files.readString(log, StandardCharsets.UTF_8);
    assertThat(line).as("the driver's step " + step + "; its stderr:\n" + stderr).isNotNull();
    assertThat(line.getString("step")).as(line.encode() + "\n" + stderr).isEqualTo(step);
    return line;
  }
}
