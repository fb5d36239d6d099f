package dev.switchboard.globaldata;

import dev.switchboard.core.internal.NodeMetrics;
import dev.switchboard.testkit.Await;
import dev.switchboard.testkit.ClusteredTestBase;
import dev.switchboard.testkit.Php;
import dev.switchboard.testkit.PhpProcess;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.Timeout;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static dev.switchboard.testkit.Await.result;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * What PHP (testkit's {@code globaldata_client.php}) gets for bad input and from an address
 * outside {@code phpClientsFrom}: Workerman's {@code bad request} / {@code bad cmd X} answers and
 * a close, or a close without an answer where Workerman gives none (an oversize frame) or where
 * GlobalData cannot store what was sent; each counted, and nothing else disturbed.
 */
@Timeout(value = 300, unit = TimeUnit.SECONDS)
class WorkermanBadInputIT extends ClusteredTestBase {

  private static final HexFormat HEX = HexFormat.of();
  private static final String BAD_REQUEST = "s:11:\"bad request\";";

  /** One bad input: how it is sent, the answer expected (null: closed without one). */
  private record Case(String name, String scenario, String bytes, String answer,
                      String counted) {
  }

  private static Case refused(String name, String payload, String counted) {
    return new Case(name, "raw", payload, BAD_REQUEST, counted);
  }

  private static String hex(String text) {
    return HEX.formatHex(text.getBytes(StandardCharsets.ISO_8859_1));
  }

  @TestFactory
  Stream<DynamicTest> eachBadInputGetsWorkermansAnswerOrACloseAndNothingElseIsDisturbed()
      throws Exception {
    startNodes(2);
    GlobalDataVerticle verticle = WorkermanProtocolIT.deployOn(cluster, 0, new JsonObject()
        .put("workermanMaxFrameSize", 4096).put("maxValueSize", 64).put("maxKeyLength", 16));
    GlobalData data = GlobalData.member(cluster.vertx(1),
        new GlobalDataOptions().setMapName(WorkermanProtocolIT.MAP));
    List<Case> cases = List.of(
        refused("malformed serialize", "a:1:{s:3:\"cmd\"?", "malformed"),
        refused("a truncated serialize", "a:1:{s:3:", "limit"),
        refused("an object as the request",
            "O:8:\"stdClass\":2:{s:3:\"cmd\";s:3:\"get\";s:3:\"key\";s:1:\"k\";}",
            "refused_kind"),
        refused("an object inside the value",
            "a:3:{s:3:\"cmd\";s:3:\"set\";s:3:\"key\";s:3:\"obj\";s:5:\"value\";O:8:\"stdClass\":0:{}}",
            "refused_kind"),
        refused("a reference inside the value",
            "a:3:{s:3:\"cmd\";s:3:\"set\";s:3:\"key\";s:3:\"obj\";s:5:\"value\";R:1;}",
            "refused_kind"),
        refused("a value nested deeper than PHP can be given back",
            "a:3:{s:3:\"cmd\";s:3:\"set\";s:3:\"key\";s:4:\"deep\";s:5:\"value\";"
                + "a:1:{i:0;".repeat(40) + "N;" + "}".repeat(40) + "}", "limit"),
        refused("no cmd", "a:1:{s:3:\"key\";s:1:\"k\";}", "missing"),
        refused("no key", "a:1:{s:3:\"cmd\";s:3:\"get\";}", "missing"),
        refused("not an array", "s:3:\"get\";", "not_array"),
        refused("an empty payload", "", "empty"),
        refused("a step that is not a number",
            "a:3:{s:3:\"cmd\";s:9:\"increment\";s:3:\"key\";s:1:\"k\";s:4:\"step\";s:3:\"abc\";}",
            "step"),
        refused("a key over maxKeyLength",
            "a:2:{s:3:\"cmd\";s:3:\"get\";s:3:\"key\";s:20:\"aaaaaaaaaaaaaaaaaaaa\";}", "key"),
        new Case("an unknown cmd", "raw", "a:2:{s:3:\"cmd\";s:4:\"nope\";s:3:\"key\";s:1:\"k\";}",
            "s:12:\"bad cmd nope\";", "bad_cmd"),
        new Case("a frame over workermanMaxFrameSize", "bytes", "\0\0\u0010\u0001abc", null,
            "frame_too_large"),
        new Case("a frame length below 4", "bytes", "\0\0\0\u0002", null, "bad_frame"),
        new Case("a value that is not UTF-8", "raw",
            "a:3:{s:3:\"cmd\";s:3:\"set\";s:3:\"key\";s:3:\"bin\";s:5:\"value\";s:2:\"\u00ff\u00fe\";}",
            null, null),
        new Case("a value over maxValueSize", "raw",
            "a:3:{s:3:\"cmd\";s:3:\"set\";s:3:\"key\";s:3:\"big\";s:5:\"value\";s:100:\""
                + "x".repeat(100) + "\";}", null, null));
    return Stream.concat(cases.stream().map(c -> DynamicTest.dynamicTest(c.name(), () -> {
      List<String> lines = WorkermanProtocolIT.php(verticle, c.scenario(), "case",
          hex(c.bytes()));
      if (c.answer() == null) {
        assertThat(lines).as("closed without an answer").contains("closed case")
            .noneMatch(line -> line.startsWith("answer"));
      } else {
        assertThat(lines).containsSubsequence("answer case " + hex(c.answer()), "closed case");
      }
      JsonObject counters = status(0).getJsonObject("workerman");
      if (c.counted() != null) {
        assertThat(counters.getJsonObject("badRequests").getLong(c.counted())).isPositive();
      } else {
        assertThat(counters.getLong("failures")).isPositive();
      }
    })), Stream.of(DynamicTest.dynamicTest("nothing else is disturbed", () -> {
      assertThat(result(data.exists("obj"))).isFalse();
      assertThat(result(data.exists("bin"))).isFalse();
      assertThat(result(data.exists("big"))).isFalse();
      assertThat(result(data.exists("deep"))).isFalse();
      assertThat(WorkermanProtocolIT.php(verticle, "set", "after", "[1,2]")).contains("done set");
      assertThat(result(data.get("after"))).isEqualTo(new JsonArray().add(1).add(2));
      assertThat(NodeMetrics.scrape(cluster.vertx(0)))
          .contains("switchboard_globaldata_workerman_bad_requests_total{reason=\"bad_cmd\"} 1.0")
          .contains("switchboard_globaldata_workerman_failures_total 2.0")
          .contains("switchboard_globaldata_workerman_ops_total{cmd=\"set\",result=\"ok\"} 1.0");
    })));
  }

  private JsonObject status(int node) {
    return StatusRequest.now(cluster.vertx(node));
  }

  @Test
  void anAddressOutsidePhpClientsFromIsRefusedAndCounted() throws Exception {
    startNodes(2);
    GlobalDataVerticle closed = WorkermanProtocolIT.deployOn(cluster, 1, new JsonObject()
        .put("phpClientsFrom", new JsonArray().add("10.255.255.0/24")));
    List<String> lines = WorkermanProtocolIT.php(closed, "raw", "refused",
        hex("a:2:{s:3:\"cmd\";s:3:\"get\";s:3:\"key\";s:1:\"k\";}"));
    assertThat(lines).contains("closed refused").noneMatch(line -> line.startsWith("answer"));
    assertThat(status(1).getJsonObject("workerman").getJsonObject("refused").getLong("address"))
        .isEqualTo(1);
    assertThat(NodeMetrics.scrape(cluster.vertx(1)))
        .contains("switchboard_globaldata_workerman_refused_total{reason=\"address\"} 1.0");

    GlobalDataVerticle open = WorkermanProtocolIT.deployOn(cluster, 0, new JsonObject()
        .put("phpClientsFrom", new JsonArray().add("127.0.0.1/32")));
    assertThat(WorkermanProtocolIT.php(open, "get", "k")).contains("result get N;");
  }

  @Test
  void aSilentConnectionIsClosedAfterTheIdleTimeout() throws Exception {
    startNodes(1);
    GlobalDataVerticle verticle = WorkermanProtocolIT.deployOn(cluster, 0,
        new JsonObject().put("workermanIdleTimeout", 300));
    // nothing sent: the next read sees the listener close the connection
    assertThat(WorkermanProtocolIT.php(verticle, "bytes", "idle", "")).contains("closed idle");
    assertThat(status(0).getJsonObject("workerman").getLong("idleCloses")).isEqualTo(1);
  }

  @Test
  void aConnectionOverWorkermanMaxConnectionsIsRefusedAndCounted() throws Exception {
    startNodes(1);
    GlobalDataVerticle verticle = WorkermanProtocolIT.deployOn(cluster, 0,
        new JsonObject().put("workermanMaxConnections", 1));
    try (PhpProcess holder = Php.start(Php.script("globaldata_client.php"), "127.0.0.1",
        String.valueOf(verticle.actualWorkermanPort()), "bytes", "held", "")) {
      holder.awaitLine("connected"::equals, Duration.ofSeconds(30));
      Await.result(Await.until(cluster.vertx(0), 50, Duration.ofSeconds(10),
              () -> StatusRequest.of(cluster.vertx(0)).map(status -> status.getJsonObject("workerman")
                  .getInteger("connections") == 1)),
          Duration.ofSeconds(15), "the first connection admitted");
      assertThat(WorkermanProtocolIT.php(verticle, "raw", "second",
          hex("a:2:{s:3:\"cmd\";s:3:\"get\";s:3:\"key\";s:1:\"k\";}")))
          .contains("closed second").noneMatch(line -> line.startsWith("answer"));
      assertThat(status(0).getJsonObject("workerman").getJsonObject("refused")
          .getLong("maxConnections")).isEqualTo(1);
    }
  }
}
