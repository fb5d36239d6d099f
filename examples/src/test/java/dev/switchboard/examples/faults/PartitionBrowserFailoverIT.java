package dev.switchboard.examples.faults;

import dev.switchboard.examples.BrowserDriver;
import dev.switchboard.gateway.GatewayOptions;
import dev.switchboard.testkit.Await;
import dev.switchboard.testkit.Host;
import dev.switchboard.testkit.NetnsHosts;
import io.vertx.core.Future;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 16, point 3, <b>Partition</b>, the browser's side: a page using the browser client library
 * ({@code /switchboard-client.js}) whose gateway's host is cut off. Three hosts ({@link
 * NetnsHosts}), each a node with a gateway ({@link PongHandler}: answers the page's heartbeat) and
 * {@link FaultControl}; headless Chromium runs in the root namespace and reaches the hosts over
 * the bridge ({@code src/test/browser/failover-test.mjs}). The page's client has the URL list [c,
 * a], a heartbeat every {@value #HEARTBEAT_INTERVAL} ms and {@code deadAfter} {@value
 * #DEAD_AFTER} ms; a second client of the page has the same without {@code deadAfter}. Host c is
 * partitioned: its link goes down, so the page's TCP connection to it neither closes nor resets,
 * it goes silent. Expected and tested:
 * <ul>
 *   <li>before the cut, the answered heartbeat keeps the link alive: the client stays open on c
 *       for {@link #WARM_UP_MS} (twice {@code deadAfter}) and receives a pong a heartbeat;</li>
 *   <li>the client calls the silent link dead by its {@code deadAfter} (a {@code close} with code
 *       1006 and the library's "nothing received" reason, {@code willRetry}, within {@code
 *       deadAfter} of the cut, then {@code reconnecting}) and is open on a within {@link
 *       #REOPEN_BOUND_MS} of the cut (deadAfter + the first backoff's ceiling + a connect);</li>
 *   <li>a message sent to every client through a's node after that ({@code
 *       Gateway.sendToAll}) reaches the page within {@link #RECEIVE_BOUND_MS} of the cut: the
 *       send may wait until a has dropped the silent c from the cluster ({@link
 *       FaultHosts#MAX_NO_HEARTBEAT_SECONDS}; seen in two runs of six, the message arriving
 *       within 0.1 s of a seeing two members);</li>
 *   <li>the client without {@code deadAfter} is still "open" on c at least {@link
 *       #REOPEN_BOUND_MS} after the cut, with no {@code close}: without the heartbeat's deadline a
 *       partitioned page does not fail over.</li>
 * </ul>
 * The figures (time to detect, to be open again, to receive) are logged at INFO ({@code BROWSER
 * PARTITION figures}). Skipped, with the reason, where network namespaces cannot be made or there
 * is no Chromium.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class PartitionBrowserFailoverIT extends FaultTestBase {

  private static final Logger LOG = LoggerFactory.getLogger(PartitionBrowserFailoverIT.class);

  /** The page's heartbeat interval, ms. */
  private static final long HEARTBEAT_INTERVAL = 1_000;
  /** The page's {@code deadAfter}, ms: a little over twice the heartbeat (docs/gateway.md). */
  private static final long DEAD_AFTER = 2_500;
  /** How long the page is connected before the cut: twice deadAfter, ms. */
  private static final long WARM_UP_MS = 2 * DEAD_AFTER;
  /** The driver's {@code initialDelay}: the first reconnect waits less than this, ms. */
  private static final long FIRST_BACKOFF_CEILING = 200;
  /** Time allowed for a timer to fire late, or a WebSocket to open, on a loaded machine, ms. */
  private static final long MARGIN = 3_000;
  /** From the cut until the page is open on a: deadAfter, the first backoff, a connect. */
  private static final long REOPEN_BOUND_MS = DEAD_AFTER + FIRST_BACKOFF_CEILING + MARGIN;
  /**
   * From the cut until the page has the message sent through a's node, ms: a's send may wait
   * until a has dropped c (a member silent for {@link FaultHosts#MAX_NO_HEARTBEAT_SECONDS}).
   */
  private static final long RECEIVE_BOUND_MS =
      FaultHosts.MAX_NO_HEARTBEAT_SECONDS * 1_000L + MARGIN;

  private BrowserDriver driver;

  @AfterEach
  void stopDriver() throws Exception {
    if (driver != null) {
      driver.close();
    }
  }

  @Test
  void aPageWhoseGatewayIsPartitionedDetectsItByItsHeartbeatAndFailsOver() throws Exception {
    BrowserDriver.assumeBrowser();
    cluster.start(h -> List.of(FaultHosts.browserGateway(h), FaultHosts.control(h)));

    String prefix = "after-the-partition-" + UUID.randomUUID() + "-";
    String text = prefix + "0"; // FaultControl's first send
    JsonObject client = new JsonObject().put("heartbeatInterval", HEARTBEAT_INTERVAL)
        .put("heartbeatMessage", PongHandler.PING);
    JsonObject extra = new JsonObject()
        .put("client", client.copy().put("deadAfter", DEAD_AFTER))
        .put("control", client)
        .put("warmUpMs", WARM_UP_MS)
        .put("receiveMs", RECEIVE_BOUND_MS)
        .put("holdMs", REOPEN_BOUND_MS);
    driver = BrowserDriver.start(List.of("node", "failover-test.mjs", url(c), url(a), text,
        extra.encode()));

    JsonObject open = driver.next("open");
    assertThat(open.getString("url")).as("the page's first gateway").startsWith(ws(c));
    assertThat(open.getString("controlUrl")).startsWith(ws(c));
    List<Object> warmUp = open.getJsonArray("events").getList();
    assertThat(warmUp).as("no close while the link is alive").noneMatch(
        e -> e.toString().startsWith("close "));
    assertThat(warmUp.stream().filter(e -> e.equals("message \"" + PongHandler.PONG + "\"")))
        .as("the heartbeat answered: " + warmUp)
        .hasSizeGreaterThanOrEqualTo((int) (WARM_UP_MS / HEARTBEAT_INTERVAL) - 2);

    long cut = System.currentTimeMillis();
    c.partition();

    JsonObject reopened = driver.next("reopened");
    JsonObject close = reopened.getJsonObject("close");
    assertThat(reopened.getString("url")).as(reopened.encode()).startsWith(ws(a));
    assertThat(close.getInteger("code")).as(close.encode()).isEqualTo(1006);
    assertThat(close.getString("reason")).as("closed by the client's deadAfter")
        .isEqualTo("nothing received for " + DEAD_AFTER + " ms");
    assertThat(close.getBoolean("willRetry")).isTrue();
    long detectMs = reopened.getLong("closeAt") - cut;
    long reopenMs = reopened.getLong("openAt") - cut;
    assertThat(detectMs).as("from the cut to the close").isPositive()
        .isLessThanOrEqualTo(DEAD_AFTER + MARGIN);
    assertThat(reopenMs).as("from the cut to open on a").isLessThan(REOPEN_BOUND_MS);

    Future<JsonObject> sent = cluster.call(a, HttpMethod.POST,
        "/sendToAll?count=1&intervalMs=1&prefix=" + prefix, Duration.ofSeconds(20));
    JsonObject done = driver.next("done");
    assertThat(done.getBoolean("ok")).as(done.encode()).isTrue();
    assertThat(done.encode()).as("the close, then reconnecting to a")
        .contains("reconnecting {\\\"attempt\\\":1");
    long receiveMs = done.getLong("gotAt") - cut;
    assertThat(receiveMs).as("from the cut to the message").isLessThan(RECEIVE_BOUND_MS);
    JsonObject send = Await.result(sent, Duration.ofSeconds(30), "the send through a")
        .getJsonArray("sends").getJsonObject(0);

    JsonObject control = done.getJsonObject("control");
    long controlSilentMs = control.getLong("checkedAt") - cut;
    assertThat(controlSilentMs).as("the control client checked late enough")
        .isGreaterThanOrEqualTo(REOPEN_BOUND_MS);
    assertThat(control.getString("state")).as(control.encode()).isEqualTo("open");
    assertThat(control.getString("url")).startsWith(ws(c));
    assertThat(control.getJsonArray("events").encode()).as("no close without deadAfter")
        .doesNotContain("close ");
    driver.assertExitsZero();

    LOG.info("BROWSER PARTITION figures: deadAfter {} ms, heartbeat {} ms; from the cut: close "
            + "(dead link detected) {} ms, open on a {} ms, message received {} ms (send "
            + "completed in {} ms: {}); the client without deadAfter still {} on c after {} ms; "
            + "page events {}", DEAD_AFTER, HEARTBEAT_INTERVAL, detectMs, reopenMs, receiveMs,
        send.getLong("ms"), send.encode(), control.getString("state"), controlSilentMs,
        done.getJsonArray("events").encode());
  }

  private static String url(Host host) {
    return "http://" + host.address() + ":" + GatewayOptions.DEFAULT_PORT + "/";
  }

  private static String ws(Host host) {
    return "ws://" + host.address() + ":" + GatewayOptions.DEFAULT_PORT + "/";
  }
}
