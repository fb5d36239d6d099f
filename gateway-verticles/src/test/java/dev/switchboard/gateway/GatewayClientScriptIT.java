package dev.switchboard.gateway;

import dev.switchboard.testkit.Await;
import dev.switchboard.testkit.Php;
import dev.switchboard.testkit.PhpProcess;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.NetServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The test script {@code gateway_client.php} names a reply out of step with its query (the
 * getClientIdByUid reply GatewayClientPhpIT once read as batchGetClientIdByUid's answer): its
 * command, address and bytes, status 4, rather than a PHP warning further on.
 */
class GatewayClientScriptIT {

  private static final Duration TIMEOUT = Duration.ofSeconds(30);

  private Vertx vertx;

  @BeforeEach
  void start() {
    vertx = Vertx.vertx();
  }

  @AfterEach
  void stop() {
    Await.result(vertx.close());
  }

  @Test
  void aReplyOfTheWrongShapeIsNamedWithItsCommandAndAddress() throws Exception {
    // a gateway that answers any query with a list of connection ids (getClientIdByUid's shape)
    NetServer server = vertx.createNetServer().connectHandler(socket -> socket.handler(bytes ->
        socket.write(Buffer.buffer().appendUnsignedInt(14).appendString("a:1:{i:0;i:7;}"))));
    int port = Await.result(server.listen(0, "127.0.0.1")).actualPort();
    String address = "127.0.0.1:" + port;
    JsonObject config = new JsonObject().put("addresses", new JsonArray().add(address))
        .put("secret", null)
        .put("calls", new JsonArray().add(new JsonArray().add("batchGetClientIdByUid")
            .add(new JsonArray().add("u1").add("nobody"))));
    try (PhpProcess php = Php.start(Php.script("gateway_client.php"), config.encode())) {
      assertThat(php.awaitExit(TIMEOUT)).as("exit status; stderr %s", php.stderr()).isEqualTo(4);
      assertThat(php.stderr()).contains("unexpected reply to command 16 from " + address
          + ": \"a:1:{i:0;i:7;}\"").doesNotContain("Warning");
      assertThat(php.lines()).isEmpty();
    }
  }
}
