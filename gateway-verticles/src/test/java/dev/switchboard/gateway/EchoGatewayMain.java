package dev.switchboard.gateway;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;

/**
 * A gateway alone in a JVM (no cluster) that echoes every message, for tests that run it under
 * operating-system limits ({@code prlimit}). Prints {@value #READY} and its ports once listening.
 */
public final class EchoGatewayMain {

  /** The start of the line printed once listening, then "port statusPort textPort". */
  public static final String READY = "ECHO-GATEWAY-READY ";

  private EchoGatewayMain() {
  }

  /** Handler of the gateway: echoes. */
  public static final class Echo implements GatewayHandler {
    @Override
    public void onMessage(Connection connection, Buffer message) {
      connection.send(message);
    }
  }

  /**
   * @param args the gateway's options as JSON
   */
  public static void main(String[] args) {
    GatewayOptions options = new GatewayOptions(new JsonObject(args[0]));
    GatewayVerticle verticle = new GatewayVerticle(options, new Echo());
    Vertx.vertx().deployVerticle(verticle).onSuccess(id -> System.out.println(READY
        + verticle.actualPort() + " " + verticle.actualStatusPort() + " "
        + verticle.actualTextPort())).onFailure(e -> {
          e.printStackTrace();
          System.exit(1);
        });
  }
}
