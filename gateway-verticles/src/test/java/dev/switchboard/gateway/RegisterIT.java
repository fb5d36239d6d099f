package dev.switchboard.gateway;

import dev.switchboard.testkit.Await;
import dev.switchboard.testkit.ClusterNodes;
import dev.switchboard.testkit.LogCapture;
import dev.switchboard.testkit.Php;
import dev.switchboard.testkit.PhpProcess;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * GatewayWorker's Register ({@link RegisterVerticle}) on a 3-node cluster, driven by PHP
 * ({@code register_client.php}, a client of the Register's text protocol written as
 * BusinessWorker and GatewayClient talk to it): every gateway node's inner address (GatewayWorker's
 * listener, on each node's gateway) is listed,
 * by every Register, and told again when a node leaves or comes; bad requests are closed with a
 * reason and disturb nobody.
 */
class RegisterIT {

  private static final Duration WAIT = Duration.ofSeconds(20);

  private ClusterNodes cluster;
  private final List<String> inner = new ArrayList<>();
  private final List<PhpProcess> php = new ArrayList<>();
  private final RegisterVerticle[] registers = new RegisterVerticle[2];
  private String gatewayOnNode2;

  @BeforeEach
  void start() throws Exception {
    cluster = ClusterNodes.start(3);
    for (int i = 0; i < 3; i++) {
      String deployment = Await.result(cluster.vertx(i).deployVerticle(gateway()));
      if (i == 2) {
        gatewayOnNode2 = deployment;
      }
    }
  }

  /** A gateway with GatewayWorker's inner listener on a free port. */
  private static GatewayVerticle gateway() {
    return new GatewayVerticle(new GatewayOptions().setPort(0)
        .setWorkerman(new GatewayWorkermanOptions().setPort(0)), null);
  }

  /** @return the Register's list once it holds this many addresses */
  private List<String> awaitAddresses(RegisterVerticle register, int count) {
    Await.condition(cluster.vertx(0), 20,
        () -> Future.succeededFuture(register.addresses().size() == count));
    return register.addresses();
  }

  @AfterEach
  void stop() throws Exception {
    for (PhpProcess process : php) {
      process.close();
    }
    cluster.close();
  }

  private RegisterVerticle register(int node, RegisterOptions options) {
    RegisterVerticle register = new RegisterVerticle(options.setPort(0));
    Await.result(cluster.vertx(node).deployVerticle(register));
    if (inner.isEmpty()) { // the inner addresses of the 3 gateway nodes
      inner.addAll(awaitAddresses(register, 3));
      assertThat(inner).allMatch(address -> address.matches("127\\.0\\.0\\.1:[0-9]+"));
    }
    return register;
  }

  private PhpProcess client(RegisterVerticle register, String mode, String arg)
      throws Exception {
    PhpProcess process = Php.start(Php.script("register_client.php"), "127.0.0.1",
        String.valueOf(register.actualPort()), mode, arg);
    php.add(process);
    return process;
  }

  private static String addresses(List<String> list) {
    return "addresses " + new JsonArray(new ArrayList<>(list)).encode();
  }

  @Test
  void everyRegisterListsEveryGatewayNodeAndTellsItsWorkersOfEachChange() throws Exception {
    registers[0] = register(0, new RegisterOptions());
    registers[1] = register(1, new RegisterOptions()); // a second one, for high availability
    PhpProcess worker0 = client(registers[0], "worker", "");
    PhpProcess worker1 = client(registers[1], "worker", "");
    worker0.awaitLine(addresses(inner)::equals, WAIT);
    worker1.awaitLine(addresses(inner)::equals, WAIT);

    // a gateway node stops its gateway: both Registers tell their workers
    Await.result(cluster.vertx(2).undeploy(gatewayOnNode2));
    List<String> two = awaitAddresses(registers[0], 2);
    assertThat(inner).containsAll(two);
    worker0.awaitLine(addresses(two)::equals, WAIT);
    worker1.awaitLine(addresses(two)::equals, WAIT);

    // a GatewayClient (one answer, then it hangs up) gets the list as it is now
    PhpProcess once = client(registers[1], "once", "");
    assertThat(once.awaitExit(WAIT)).isZero();
    assertThat(once.lines()).contains(addresses(two));

    // the node starts a gateway again: listed again
    Await.result(cluster.vertx(2).deployVerticle(gateway()));
    List<String> three = awaitAddresses(registers[0], 3);
    assertThat(three).containsAll(two);
    worker0.awaitLine(line -> worker0.lines().lastIndexOf(addresses(three))
        > worker0.lines().indexOf(addresses(two)), WAIT);

    // a whole node leaves the cluster
    Await.result(cluster.vertx(2).close());
    worker0.awaitLine(line -> worker0.lines().lastIndexOf(addresses(two))
        > worker0.lines().lastIndexOf(addresses(three)), WAIT);
    assertThat(registers[0].addresses()).isEqualTo(two);
  }

  @Test
  void aSecretKeyIsChecked() throws Exception {
    registers[0] = register(0, new RegisterOptions().setSecretKey("s3cret"));
    try (LogCapture log = new LogCapture("dev.switchboard.gateway.impl.register")) {
      PhpProcess wrong = client(registers[0], "worker", "guess");
      wrong.awaitLine("closed"::equals, WAIT);
      assertThat(wrong.lines()).contains("error worker_connect with a wrong secret_key")
          .noneMatch(line -> line.startsWith("addresses"));
      PhpProcess none = client(registers[0], "once", "");
      assertThat(none.awaitExit(WAIT)).isZero();
      assertThat(none.lines()).contains("error worker_connect with a wrong secret_key");
      PhpProcess right = client(registers[0], "worker", "s3cret");
      right.awaitLine(addresses(inner)::equals, WAIT);
      assertThat(log.lines()).anyMatch(line -> line.contains("wrong secret_key"))
          .noneMatch(line -> line.contains("guess") || line.contains("s3cret"));
    }
  }

  @Test
  void badRequestsAreClosedWithAReasonAndDisturbNobody() throws Exception {
    registers[0] = register(0, new RegisterOptions().setMaxLineSize(1024));
    PhpProcess worker = client(registers[0], "worker", "");
    worker.awaitLine(addresses(inner)::equals, WAIT);
    try (LogCapture log = new LogCapture("dev.switchboard.gateway.impl.register")) {
      String[][] cases = {
          {"raw", "{\"event\":\"worker_connect\"", "malformed JSON"},
          {"raw", "[1,2]", "not a JSON object with an event"},
          {"raw", "{\"secret_key\":\"\"}", "not a JSON object with an event"},
          {"long", "5000", "line longer than maxLineSize (1024 bytes)"},
          {"raw", "{\"event\":\"subscribe\"}", "unknown event 'subscribe'"},
          {"raw", "{\"event\":\"ping\"}", "ping before worker_connect"},
          {"raw", "{\"event\":\"gateway_connect\",\"address\":\"10.0.0.9:2000\"}",
              "gateway_connect refused"},
      };
      for (String[] bad : cases) {
        PhpProcess process = client(registers[0], bad[0], bad[1]);
        process.awaitLine("closed"::equals, WAIT);
        assertThat(process.lines()).as(bad[1]).anyMatch(line -> line.startsWith("error ")
            && line.contains(bad[2]));
      }
      // logged with its reason (one line per second at most: a flood costs a counter each)
      assertThat(log.lines()).anyMatch(line -> line.startsWith("WARN Register: closed")
          && line.contains(cases[0][2]));
    }
    // the worker is still registered and hears the next change
    Await.result(cluster.vertx(2).undeploy(gatewayOnNode2));
    List<String> two = awaitAddresses(registers[0], 2);
    worker.awaitLine(addresses(two)::equals, WAIT);
    JsonObject status = registers[0].status();
    assertThat(status.getInteger("workers")).isEqualTo(1);
    assertThat(status.getLong("closedForErrors")).isEqualTo(7);
  }

  @Test
  void onlyAllowedAddressesMayConnectAndSilentOnesAreClosed() throws Exception {
    registers[0] = register(0, new RegisterOptions().setPhpClientsFrom(List.of("10.0.0.0/8")));
    PhpProcess outsider = client(registers[0], "worker", "");
    outsider.awaitLine("closed"::equals, WAIT);
    assertThat(outsider.lines()).noneMatch(line -> line.startsWith("addresses"));
    assertThat(registers[0].status().getLong("refused")).isEqualTo(1);

    Throwable bad = Await.failure(cluster.vertx(0).deployVerticle(new RegisterVerticle(
        new RegisterOptions().setPort(0).setPhpClientsFrom(List.of("10.0.0.0/33")))));
    assertThat(bad).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("phpClientsFrom").hasMessageContaining("10.0.0.0/33");

    registers[1] = register(1, new RegisterOptions().setAuthTimeout(300));
    PhpProcess silent = client(registers[1], "silent", "");
    silent.awaitLine("closed"::equals, WAIT);
    assertThat(silent.lines()).anyMatch(line -> line.startsWith("error ")
        && line.contains("no worker_connect within authTimeout (300 ms)"));
  }
}
