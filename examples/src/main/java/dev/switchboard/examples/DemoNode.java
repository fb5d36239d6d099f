package dev.switchboard.examples;

import dev.switchboard.channel.server.ChannelServerVerticle;
import dev.switchboard.core.ConfigKeys;
import dev.switchboard.globaldata.GlobalDataVerticle;
import dev.switchboard.globaldata.WorkermanOptions;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One node of {@code bin/demo}, on a clustered Vert.x instance: a channel server, a GlobalData
 * data node (optionally with its listener for PHP's {@code GlobalData\Client}), the chat example (a gateway serving the chat page, and business verticles) and the
 * cluster push endpoint.
 *
 * <p>Config: {@code node} (a label), {@code channelPort} (default 2206), {@code chatPort}
 * (default 8282), {@code pushPort} (default 8383), {@code pushToken} (required: the push
 * endpoint's token, see {@link ClusterPushExample}), {@code gatewayToken} (the channel server's,
 * for a business service outside the cluster; default none: no remote client may call the gateway
 * API), {@code globalDataWorkermanPort} (the GlobalData node's listener for Workerman's
 * GlobalData protocol, for PHP clients on this host; default -1: none).
 */
public class DemoNode extends VerticleBase {

  /** Line logged once every verticle of the node is deployed. */
  public static final String READY = "Demo node ready";

  private static final Logger LOG = LoggerFactory.getLogger(DemoNode.class);

  /** The config keys, with their types: another one refuses the start. */
  private static final ConfigKeys KEYS = ConfigKeys.of("demo node")
      .strings("node", "pushToken", "gatewayToken").ints("channelPort", "chatPort", "pushPort", "globalDataWorkermanPort");

  @Override
  public Future<?> start() {
    return KEYS.checked(config()).compose(this::start);
  }

  private Future<?> start(JsonObject config) {
    String node = config.getString("node", "node");
    int channelPort = config.getInteger("channelPort", 2206);
    int chatPort = config.getInteger("chatPort", ChatExample.DEFAULT_PORT);
    int pushPort = config.getInteger("pushPort", ClusterPushExample.DEFAULT_HTTP_PORT);
    JsonObject channelServer = new JsonObject().put("port", channelPort);
    if (config.getString("gatewayToken") != null) {
      // the business service outside the cluster (PushService) calls the gateway API with it
      channelServer.put("gatewayToken", config.getString("gatewayToken"));
    }
    return deploy(ChannelServerVerticle.class.getName(), channelServer)
        .compose(id -> deploy(GlobalDataVerticle.class.getName(), new JsonObject()
            .put("workermanPort", config.getInteger("globalDataWorkermanPort",
                WorkermanOptions.OFF))))
        .compose(id -> deploy(ChatExample.class.getName(), new JsonObject().put("node", node)
            .put("port", chatPort)))
        .compose(id -> deploy(ClusterPushExample.class.getName(), new JsonObject()
            .put("wsPort", -1).put("httpPort", pushPort)
            .put("pushToken", config.getString("pushToken"))))
        .onSuccess(id -> LOG.info("{}: {} chat http://127.0.0.1:{}/ push "
            + "http://127.0.0.1:{}/push channel 127.0.0.1:{}", READY, node, chatPort, pushPort,
            channelPort));
  }

  private Future<String> deploy(String verticle, JsonObject config) {
    return vertx.deployVerticle(verticle, new DeploymentOptions().setConfig(config));
  }
}
