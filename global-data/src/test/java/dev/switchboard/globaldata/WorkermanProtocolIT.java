package dev.switchboard.globaldata;

import dev.switchboard.testkit.ClusterNodes;
import dev.switchboard.testkit.ClusteredTestBase;
import dev.switchboard.testkit.Php;
import dev.switchboard.testkit.PhpProcess;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static dev.switchboard.testkit.Await.result;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * PHP itself (php-cli, testkit's {@code globaldata_client.php}: PHP's own serialize(),
 * unserialize() and md5()) against the Workerman listeners of a 3-node cluster, with the Java API
 * on the other nodes: Workerman's answers, values crossing both ways, increments and cas loops
 * from both sides on one key.
 */
@Timeout(value = 300, unit = TimeUnit.SECONDS)
class WorkermanProtocolIT extends ClusteredTestBase {

  static final String MAP = "workerman-test";

  private final List<GlobalDataVerticle> verticles = new ArrayList<>();

  /** Starts 3 nodes, each with a GlobalDataVerticle listening for PHP on a free port. */
  private void startCluster(JsonObject extra) throws Exception {
    startNodes(3);
    for (int i = 0; i < 3; i++) {
      verticles.add(deploy(i, extra));
    }
  }

  GlobalDataVerticle deploy(int node, JsonObject extra) {
    return deployOn(cluster, node, extra);
  }

  /** Deploys a GlobalDataVerticle on the map of these tests, listening for PHP on a free port. */
  static GlobalDataVerticle deployOn(ClusterNodes cluster, int node,
      JsonObject extra) {
    GlobalDataVerticle verticle = new GlobalDataVerticle();
    JsonObject config = new JsonObject().put("mapName", MAP).put("workermanPort", 0)
        .mergeIn(extra);
    result(cluster.vertx(node).deployVerticle(verticle, new DeploymentOptions().setConfig(config)));
    assertThat(verticle.actualWorkermanPort()).isPositive();
    return verticle;
  }

  GlobalData java(int node) {
    return GlobalData.member(cluster.vertx(node), new GlobalDataOptions().setMapName(MAP));
  }

  /** Runs the PHP client against a node's listener to its end; its output lines. */
  static List<String> php(GlobalDataVerticle verticle, String... args) throws Exception {
    List<String> all = new ArrayList<>(List.of("127.0.0.1",
        String.valueOf(verticle.actualWorkermanPort())));
    all.addAll(List.of(args));
    try (PhpProcess process = Php.start(Php.script("globaldata_client.php"),
        all.toArray(String[]::new))) {
      int exit = process.awaitExit(java.time.Duration.ofSeconds(120));
      assertThat(exit).as("php exit; stderr: %s; stdout: %s", process.stderr(), process.lines())
          .isZero();
      return process.lines();
    }
  }

  /** The {@code result <name> <serialized>} lines of a run, by name. */
  static Map<String, String> results(List<String> lines) {
    Map<String, String> results = new LinkedHashMap<>();
    for (String line : lines) {
      if (line.startsWith("result ")) {
        int space = line.indexOf(' ', 7);
        results.put(line.substring(7, space), line.substring(space + 1));
      }
    }
    return results;
  }

  @Test
  void aPhpClientGetsWorkermansAnswersAndJavaSeesItsWrites() throws Exception {
    startCluster(new JsonObject());
    Map<String, String> results = results(php(verticles.get(0), "basic", "p"));
    Map<String, String> expected = new LinkedHashMap<>();
    expected.put("get-absent", "N;");
    expected.put("isset-absent", "b:0;");
    expected.put("set", "b:1;");
    expected.put("get", "a:3:{s:1:\"x\";i:1;s:4:\"list\";a:3:{i:0;i:1;i:1;d:2.5;i:2;s:5:\"three\";}"
        + "s:6:\"nested\";a:1:{s:1:\"k\";a:2:{i:0;b:1;i:1;N;}}}");
    expected.put("isset", "b:1;");
    expected.put("add-present", "b:0;");
    expected.put("add-absent", "b:1;");
    expected.put("get-added", "i:5;");
    expected.put("increment", "i:8;");
    expected.put("increment-negative", "i:-2;");
    expected.put("increment-float", "d:-1.5;");
    expected.put("increment-absent", "b:0;");
    expected.put("get-after-increment-absent", "N;");
    expected.put("increment-non-numeric", "i:2;");
    expected.put("increment-numeric-string", "i:42;");
    expected.put("cas-wrong", "b:0;");
    expected.put("cas-stale", "b:0;");
    expected.put("cas-right", "b:1;");
    expected.put("get-cas", "a:1:{s:1:\"x\";i:2;}");
    expected.put("cas-null-absent", "b:1;");
    expected.put("cas-null-present", "b:0;");
    expected.put("get-c", "s:7:\"created\";");
    expected.put("set-null", "b:1;");
    expected.put("isset-null", "b:0;");
    expected.put("add-over-null", "b:1;");
    expected.put("unset", "b:1;");
    expected.put("unset-absent", "b:1;");
    expected.put("isset-unset", "b:0;");
    expected.put("int-key", "s:5:\"seven\";");
    assertThat(results).containsExactlyEntriesOf(expected);
    GlobalData data = java(1);
    assertThat(result(data.get("p.a"))).isEqualTo(new JsonObject().put("x", 2));
    assertThat(result(data.get("p.b"))).isEqualTo(-1.5);
    assertThat(result(data.get("p.s"))).isEqualTo(2);
    assertThat(result(data.exists("p.c"))).isFalse();
    assertThat(result(data.exists("p.none"))).as("increment of an absent key creates nothing")
        .isFalse();
  }

  @Test
  void valuesCrossBetweenPhpAndJavaBothWays() throws Exception {
    startCluster(new JsonObject());
    String fromPhp = "{\"s\":\"h\u00e9llo \\\"q\\\"\",\"f\":0.1,\"big\":1.0e+25,\"i\":-7,"
        + "\"l\":[1,[2,{\"a\":null}]],\"e\":[],\"5\":\"int key\",\"t\":true}";
    assertThat(results(php(verticles.get(0), "set", "php.value", fromPhp)))
        .containsEntry("set", "b:1;");
    GlobalData data = java(1);
    assertThat(result(data.get("php.value"))).isEqualTo(new JsonObject()
        .put("s", "h\u00e9llo \"q\"").put("f", 0.1).put("big", 1.0e25).put("i", -7)
        .put("l", new JsonArray().add(1).add(new JsonArray().add(2)
            .add(new JsonObject().putNull("a"))))
        .put("e", new JsonArray()).put("5", "int key").put("t", true));

    JsonObject fromJava = new JsonObject().put("name", "Zo\u00eb").put("pi", 3.25)
        .put("one", 1.0).put("tiny", 2.5e-8).put("tags", new JsonArray().add("a").add(false))
        .put("n", new JsonObject().put("7", "seven").put("-3", "minus").put("07", "padded"));
    result(data.set("java.value", fromJava));
    assertThat(results(php(verticles.get(2), "get", "java.value"))).containsEntry("get",
        "a:6:{s:4:\"name\";s:4:\"Zo\u00eb\";s:2:\"pi\";d:3.25;s:3:\"one\";d:1;"
            + "s:4:\"tiny\";d:2.5E-8;s:4:\"tags\";a:2:{i:0;s:1:\"a\";i:1;b:0;}"
            + "s:1:\"n\";a:3:{i:7;s:5:\"seven\";i:-3;s:5:\"minus\";s:2:\"07\";s:6:\"padded\";}}");
    // PHP's cas with the value it read matches what Java stored: the same bytes, the same md5
    assertThat(results(php(verticles.get(0), "casread", "java.value", "{\"replaced\":1}")))
        .containsEntry("cas", "b:1;");
    assertThat(result(data.get("java.value"))).isEqualTo(new JsonObject().put("replaced", 1));
    result(data.set("java.scalar", "only a string"));
    assertThat(results(php(verticles.get(1), "get", "java.scalar")))
        .containsEntry("get", "s:13:\"only a string\";");
  }

  @Test
  void phpAndJavaIncrementsOnOneKeyAddUp() throws Exception {
    startCluster(new JsonObject());
    GlobalData data = java(2);
    result(data.set("counter", 0));
    int n = 300;
    Future<List<String>> phpOnNode0 = cluster.vertx(0).executeBlocking(
        () -> php(verticles.get(0), "increment", "counter", String.valueOf(n)), false);
    Future<List<String>> phpOnNode1 = cluster.vertx(1).executeBlocking(
        () -> php(verticles.get(1), "increment", "counter", String.valueOf(n)), false);
    List<Future<Number>> javaIncrements = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      javaIncrements.add(data.increment("counter", 1));
    }
    result(Future.all(javaIncrements), java.time.Duration.ofSeconds(120), "Java increments");
    assertThat(result(phpOnNode0, java.time.Duration.ofSeconds(150), "PHP on node 0"))
        .contains("done increment " + n);
    assertThat(result(phpOnNode1, java.time.Duration.ofSeconds(150), "PHP on node 1"))
        .contains("done increment " + n);
    assertThat(result(data.get("counter"))).isEqualTo(3 * n);
  }

  @Test
  void casLoopsFromPhpAndJavaLoseNoUpdate() throws Exception {
    startCluster(new JsonObject());
    GlobalData data = java(2);
    result(data.set("cas.counter", new JsonObject().put("count", 0).put("by", "init")));
    int n = 60;
    Future<List<String>> php0 = cluster.vertx(0).executeBlocking(
        () -> php(verticles.get(0), "casloop", "cas.counter", String.valueOf(n)), false);
    Future<List<String>> php1 = cluster.vertx(1).executeBlocking(
        () -> php(verticles.get(1), "casloop", "cas.counter", String.valueOf(n)), false);
    Future<Void> javaLoop = Future.succeededFuture();
    for (int i = 0; i < n; i++) {
      javaLoop = javaLoop.compose(v -> javaCasIncrement(data));
    }
    result(javaLoop, java.time.Duration.ofSeconds(150), "Java cas loop");
    assertThat(result(php0, java.time.Duration.ofSeconds(150), "PHP 0")).anyMatch(
        line -> line.startsWith("done casloop " + n));
    assertThat(result(php1, java.time.Duration.ofSeconds(150), "PHP 1")).anyMatch(
        line -> line.startsWith("done casloop " + n));
    assertThat(((JsonObject) result(data.get("cas.counter"))).getInteger("count"))
        .isEqualTo(3 * n);
  }

  /** The manual's loop in Java: read, compute, cas with what was read; again on a conflict. */
  private static Future<Void> javaCasIncrement(GlobalData data) {
    return data.get("cas.counter", JsonObject.class).compose(old -> data.cas("cas.counter", old,
        new JsonObject().put("count", old.getInteger("count") + 1).put("by", "java")))
        .compose(stored -> stored ? Future.succeededFuture() : javaCasIncrement(data));
  }

  @Test
  void pipelinedRequestsAreAnsweredOneEachInOrder() throws Exception {
    startCluster(new JsonObject());
    assertThat(php(verticles.get(1), "pipeline", "piped", "200")).contains("done pipeline 200");
  }
}
