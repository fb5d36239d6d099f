package dev.switchboard.globaldata;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class WorkermanOptionsTest {

  @Test
  void defaultsAreOffOnLoopbackForLoopbackClients() {
    WorkermanOptions options = new WorkermanOptions();
    assertThat(options.getWorkermanPort()).isEqualTo(WorkermanOptions.OFF).isEqualTo(-1);
    assertThat(options.getWorkermanHost()).isEqualTo("127.0.0.1");
    assertThat(options.getPhpClientsFrom()).containsExactly("127.0.0.0/8", "::1/128");
    assertThat(options.getWorkermanMaxFrameSize())
        .isEqualTo(WorkermanOptions.DEFAULT_WORKERMAN_MAX_FRAME_SIZE);
    assertThat(options.getWorkermanMaxConnections())
        .isEqualTo(WorkermanOptions.DEFAULT_WORKERMAN_MAX_CONNECTIONS);
    assertThat(options.getWorkermanIdleTimeout())
        .isEqualTo(WorkermanOptions.DEFAULT_WORKERMAN_IDLE_TIMEOUT);
    assertThat(new WorkermanOptions(new JsonObject()).toJson()).isEqualTo(options.toJson());
  }

  @Test
  void jsonRoundTripAndCopyKeepEveryField() {
    JsonObject json = new JsonObject().put("workermanPort", 2207).put("workermanHost", "10.0.0.5")
        .put("phpClientsFrom", new JsonArray().add("10.0.0.0/8").add("192.168.1.7"))
        .put("workermanMaxFrameSize", 65536).put("workermanMaxConnections", 7)
        .put("workermanIdleTimeout", 5000L);
    WorkermanOptions options = new WorkermanOptions(json);
    assertThat(options.toJson()).isEqualTo(json);
    assertThat(new WorkermanOptions(options).toJson()).isEqualTo(json);
  }

  @Test
  void theVerticleConfigHoldsBothOptionsSideBySide() {
    JsonObject config = new JsonObject().put("mapName", "m").put("workermanPort", 0)
        .put("phpClientsFrom", new JsonArray().add("::1"));
    assertThat(new GlobalDataOptions(config).getMapName()).isEqualTo("m");
    assertThat(new WorkermanOptions(config).getPhpClientsFrom()).containsExactly("::1");
    assertThatThrownBy(() -> new GlobalDataOptions(new JsonObject().put("workermanPrt", 1)))
        .hasMessageStartingWith(
            "unknown option \"workermanPrt\" (did you mean \"workermanPort\"?)");
    assertThatThrownBy(() -> new WorkermanOptions(new JsonObject().put("workermanPort", "x")))
        .hasMessageContaining("workermanPort");
  }

  @Test
  void invalidValuesAreRefusedWithTheFieldName() {
    WorkermanOptions options = new WorkermanOptions();
    assertThatThrownBy(() -> options.setWorkermanPort(-2)).hasMessageContaining("workermanPort");
    assertThatThrownBy(() -> options.setWorkermanPort(65_536))
        .hasMessageContaining("workermanPort");
    assertThatThrownBy(() -> options.setWorkermanHost(" ")).hasMessageContaining("workermanHost");
    assertThatThrownBy(() -> options.setPhpClientsFrom(List.of("10.0.0.0/33")))
        .hasMessageContaining("phpClientsFrom").hasMessageContaining("10.0.0.0/33");
    assertThatThrownBy(() -> options.setPhpClientsFrom(List.of("example.com")))
        .hasMessageContaining("phpClientsFrom");
    assertThatThrownBy(() -> options.setWorkermanMaxFrameSize(10))
        .hasMessageContaining("workermanMaxFrameSize");
    assertThatThrownBy(() -> options.setWorkermanMaxConnections(0))
        .hasMessageContaining("workermanMaxConnections");
    assertThatThrownBy(() -> options.setWorkermanIdleTimeout(-1))
        .hasMessageContaining("workermanIdleTimeout");
    assertThat(options.toJson()).as("a refused value changes nothing")
        .isEqualTo(new WorkermanOptions().toJson());
  }
}
