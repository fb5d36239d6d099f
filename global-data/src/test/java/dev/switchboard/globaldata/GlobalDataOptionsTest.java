package dev.switchboard.globaldata;

import dev.switchboard.core.MetricsOptions;
import dev.switchboard.testkit.Await;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class GlobalDataOptionsTest {

  @Test
  void defaultsMatchTheConstants() {
    GlobalDataOptions options = new GlobalDataOptions();
    assertThat(options.getMapName()).isEqualTo(GlobalDataOptions.DEFAULT_MAP_NAME);
    assertThat(options.getMaxValueSize()).isEqualTo(1024 * 1024);
    assertThat(options.getMaxKeyLength()).isEqualTo(GlobalDataOptions.DEFAULT_MAX_KEY_LENGTH);
    assertThat(options.getClusterName()).as("no shared default cluster name").isNull();
    assertThat(options.getMembers()).containsExactly("127.0.0.1:5701");
    assertThat(options.getConnectTimeout()).isEqualTo(GlobalDataOptions.DEFAULT_CONNECT_TIMEOUT);
    assertThat(options.getMinimumMembers()).isZero()
        .isEqualTo(GlobalDataOptions.DEFAULT_MINIMUM_MEMBERS);
    assertThat(new GlobalDataOptions(new JsonObject()).toJson()).isEqualTo(options.toJson());
  }

  @Test
  void aClientWithoutAClusterNameFailsClearlyInsteadOfJoiningASharedDefault() {
    Vertx vertx = Vertx.vertx();
    try {
      Throwable failure = Await.failure(GlobalData.client(vertx, new GlobalDataOptions()
          .setConnectTimeout(1_000)));
      assertThat(failure).isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("clusterName");
    } finally {
      Await.result(vertx.close());
    }
  }

  @Test
  void jsonRoundTripAndCopyKeepEveryField() {
    JsonObject json = new JsonObject().put("mapName", "m").put("maxValueSize", 10)
        .put("maxKeyLength", 20).put("clusterName", "c")
        .put("members", new JsonArray().add("10.0.0.1:5701").add("10.0.0.2:5701"))
        .put("connectTimeout", 30L).put("minimumMembers", 3)
        .put("metrics", new MetricsOptions().setPort(9100).toJson())
        .put("updateFunctions", new JsonObject().put("game.add", "com.example.Add"));
    GlobalDataOptions options = new GlobalDataOptions(json);
    assertThat(options.toJson()).isEqualTo(json);
    assertThat(new GlobalDataOptions(options).toJson()).isEqualTo(json);
    assertThat(options.getMembers()).containsExactly("10.0.0.1:5701", "10.0.0.2:5701");
  }

  @Test
  void updateFunctionsMapNamesToClassNamesAndNothingElse() {
    assertThat(new GlobalDataOptions().getUpdateFunctions()).as("none by default").isEmpty();
    assertThatThrownBy(() -> new GlobalDataOptions(new JsonObject()
        .put("updateFunctions", new JsonObject().put("f", 1))))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("updateFunctions.f");
    assertThatThrownBy(() -> new GlobalDataOptions(new JsonObject()
        .put("updateFunctions", "com.example.Add")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("updateFunctions");
  }

  @Test
  void invalidValuesAreRefusedWithTheFieldName() {
    GlobalDataOptions options = new GlobalDataOptions();
    assertThatThrownBy(() -> options.setMaxValueSize(0)).hasMessageContaining("maxValueSize");
    assertThatThrownBy(() -> options.setMaxKeyLength(-1)).hasMessageContaining("maxKeyLength");
    assertThatThrownBy(() -> options.setMapName(" ")).hasMessageContaining("mapName");
    assertThatThrownBy(() -> options.setClusterName(null)).hasMessageContaining("clusterName");
    assertThatThrownBy(() -> options.setMembers(List.of())).hasMessageContaining("members");
    assertThatThrownBy(() -> options.setConnectTimeout(0)).hasMessageContaining("connectTimeout");
    assertThatThrownBy(() -> options.setMinimumMembers(1)).hasMessageContaining("minimumMembers");
    assertThatThrownBy(() -> options.setMinimumMembers(-1)).hasMessageContaining("minimumMembers");
    assertThatThrownBy(() -> new GlobalDataOptions(new JsonObject().put("maxValueSize", -5)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(options.toJson()).as("a refused value changes nothing")
        .isEqualTo(new GlobalDataOptions().toJson());
  }

  @Test
  void anUnknownKeyIsRefusedNamingTheNearestKnownOne() {
    assertThatThrownBy(() -> new GlobalDataOptions(new JsonObject().put("mapname", "m")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("unknown option \"mapname\" (did you mean \"mapName\"?)");
    assertThatThrownBy(() -> new GlobalDataOptions(new JsonObject().put("colour", "m")))
        .hasMessageStartingWith("unknown option \"colour\";");
    assertThat(new GlobalDataOptions(new JsonObject().put("strict", false).put("mapname", "m"))
        .getMapName()).isEqualTo(GlobalDataOptions.DEFAULT_MAP_NAME);
  }

  @Test
  void aWrongJsonTypeNamesTheKeyInsteadOfAClassCastException() {
    assertThatThrownBy(() -> new GlobalDataOptions(new JsonObject().put("maxValueSize", "1MB")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("maxValueSize must be a number, got \"1MB\"");
    assertThatThrownBy(() -> new GlobalDataOptions(new JsonObject().put("members", "a:1")))
        .hasMessage("members must be an array of strings, got \"a:1\"");
  }

  @Test
  void metricsOptionsAreReadWrittenAndChecked() {
    assertThat(new GlobalDataOptions().getMetrics().toJson()).isEqualTo(new MetricsOptions().toJson());
    JsonObject metrics = new JsonObject().put("enabled", false).put("publicPort", false)
        .put("port", 9100).put("host", "0.0.0.0");
    GlobalDataOptions read = new GlobalDataOptions(new GlobalDataOptions().toJson().put("metrics", metrics));
    assertThat(read.getMetrics().isEnabled()).isFalse();
    assertThat(read.getMetrics().getPort()).isEqualTo(9100);
    assertThat(read.toJson().getJsonObject("metrics")).isEqualTo(metrics);
    assertThat(new GlobalDataOptions(read.toJson()).toJson()).isEqualTo(read.toJson());
    GlobalDataOptions copy = new GlobalDataOptions(read);
    read.getMetrics().setPort(1);
    assertThat(copy.getMetrics().toJson()).isEqualTo(metrics);
    assertThatThrownBy(() -> new GlobalDataOptions(new JsonObject().put("metrics",
        new JsonObject().put("prot", 1)))).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("prot");
    assertThatThrownBy(() -> new GlobalDataOptions(new JsonObject().put("metrics",
        new JsonObject().put("port", "x")))).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("metrics.port");
    assertThatThrownBy(() -> new GlobalDataOptions(new JsonObject().put("metrics", 9100)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("metrics");
  }
}
