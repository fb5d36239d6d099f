package dev.switchboard.channel;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ChannelClientOptionsTest {

  @Test
  void defaults() {
    ChannelClientOptions options = new ChannelClientOptions();
    assertThat(options.getServers()).containsExactly(ChannelClientOptions.DEFAULT_SERVER);
    assertThat(options.getToken()).isNull();
    assertThat(options.isSsl()).isFalse();
    assertThat(options.isVerifyHost()).isTrue();
    assertThat(options.getOutboxSize()).isEqualTo(1024 * 1024);
    assertThat(options.getPingInterval()).isEqualTo(25_000);
    assertThat(options.getReconnectMaxDelay()).isEqualTo(10_000);
    assertThat(options.getMaxPackageSize()).isEqualTo(10 * 1024 * 1024);
    assertThat(options.getMaxChannels()).isEqualTo(1_000);
    assertThat(options.getMaxChannelNameLength()).isEqualTo(256);
  }

  @Test
  void jsonRoundTripAndCopy() {
    ChannelClientOptions options = new ChannelClientOptions()
        .setServers(List.of("10.0.0.1:2206", "10.0.0.2:2207")).setToken("t").setSsl(true)
        .setTrustAll(true).setPemTrustPath("/ca.pem").setVerifyHost(false).setConnectTimeout(1)
        .setReconnectInitialDelay(2).setReconnectMaxDelay(3).setPingInterval(0)
        .setPongTimeout(5).setRequestTimeout(6).setOutboxSize(7).setMaxPackageSize(8)
        .setMaxChannels(9).setMaxChannelNameLength(10);
    JsonObject json = options.toJson();
    assertThat(new ChannelClientOptions(json).toJson()).isEqualTo(json);
    assertThat(new ChannelClientOptions(options).toJson()).isEqualTo(json);
    assertThat(json.getJsonArray("servers")).isEqualTo(new JsonArray().add("10.0.0.1:2206")
        .add("10.0.0.2:2207"));
    assertThat(options.serverAddresses().get(1).port()).isEqualTo(2207);
  }

  @Test
  void theTokenSupplierIsCopiedButNotJson() {
    java.util.function.Supplier<String> supplier = () -> "fresh";
    ChannelClientOptions options = new ChannelClientOptions().setTokenSupplier(supplier);
    assertThat(new ChannelClientOptions(options).getTokenSupplier()).isSameAs(supplier);
    assertThat(options.toJson().fieldNames()).doesNotContain("tokenSupplier");
    assertThat(new ChannelClientOptions(options.toJson()).getTokenSupplier()).isNull();
    assertThat(new ChannelClientOptions().getTokenSupplier()).isNull();
  }

  @Test
  void invalidValuesAreRefusedWithTheFieldName() {
    ChannelClientOptions options = new ChannelClientOptions();
    assertThatThrownBy(() -> options.setServers(List.of())).hasMessageContaining("servers");
    assertThatThrownBy(() -> options.setServer("no-port")).hasMessageContaining("host:port");
    assertThatThrownBy(() -> options.setServer("h:70000")).hasMessageContaining("1-65535");
    assertThatThrownBy(() -> options.setConnectTimeout(0)).hasMessageContaining("connectTimeout");
    assertThatThrownBy(() -> options.setPingInterval(-1)).hasMessageContaining("pingInterval");
    assertThatThrownBy(() -> options.setOutboxSize(-1)).hasMessageContaining("outboxSize");
    assertThatThrownBy(() -> options.setMaxPackageSize(4)).hasMessageContaining("maxPackageSize");
    assertThatThrownBy(() -> options.setMaxChannels(0)).hasMessageContaining("maxChannels");
    assertThatThrownBy(() -> options.setMaxChannelNameLength(65536))
        .hasMessageContaining("maxChannelNameLength");
    assertThatThrownBy(() -> new ChannelClientOptions(new JsonObject().put("servers",
        new JsonArray().add("bad")))).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void anUnknownKeyIsRefusedNamingTheNearestKnownOne() {
    assertThatThrownBy(() -> new ChannelClientOptions(new JsonObject().put("server", "h:1")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("unknown option \"server\" (did you mean \"servers\"?)");
    assertThatThrownBy(() -> new ChannelNodeOptions(new JsonObject().put("maxSubscription", 1)))
        .hasMessageStartingWith(
            "unknown option \"maxSubscription\" (did you mean \"maxSubscriptions\"?)");
  }

  @Test
  void aWrongJsonTypeNamesTheKey() {
    assertThatThrownBy(() -> new ChannelClientOptions(new JsonObject().put("pingInterval", "5s")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("pingInterval must be a number, got \"5s\"");
    assertThatThrownBy(() -> new ChannelNodeOptions(new JsonObject().put("syncInterval", true)))
        .hasMessage("syncInterval must be a number, got true");
  }
}
