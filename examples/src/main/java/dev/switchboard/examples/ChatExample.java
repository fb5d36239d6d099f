package dev.switchboard.examples;

import dev.switchboard.core.ConfigKeys;
import dev.switchboard.gateway.BusinessOptions;
import dev.switchboard.gateway.BusinessVerticle;
import dev.switchboard.gateway.GatewayOptions;
import dev.switchboard.gateway.GatewayVerticle;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The chat example on one node (Workerman's "group send" example, across nodes): a gateway that
 * serves the chat page ({@code webroot/chat}) and its WebSocket on one port and forwards every
 * client event to business {@value ChatBusiness#BUSINESS}, and business verticles running
 * {@link ChatBusiness}. Start it on several nodes: users on any node talk in the same rooms.
 *
 * <pre>bin/vertx run dev.switchboard.examples.ChatExample -cluster
 * bin/vertx run dev.switchboard.examples.ChatExample -cluster -conf '{"port":8283,"node":"node2"}'</pre>
 *
 * <p>Config: {@code port} (default 8282), {@code host} (default 127.0.0.1), {@code node} (a label shown to users, default the
 * host's name), {@code businessInstances} (default 2; 0 runs only the gateway).
 */
public class ChatExample extends VerticleBase {

  /** Default HTTP and WebSocket port: {@value}. */
  public static final int DEFAULT_PORT = GatewayOptions.DEFAULT_PORT;

  /** Default number of business verticle instances on the node: {@value}. */
  public static final int DEFAULT_BUSINESS_INSTANCES = 2;

  private static final Logger LOG = LoggerFactory.getLogger(ChatExample.class);

  /** The config keys, with their types: another one refuses the start. */
  private static final ConfigKeys KEYS = ConfigKeys.of("chat example")
      .strings("node", "host").ints("port", "businessInstances");

  private GatewayVerticle gateway;

  @Override
  public Future<?> start() {
    return KEYS.checked(config()).compose(this::start);
  }

  private Future<?> start(JsonObject config) {
    String label = config.getString("node", "node");
    int instances = config.getInteger("businessInstances", DEFAULT_BUSINESS_INSTANCES);
    String host = config.getString("host", GatewayOptions.DEFAULT_HOST);
    gateway = new GatewayVerticle(new GatewayOptions()
        .setHost(host)
        .setPort(config.getInteger("port", DEFAULT_PORT))
        .setWebRoot("webroot/chat")
        .setBusiness(ChatBusiness.BUSINESS), null);
    Future<?> business = instances == 0 ? Future.succeededFuture()
        : vertx.deployVerticle(() -> new BusinessVerticle(new BusinessOptions()
            .setBusiness(ChatBusiness.BUSINESS), new ChatBusiness()),
            new DeploymentOptions().setInstances(instances));
    return business.compose(v -> vertx.deployVerticle(gateway))
        .compose(v -> gateway.gateway().status())
        .compose(status -> vertx.sharedData().<String, String>getAsyncMap(ChatBusiness.NODE_LABELS)
            .compose(map -> map.put(status.getJsonObject("node").getJsonObject("routing")
                .getString("node"), label))
            .recover(e -> {
              LOG.warn("Chat {}: its label not stored ({}); clients see the node id", label,
                  e.toString());
              return Future.succeededFuture();
            }))
        .onSuccess(v -> LOG.info("Chat {}: http://{}:{}/", label, host,
            gateway.actualPort()));
  }

  /**
   * @return the port of the chat page and its WebSocket, once started
   */
  public int port() {
    return gateway.actualPort();
  }
}
