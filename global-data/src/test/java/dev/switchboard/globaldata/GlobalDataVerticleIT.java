package dev.switchboard.globaldata;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.hazelcast.config.Config;
import dev.switchboard.globaldata.GlobalDataException.Reason;
import dev.switchboard.testkit.ClusteredTestBase;
import dev.switchboard.testkit.Await;
import dev.switchboard.testkit.ClusterNode;
import dev.switchboard.testkit.LoopbackCluster;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static dev.switchboard.testkit.Await.failure;
import static dev.switchboard.testkit.Await.result;
import static org.assertj.core.api.Assertions.assertThat;

@Timeout(value = 120, unit = TimeUnit.SECONDS)
class GlobalDataVerticleIT extends ClusteredTestBase {

  private static final String INDETERMINATE_STATE_PROPERTY =
      "hazelcast.operation.fail.on.indeterminate.state";

  @Test
  void deploysByClassNameOnEveryNodeAndReportsItsMember() throws Exception {
    startNodes(2);
    JsonObject config = new JsonObject().put("mapName", "verticle-test");
    for (int i = 0; i < 2; i++) {
      result(cluster.vertx(i).deployVerticle(GlobalDataVerticle.class.getName(),
          new io.vertx.core.DeploymentOptions().setConfig(config)));
    }
    GlobalData data = GlobalData.member(cluster.vertx(0),
        new GlobalDataOptions().setMapName("verticle-test"));
    for (int i = 0; i < 100; i++) {
      result(data.set("k" + i, i));
    }
    for (int i = 0; i < 2; i++) {
      JsonObject status = status(i);
      assertThat(status.getString("member")).isEqualTo(cluster.node(i).memberAddress());
      assertThat(status.getInteger("members")).isEqualTo(2);
      assertThat(status.getInteger("backupCount")).isEqualTo(1);
      assertThat(status.getString("mapName")).isEqualTo("verticle-test");
    }
    // every entry is owned by one member and, once the join's replica sync is done, backed up on
    // the other
    Await.condition(cluster.vertx(0), 100, () -> Future.all(statusAsync(0), statusAsync(1))
        .map(both -> {
          JsonObject a = both.resultAt(0);
          JsonObject b = both.resultAt(1);
          return a.getLong("ownedEntries") + b.getLong("ownedEntries") == 100
              && a.getLong("backupEntries") == b.getLong("ownedEntries")
              && b.getLong("backupEntries") == a.getLong("ownedEntries");
        }));
  }

  private JsonObject status(int node) {
    return StatusRequest.now(cluster.vertx(node));
  }

  private Future<JsonObject> statusAsync(int node) {
    return StatusRequest.of(cluster.vertx(node));
  }

  @Test
  void warnsWhenTheMemberDoesNotFailOnIndeterminateState() throws Exception {
    startNodes(1);
    Config config = LoopbackCluster.memberConfig(LoopbackCluster.randomClusterName(), List.of());
    config.setProperty(INDETERMINATE_STATE_PROPERTY, "false");
    ClusterNode lenient = result(LoopbackCluster.startNode(config), Duration.ofSeconds(60),
        "starting a member without fail.on.indeterminate.state");
    Logger logger = (Logger) LoggerFactory.getLogger(GlobalDataVerticle.class);
    ListAppender<ILoggingEvent> logged = new ListAppender<>();
    logged.start();
    logger.addAppender(logged);
    try {
      result(cluster.vertx(0).deployVerticle(new GlobalDataVerticle()));
      assertThat(warningsAbout(logged, INDETERMINATE_STATE_PROPERTY))
          .as("the tests' members set it").isEmpty();
      result(lenient.vertx().deployVerticle(new GlobalDataVerticle()));
      assertThat(warningsAbout(logged, INDETERMINATE_STATE_PROPERTY)).singleElement()
          .asString().contains("is off", "an increment can apply twice");
    } finally {
      logger.detachAppender(logged);
      result(lenient.vertx().close());
    }
  }

  private static List<String> warningsAbout(ListAppender<ILoggingEvent> logged, String text) {
    return logged.list.stream().filter(e -> e.getLevel() == Level.WARN)
        .map(ILoggingEvent::getFormattedMessage).filter(m -> m.contains(text)).toList();
  }

  @Test
  void refusesToDeployWithoutACluster() {
    Vertx vertx = Vertx.vertx();
    try {
      Throwable failure = failure(vertx.deployVerticle(new GlobalDataVerticle()));
      assertThat(failure).isInstanceOf(GlobalDataException.class)
          .hasMessageContaining("not clustered");
      assertThat(((GlobalDataException) failure).reason()).isEqualTo(Reason.NO_MEMBER);
      assertThat(vertx.deploymentIDs()).isEmpty();
    } finally {
      result(vertx.close());
    }
  }
}
