package dev.switchboard.bench.soak;

import dev.switchboard.bench.common.CommandLines;
import dev.switchboard.bench.gateway.GroupSendNode;
import dev.switchboard.channel.server.ChannelServerVerticle;
import dev.switchboard.gateway.Gateway;
import dev.switchboard.gateway.GatewayOptions;
import dev.switchboard.gateway.GatewayVerticle;
import dev.switchboard.globaldata.GlobalDataVerticle;
import dev.switchboard.testkit.ClusterNode;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * One node of the soak ({@link SoakBench}), run as a child JVM: a clustered Vert.x node
 * ({@link GroupSendNode#startNode}: Hazelcast on 127.0.0.1, TCP-IP join) with a
 * {@link GatewayVerticle} per core on a WebSocket port whose handler is {@link SoakHandler}, a
 * {@link ChannelServerVerticle} on a channel port and a {@link GlobalDataVerticle} (the map the
 * soak's GlobalData client increments is held by the members).
 *
 * <p>Command line: {@code --cluster NAME --ws-port P --channel-port P [--members host:port,...]
 * [--max-send-buffer BYTES]}. The ports are fixed by the soak so that a restarted node listens
 * where its clients reconnect. Prints one line {@code READY member=<host:port> pid=<pid>} once it
 * has joined the cluster and listens, then runs until SIGTERM (Vert.x closed: a graceful leave).
 */
public final class SoakNode {

  private static final Logger LOG = LoggerFactory.getLogger(SoakNode.class);

  private static final long START_BOUND_MS = 60_000;

  private SoakNode() {
  }

  /** The command line; see the class comment. */
  @Command(name = "SoakNode", synopsisHeading = "usage: ",
      customSynopsis = "SoakNode --cluster NAME --ws-port P --channel-port P "
          + "[--members host:port,...] [--max-send-buffer BYTES]")
  static final class Options {

    @Option(names = {"--help", "-h"}, usageHelp = true, description = "this list")
    private boolean help;
    @Option(names = "--cluster", required = true, description = "the Hazelcast cluster name")
    private String cluster;
    @Option(names = "--ws-port", required = true, description = "the WebSocket port")
    private int wsPort;
    @Option(names = "--channel-port", required = true, description = "the channel server port")
    private int channelPort;
    @Option(names = "--members", description = "host:port of members already running")
    private String members;
    @Option(names = "--max-send-buffer",
        description = "the gateway's send buffer bound per connection, bytes")
    private int maxSendBuffer = SoakOptions.DEFAULT_MAX_SEND_BUFFER;
  }

  /**
   * @param args see the class comment
   * @throws Exception when the node cannot start
   */
  public static void main(String[] args) throws Exception {
    Options options = new Options();
    CommandLines.parseOrExit(options, args);
    List<String> members = options.members == null || options.members.isBlank() ? List.of()
        : Arrays.asList(options.members.split(","));
    int loops = Runtime.getRuntime().availableProcessors();
    ClusterNode node = GroupSendNode.startNode(options.cluster, members, loops);
    Vertx vertx = node.vertx();
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      try {
        vertx.close().await(20, TimeUnit.SECONDS);
      } catch (TimeoutException e) {
        LOG.warn("Vert.x did not close within 20 s");
      }
    }, "soak-node-stop"));
    vertx.deployVerticle(new GlobalDataVerticle()).await(START_BOUND_MS, TimeUnit.MILLISECONDS);
    vertx.deployVerticle(new ChannelServerVerticle(), new DeploymentOptions().setConfig(
            new JsonObject().put("host", "127.0.0.1").put("port", options.channelPort)))
        .await(START_BOUND_MS, TimeUnit.MILLISECONDS);
    Gateway gateway = Gateway.create(vertx).await(START_BOUND_MS, TimeUnit.MILLISECONDS);
    GatewayOptions gatewayOptions = new GatewayOptions().setHost("127.0.0.1")
        .setPort(options.wsPort).setMaxSendBufferSize(options.maxSendBuffer);
    vertx.deployVerticle(() -> new GatewayVerticle(gatewayOptions, new SoakHandler(gateway)),
            new DeploymentOptions().setInstances(loops))
        .await(START_BOUND_MS, TimeUnit.MILLISECONDS);
    System.out.println("READY member=" + node.memberAddress() + " pid="
        + ProcessHandle.current().pid());
    System.out.flush();
  }
}
