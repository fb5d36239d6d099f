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

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
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
  private static final long RECOVER_MS = 10_000;

  private final List<NodeProcess> nodes = new ArrayList<>();
  private ClusterNodes cluster;
  private BrowserDriver driver;

  @AfterEach
  void stop() throws Exception {
    if (driver != null) {
      driver.close();
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

    driver = BrowserDriver.start(List.of("node", "failover-test.mjs", "http://127.0.0.1:"
        + ports[0] + "/", "http://127.0.0.1:" + ports[1] + "/", text));

    JsonObject open = driver.next("open");
    int first = open.getString("url").contains(":" + ports[0] + "/") ? 0 : 1;
    long killedAt = System.nanoTime();
    nodes.get(first).kill(); // SIGKILL: no close frame, no goodbye to the cluster

    JsonObject reopened = driver.next("reopened");
    assertThat(reopened.getString("url")).contains(":" + ports[1 - first] + "/");
    assertThat(reopened.getJsonObject("close").getBoolean("willRetry")).isTrue();
    ClusterSendResult sent = Await.result(gateway.sendToAll(text));
    assertThat(sent.total().accepted()).as("the page's connection on the surviving node")
        .isGreaterThanOrEqualTo(1);

    JsonObject done = driver.next("done");
    long killToMessageMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - killedAt);
    LOG.info("Failover: reconnected {}, killed to message seen {} ms: {}", reopened.encode(),
        killToMessageMs, done.encode());
    assertThat(done.getBoolean("ok")).as(done.encode()).isTrue();
    assertThat(done.getLong("closeToMessageMs")).isLessThan(RECOVER_MS);
    assertThat(killToMessageMs).as("from the kill to the message").isLessThan(RECOVER_MS);
    assertThat(done.getInteger("tokens")).as("the token function, once per connection")
        .isGreaterThanOrEqualTo(2);
    driver.assertExitsZero();
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
        BrowserDriver.STEP_SECONDS);
    assertThat(run.exit()).as("node --test " + tests + ":\n" + run.output()).isZero();
    assertThat(run.output()).contains("# fail 0").doesNotContain("# pass 0");
  }
}
