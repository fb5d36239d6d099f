package dev.switchboard.channel.server;

import dev.switchboard.core.MetricsOptions;
import dev.switchboard.channel.ChannelNodeOptions;
import dev.switchboard.channel.PeerOverflowPolicy;
import dev.switchboard.core.JwtOptions;
import dev.switchboard.core.OverflowPolicy;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ChannelServerOptionsTest {

  @Test
  void defaults() {
    ChannelServerOptions options = new ChannelServerOptions(new JsonObject());
    assertThat(options.getHost()).isEqualTo("127.0.0.1");
    assertThat(options.getPort()).isEqualTo(2206);
    assertThat(options.getToken()).isNull();
    assertThat(options.getGatewayToken()).isNull();
    assertThat(options.isInsecure()).isFalse();
    assertThat(options.getAuthFailureLimit()).isEqualTo(5);
    assertThat(options.getAuthBanTime()).isEqualTo(1_000);
    assertThat(options.getAuthTimeout()).isEqualTo(10_000);
    assertThat(options.getMaxPackageSize()).isEqualTo(10 * 1024 * 1024);
    assertThat(options.getMaxSendBufferSize()).isEqualTo(1024 * 1024);
    assertThat(options.getOverflowPolicy()).isEqualTo(OverflowPolicy.DROP);
    assertThat(options.getMaxChannels()).isEqualTo(1_000);
    assertThat(options.getMaxChannelNameLength()).isEqualTo(256);
    assertThat(options.getHeartbeatTimeout()).isEqualTo(120_000);
    assertThat(options.getNodeOptions().getSyncInterval()).isEqualTo(5_000);
    assertThat(options.getNodeOptions().getMaxPeerBufferSize()).isEqualTo(4 * 1024 * 1024);
    assertThat(options.getNodeOptions().getPeerOverflowPolicy()).isEqualTo(PeerOverflowPolicy.DROP);
    assertThat(options.getMaxConnections()).isEqualTo(10_000);
    assertThat(options.getMaxConnectionsPerAddress()).isZero();
  }

  @Test
  void jsonRoundTripAndCopy() {
    ChannelServerOptions options = new ChannelServerOptions().setHost("0.0.0.0").setPort(0)
        .setToken("sixteen-char-tok").setGatewayToken("gateway-role-token").setInsecure(true)
        .setAuthFailureLimit(2).setAuthBanTime(3).setAuthTimeout(1).setSsl(true).setPemKeyPath("k.pem")
        .setPemCertPath("c.pem").setMaxPackageSize(100).setMaxChannels(2)
        .setMaxChannelNameLength(3).setMaxSendBufferSize(4)
        .setOverflowPolicy(OverflowPolicy.CLOSE).setHeartbeatTimeout(0)
        .setNodeOptions(new ChannelNodeOptions().setSyncInterval(250).setMaxPeerBufferSize(1_000)
            .setPeerOverflowPolicy(PeerOverflowPolicy.DISCONNECT_PEER))
        .setMaxConnections(5).setMaxConnectionsPerAddress(2);
    JsonObject json = options.toJson();
    assertThat(json.getInteger("maxConnections")).isEqualTo(5);
    assertThat(json.getInteger("maxConnectionsPerAddress")).isEqualTo(2);
    assertThat(new ChannelServerOptions(json).toJson()).isEqualTo(json);
    assertThat(new ChannelServerOptions(options).toJson()).isEqualTo(json);
    assertThat(json.getString("overflowPolicy")).isEqualTo("CLOSE");
    assertThat(json.getJsonObject("node").getLong("syncInterval")).isEqualTo(250);
    assertThat(json.getJsonObject("node").getInteger("maxPeerBufferSize")).isEqualTo(1_000);
    assertThat(json.getJsonObject("node").getString("peerOverflowPolicy"))
        .isEqualTo("DISCONNECT_PEER");
  }

  @Test
  void invalidValuesAreRefusedWithTheFieldName() {
    ChannelServerOptions options = new ChannelServerOptions();
    assertThatThrownBy(() -> options.setPort(70_000)).hasMessageContaining("port");
    assertThatThrownBy(() -> options.setHost(" ")).hasMessageContaining("host");
    assertThatThrownBy(() -> options.setToken("")).hasMessageContaining("token");
    assertThatThrownBy(() -> options.setAuthFailureLimit(0))
        .hasMessageContaining("authFailureLimit");
    assertThatThrownBy(() -> options.setAuthBanTime(0)).hasMessageContaining("authBanTime");
    assertThatThrownBy(() -> options.setAuthTimeout(0)).hasMessageContaining("authTimeout");
    assertThatThrownBy(() -> options.setMaxPackageSize(4)).hasMessageContaining("maxPackageSize");
    assertThatThrownBy(() -> options.setMaxChannels(0)).hasMessageContaining("maxChannels");
    assertThatThrownBy(() -> options.setMaxChannelNameLength(0))
        .hasMessageContaining("maxChannelNameLength");
    assertThatThrownBy(() -> options.setMaxSendBufferSize(0))
        .hasMessageContaining("maxSendBufferSize");
    assertThatThrownBy(() -> options.setHeartbeatTimeout(-1))
        .hasMessageContaining("heartbeatTimeout");
    assertThatThrownBy(() -> options.setMaxConnections(0)).hasMessageContaining("maxConnections");
    assertThatThrownBy(() -> options.setMaxConnectionsPerAddress(-1))
        .hasMessageContaining("maxConnectionsPerAddress");
    assertThatThrownBy(() -> options.setOverflowPolicy(null)).hasMessageContaining("overflowPolicy");
    assertThatThrownBy(() -> options.setNodeOptions(null)).hasMessageContaining("nodeOptions");
    assertThatThrownBy(() -> new ChannelServerOptions(new JsonObject()
        .put("node", new JsonObject().put("syncInterval", 99)))).hasMessageContaining("syncInterval");
    ChannelNodeOptions node = new ChannelNodeOptions();
    assertThatThrownBy(() -> node.setMaxPeerBufferSize(0))
        .hasMessageContaining("maxPeerBufferSize");
    assertThatThrownBy(() -> node.setPeerOverflowPolicy(null))
        .hasMessageContaining("peerOverflowPolicy");
    assertThatThrownBy(() -> new ChannelNodeOptions(new JsonObject()
        .put("peerOverflowPolicy", "CLOSE"))).hasMessageContaining("peerOverflowPolicy");
  }

  @Test
  void jwtOptionsAreReadCopiedAndValidated() {
    JsonObject jwt = new JwtOptions().setSecret("0123456789abcdef0123456789abcdef")
        .setIssuers(java.util.List.of("auth")).setChannelsClaim("perms").toJson();
    ChannelServerOptions options = new ChannelServerOptions(new JsonObject().put("jwt", jwt));
    assertThat(options.getJwt().getChannelsClaim()).isEqualTo("perms");
    assertThat(options.toJson().getJsonObject("jwt")).isEqualTo(jwt);
    assertThat(new ChannelServerOptions(options).toJson()).isEqualTo(options.toJson());
    assertThat(new ChannelServerOptions().getJwt()).isNull();
    assertThat(new ChannelServerOptions().toJson().containsKey("jwt")).isFalse();
    assertThatThrownBy(() -> new ChannelServerOptions(new JsonObject().put("jwt",
        new JsonObject()))).hasMessageContaining("jwt needs at least one key");
    assertThatThrownBy(() -> new ChannelServerOptions().setJwt(new JwtOptions()))
        .hasMessageContaining("jwt needs at least one key");
    // jwt is an authentication: a server with it may listen beyond loopback
    new ChannelServerOptions(options).setHost("0.0.0.0").checkListen(false);
  }

  @Test
  void phpClientsFromDefaultsToLoopbackAndIsReadCopiedAndValidated() {
    assertThat(new ChannelServerOptions().getPhpClientsFrom())
        .containsExactly("127.0.0.0/8", "::1/128");
    ChannelServerOptions read = new ChannelServerOptions(new JsonObject().put("phpClientsFrom",
        new io.vertx.core.json.JsonArray().add("10.0.0.0/8").add("192.168.1.5")));
    assertThat(read.getPhpClientsFrom()).containsExactly("10.0.0.0/8", "192.168.1.5");
    assertThat(new ChannelServerOptions(read).getPhpClientsFrom())
        .containsExactly("10.0.0.0/8", "192.168.1.5");
    assertThat(new ChannelServerOptions(new JsonObject().put("phpClientsFrom",
        new io.vertx.core.json.JsonArray())).getPhpClientsFrom()).isEmpty();
    assertThatThrownBy(() -> new ChannelServerOptions().setPhpClientsFrom(
        java.util.List.of("10.0.0.0/33"))).hasMessageContaining("10.0.0.0/33");
    assertThatThrownBy(() -> new ChannelServerOptions().setPhpClientsFrom(
        java.util.List.of("php.example.com"))).hasMessageContaining("php.example.com");
    assertThatThrownBy(() -> new ChannelServerOptions(new JsonObject().put("phpClientsFrom",
        "127.0.0.1"))).hasMessageContaining("phpClientsFrom");
  }

  @Test
  void aTokenShorterThanSixteenCharactersIsRefused() {
    assertThatThrownBy(() -> new ChannelServerOptions(new JsonObject().put("token", "s3cret")))
        .hasMessage("token must have at least 16 characters (null for none)");
    assertThatThrownBy(() -> new ChannelServerOptions().setGatewayToken("123456789012345"))
        .hasMessageContaining("gatewayToken must have at least 16 characters");
    assertThat(new ChannelServerOptions().setToken("1234567890123456").getToken()).hasSize(16);
  }

  @Test
  void listeningBeyondLoopbackNeedsATokenOrInsecure() {
    ChannelServerOptions open = new ChannelServerOptions().setHost("0.0.0.0");
    open.checkListen(true);
    assertThatThrownBy(() -> open.checkListen(false))
        .hasMessageContaining("refusing to listen on 0.0.0.0 without a token")
        .hasMessageContaining("\"insecure\": true");
    new ChannelServerOptions(open).setInsecure(true).checkListen(false);
    new ChannelServerOptions(open).setToken("a-token-of-16-chars").checkListen(false);
    assertThatThrownBy(() -> new ChannelServerOptions().setToken("the-same-token-twice")
        .setGatewayToken("the-same-token-twice").checkListen(true))
        .hasMessageContaining("gatewayToken must differ from token");
  }

  @Test
  void anUnknownKeyIsRefusedNamingTheNearestKnownOne() {
    assertThatThrownBy(() -> new ChannelServerOptions(new JsonObject().put("tokn", "t")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("unknown option \"tokn\" (did you mean \"token\"?)");
    assertThatThrownBy(() -> new ChannelServerOptions(new JsonObject().put("node",
        new JsonObject().put("syncIntervall", 5))))
        .hasMessageStartingWith(
            "in \"node\": unknown option \"syncIntervall\" (did you mean \"syncInterval\"?)");
    assertThat(new ChannelServerOptions(new JsonObject().put("strict", false)
        .put("node", new JsonObject().put("syncIntervall", 5))).getNodeOptions().getSyncInterval())
        .isEqualTo(ChannelNodeOptions.DEFAULT_SYNC_INTERVAL);
  }

  @Test
  void aWrongJsonTypeNamesTheKeyInsteadOfAClassCastException() {
    assertThatThrownBy(() -> new ChannelServerOptions(new JsonObject().put("port", "abc")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("port must be a number, got \"abc\"");
    assertThatThrownBy(() -> new ChannelServerOptions(new JsonObject().put("node", 5)))
        .hasMessage("node must be an object, got 5");
    assertThatThrownBy(() -> new ChannelServerOptions(new JsonObject().put("node",
        new JsonObject().put("maxSubscriptions", "many"))))
        .hasMessage("in \"node\": maxSubscriptions must be a number, got \"many\"");
  }

  @Test
  void metricsOptionsAreReadWrittenAndChecked() {
    assertThat(new ChannelServerOptions().getMetrics().toJson()).isEqualTo(new MetricsOptions().toJson());
    JsonObject metrics = new JsonObject().put("enabled", false).put("publicPort", false)
        .put("port", 9100).put("host", "0.0.0.0");
    ChannelServerOptions read = new ChannelServerOptions(new ChannelServerOptions().toJson().put("metrics", metrics));
    assertThat(read.getMetrics().isEnabled()).isFalse();
    assertThat(read.getMetrics().getPort()).isEqualTo(9100);
    assertThat(read.toJson().getJsonObject("metrics")).isEqualTo(metrics);
    assertThat(new ChannelServerOptions(read.toJson()).toJson()).isEqualTo(read.toJson());
    ChannelServerOptions copy = new ChannelServerOptions(read);
    read.getMetrics().setPort(1);
    assertThat(copy.getMetrics().toJson()).isEqualTo(metrics);
    assertThatThrownBy(() -> new ChannelServerOptions(new JsonObject().put("metrics",
        new JsonObject().put("prot", 1)))).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("prot");
    assertThatThrownBy(() -> new ChannelServerOptions(new JsonObject().put("metrics",
        new JsonObject().put("port", "x")))).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("metrics.port");
    assertThatThrownBy(() -> new ChannelServerOptions(new JsonObject().put("metrics", 9100)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("metrics");
  }
}
