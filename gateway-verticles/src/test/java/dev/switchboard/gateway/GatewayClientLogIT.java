package dev.switchboard.gateway;

import dev.switchboard.channel.ChannelClient;
import dev.switchboard.testkit.Await;
import dev.switchboard.testkit.ClusterNodes;
import dev.switchboard.testkit.LogCapture;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What callers of the routing plane send ends up in log lines only escaped and at most one line
 * per interval: an op with a newline cannot forge a log line, and a flood of bad requests costs a
 * counter each, not a line each. Routed sends keep working.
 */
class GatewayClientLogIT {

  private static final String FORGED = "\n12:00:00.000 [x] ERROR forged";

  private ClusterNodes cluster;
  private final Recorder recorder = new Recorder();
  private GatewayVerticle gateway;
  private ChannelClient caller;

  @BeforeEach
  void start() throws Exception {
    cluster = ClusterNodes.start(1);
    gateway = new GatewayVerticle(new GatewayOptions().setPort(0).setFramePort(0), recorder);
    Await.result(cluster.vertx(0).deployVerticle(gateway));
    caller = ChannelClient.local(cluster.vertx(0));
    Await.result(caller.connect());
  }

  @AfterEach
  void stop() throws Exception {
    Await.result(caller.close());
    cluster.close();
  }

  @Test
  void controlCharactersInAnOpAreEscapedAndBadRequestsAreLoggedOncePerInterval()
      throws Exception {
    try (LogCapture log = new LogCapture("dev.switchboard.gateway");
        RawSocket client = new RawSocket(gateway.actualFramePort())) {
      String id = recorder.nextConnection().id();
      String nodeChannel = "$gateway.node." + id.substring(0, id.indexOf('-'));
      List<Future<Void>> flood = new ArrayList<>();
      for (int i = 0; i < 500; i++) {
        flood.add(caller.publish(nodeChannel, new JsonObject().put("op", "send" + FORGED)
            .put("client", id).put("text", "never")));
      }
      Await.result(Future.all(flood));
      Await.result(caller.publish(nodeChannel, new JsonObject().put("op", "sendToClient")
          .put("client", id).put("text", "routed")));
      assertThat(client.readFrame()).isEqualTo("routed");
      Await.condition(cluster.vertx(0), 10, () -> Future.succeededFuture(
          log.lines().stream().anyMatch(line -> line.contains("ERROR forged"))));
      List<String> lines = log.lines();
      assertThat(lines).allSatisfy(line -> assertThat(line).doesNotContain("\n"));
      assertThat(lines).anySatisfy(line -> assertThat(line)
          .contains("send\\n12:00:00.000 [x] ERROR forged"));
      assertThat(lines.stream().filter(line -> line.contains("ERROR forged")).count())
          .as("lines for 500 bad requests").isLessThan(20);
    }
  }
}
