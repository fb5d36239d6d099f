package dev.switchboard.globaldata;

import dev.switchboard.globaldata.GlobalDataException.Reason;
import dev.switchboard.testkit.ClusteredTestBase;
import dev.switchboard.testkit.Await;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.concurrent.TimeUnit;

import static dev.switchboard.testkit.Await.failure;
import static dev.switchboard.testkit.Await.result;
import static org.assertj.core.api.Assertions.assertThat;

@Timeout(value = 120, unit = TimeUnit.SECONDS)
class GlobalDataVerticleIT extends ClusteredTestBase {

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
    return result(statusAsync(node));
  }

  private Future<JsonObject> statusAsync(int node) {
    return cluster.vertx(node).eventBus().<JsonObject>request(GlobalDataAddresses.STATUS, "")
        .map(Message::body);
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
