package dev.switchboard.status;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The live frames of {@code -d}, rendered once into a string from two readings and checked figure
 * by figure: rates per second are the counters' differences over the time between the readings.
 */
class LiveFrameTest {

  private static final Address SERVER = Address.parse("8282");

  @Test
  void gatewayFrameShowsRatesPerSecondPerVerticleAndForTheNode() {
    JsonObject before = gateway(1_000, 500, 3, 10_000, 50_000, 2, 100);
    JsonObject after = gateway(1_500, 1_500, 7, 12_000, 90_000, 2, 0);
    String frame = GatewayViews.live(SERVER, before, after, 2_000);

    assertThat(frame).contains("LIVE STATUS", "Switchboard gateway 127.0.0.1:8282",
        "over the last 2.0 s");
    List<String> header = cells(frame, "id");
    assertThat(header).containsExactly("id", "connections", "total_request", "qps_in",
        "messages_out/s", "send_fail", "send_fail/s", "bytes_in/s", "bytes_out/s", "pending");
    // verticle 1: +500 requests, +1000 messages, +4 failures, +2000 / +40000 bytes in 2 s
    assertThat(cells(frame, "1")).containsExactly("1", "2", "1500", "250.0", "500.0", "7", "2.0",
        "1000.0", "20000.0", "0");
    // the node sums its two verticles (the second one's counters are the first's doubled)
    assertThat(cells(frame, "Summary")).containsExactly("Summary", "6", "4500", "750.0",
        "1500.0", "21", "6.0", "3000.0", "60000.0", "0");
  }

  @Test
  void firstGatewayFrameHasNoRatesAndANewVerticleHasNoneEither() {
    JsonObject after = gateway(10, 20, 0, 30, 40, 1, 0);
    String first = GatewayViews.live(SERVER, null, after, 0);
    assertThat(first).contains("first reading, rates from the next second");
    assertThat(cells(first, "1")).containsExactly("1", "1", "10", "-", "-", "0", "-", "-", "-",
        "0");
    JsonObject before = after.copy();
    before.getJsonArray("verticles").remove(1);
    assertThat(cells(GatewayViews.live(SERVER, before, after, 1_000), "2"))
        .containsExactly("2", "2", "20", "-", "-", "0", "-", "-", "-", "0");
  }

  @Test
  void clusterFrameHasARowPerNodeAndNamesTheSilentOnes() {
    JsonObject before = new JsonObject()
        .put("cluster", new JsonObject().put("nodes", 2).put("totalRequest", 100))
        .put("nodes", new JsonObject()
            .put("aaaa", new JsonObject().put("totalRequest", 40).put("connections", 1))
            .put("bbbb", new JsonObject().put("totalRequest", 60).put("connections", 2)))
        .put("notAnswering", new JsonArray());
    JsonObject after = before.copy();
    after.getJsonObject("cluster").put("totalRequest", 400);
    after.getJsonObject("nodes").getJsonObject("aaaa").put("totalRequest", 140);
    after.getJsonObject("nodes").getJsonObject("bbbb").put("totalRequest", 260);
    after.put("notAnswering", new JsonArray().add("cccc"));
    String frame = GatewayViews.live(SERVER, before, after, 500);
    assertThat(frame).contains("LIVE CLUSTER STATUS", "not answering within 3 s: cccc");
    assertThat(cells(frame, "aaaa").subList(0, 4)).containsExactly("aaaa", "1", "140", "200.0");
    assertThat(cells(frame, "bbbb").get(3)).isEqualTo("400.0");
    assertThat(cells(frame, "Cluster").get(3)).isEqualTo("600.0");
  }

  @Test
  void channelFrameShowsServerAndNodeRates() {
    JsonObject before = channel(100, 1_000, 2, 5_000, 80_000, 10);
    JsonObject after = channel(400, 4_000, 5, 8_000, 200_000, 70);
    String frame = ChannelViews.live(Address.parse("2206"), before, after, 3_000);
    assertThat(frame).contains("LIVE CHANNEL STATUS", "127.0.0.1:2206, node n1");
    assertThat(cells(frame, "id")).containsExactly("id", "connections", "subscriptions",
        "publishes_in/s", "events_out/s", "send_fail", "send_fail/s", "bytes_in/s",
        "bytes_out/s", "to_nodes/s", "pending");
    assertThat(cells(frame, "server-1")).containsExactly("server-1", "3", "4", "100.0",
        "1000.0", "5", "1.0", "1000.0", "40000.0", "-", "0");
    assertThat(cells(frame, "Node")).containsExactly("Node", "3", "4", "100.0", "1000.0", "5",
        "1.0", "1000.0", "40000.0", "20.0", "0");

    JsonObject clusterBefore = new JsonObject().put("nodes", new JsonObject().put("n1", before)
        .put("n2", before)).put("notAnswering", new JsonArray());
    JsonObject clusterAfter = new JsonObject().put("nodes", new JsonObject().put("n1", after)
        .put("n2", before)).put("notAnswering", new JsonArray().add("n3"));
    String cluster = ChannelViews.live(Address.parse("2206"), clusterBefore, clusterAfter, 1_000);
    assertThat(cluster).contains("LIVE CHANNEL CLUSTER STATUS", "not answering within 3 s: n3");
    assertThat(cells(cluster, "n1").get(3)).isEqualTo("300.0");
    assertThat(cells(cluster, "n2").get(3)).isEqualTo("0.0");
    assertThat(cells(cluster, "Cluster")).containsExactly("Cluster", "6", "8", "300.0",
        "3000.0", "7", "3.0", "3000.0", "120000.0", "60.0", "0");
  }

  @Test
  void theLoopClearsTheScreenBeforeEachFrameAndStopsAfterTheFramesAskedFor() throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    int[] reads = {0};
    JsonObject first = gateway(0, 0, 0, 0, 0, 1, 0);
    LiveLoop.run(first, () -> {
      reads[0]++;
      return gateway(10L * reads[0], 0, 0, 0, 0, 1, 0);
    }, (before, after, elapsed) -> "frame " + (before == null ? "first" : "rates") + "\n", 2,
        new PrintStream(bytes, true, StandardCharsets.UTF_8));
    assertThat(bytes.toString(StandardCharsets.UTF_8)).isEqualTo(LiveFrame.CLEAR + "frame first\n"
        + LiveFrame.CLEAR + "frame rates\n");
    assertThat(reads[0]).isEqualTo(1);
  }

  /**
   * A gateway's status with two verticles, the second with twice the first's counters.
   */
  private static JsonObject gateway(long requests, long messagesOut, long sendFail, long bytesIn,
      long bytesOut, int connections, long pending) {
    JsonArray verticles = new JsonArray();
    JsonObject node = new JsonObject();
    for (int i = 1; i <= 2; i++) {
      JsonObject verticle = new JsonObject().put("id", String.valueOf(i))
          .put("connections", connections * i).put("totalRequest", requests * i)
          .put("messagesOut", messagesOut * i).put("sendFail", sendFail * i)
          .put("bytesIn", bytesIn * i).put("bytesOut", bytesOut * i).put("pendingBytes", pending);
      verticles.add(verticle);
      verticle.fieldNames().stream().filter(key -> !key.equals("id")).forEach(key ->
          node.put(key, node.getLong(key, 0L) + verticle.getLong(key)));
    }
    return new JsonObject().put("node", node).put("verticles", verticles);
  }

  /** A channel node's status with one server. */
  private static JsonObject channel(long publishes, long eventsOut, long sendFail, long bytesIn,
      long bytesOut, long eventsToNodes) {
    JsonObject server = new JsonObject().put("connections", 3).put("subscriptions", 4)
        .put("publishesIn", publishes).put("eventsOut", eventsOut).put("sendFail", sendFail)
        .put("bytesIn", bytesIn).put("bytesOut", bytesOut).put("pendingBytes", 0);
    return new JsonObject().put("node", "n1").put("eventsToNodes", eventsToNodes)
        .put("servers", new JsonObject().put("server-1", server));
  }

  /** @return the cells of the table line starting with {@code first} */
  private static List<String> cells(String frame, String first) {
    return frame.lines().map(line -> Arrays.asList(line.trim().split("\\s+")))
        .filter(cells -> cells.get(0).equals(first)).findFirst()
        .orElseThrow(() -> new AssertionError("no line " + first + " in\n" + frame));
  }
}
