package dev.switchboard.examples;

import dev.switchboard.globaldata.GlobalData;
import dev.switchboard.testkit.ClusteredTestBase;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.concurrent.TimeUnit;

import static dev.switchboard.testkit.Await.result;
import static org.assertj.core.api.Assertions.assertThat;

@Timeout(value = 120, unit = TimeUnit.SECONDS)
class OnlineCounterExampleIT extends ClusteredTestBase {

  @Test
  void twoNodesShareTheCounterAndThePeak() throws Exception {
    startNodes(2);
    String first = result(cluster.vertx(0).deployVerticle(OnlineCounterExample.class.getName(),
        new DeploymentOptions().setConfig(new JsonObject().put("node", "n1").put("users", 3))));
    result(cluster.vertx(1).deployVerticle(OnlineCounterExample.class.getName(),
        new DeploymentOptions().setConfig(new JsonObject().put("node", "n2").put("users", 4))));
    GlobalData data = GlobalData.member(cluster.vertx(1));
    assertThat(result(data.get(OnlineCounterExample.ONLINE))).isEqualTo(7);
    JsonObject peak = result(data.get(OnlineCounterExample.PEAK, JsonObject.class));
    assertThat(peak.getLong("peak")).isEqualTo(7);
    assertThat(peak.getString("node")).isEqualTo("n2");

    result(cluster.vertx(0).undeploy(first));
    assertThat(result(data.get(OnlineCounterExample.ONLINE))).isEqualTo(4);
    assertThat(result(data.get(OnlineCounterExample.PEAK, JsonObject.class)).getLong("peak"))
        .as("the peak stays").isEqualTo(7);
  }
}
