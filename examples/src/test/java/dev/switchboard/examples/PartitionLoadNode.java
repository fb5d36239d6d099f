package dev.switchboard.examples;

import dev.switchboard.channel.server.ChannelServerVerticle;
import dev.switchboard.gateway.Connection;
import dev.switchboard.gateway.Gateway;
import dev.switchboard.gateway.GatewayHandler;
import dev.switchboard.gateway.GatewayOptions;
import dev.switchboard.gateway.GatewayVerticle;
import dev.switchboard.globaldata.GlobalData;
import dev.switchboard.globaldata.GlobalDataException;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One host's node of {@link PartitionUnderLoadIT}, deployed by name in the host's node JVM: a
 * channel server and a gateway on the host's address (each WebSocket client joins the group
 * {@value #GROUP} and is told its id), and a GlobalData load: once the file {@code startFile}
 * exists, an {@code incrementOrCreate} of {@value #COUNTER} every {@code interval} ms (at most
 * {@value #MAX_IN_FLIGHT} at a time), until the file {@code stopFile} exists. It writes what it
 * saw to {@code reportFile} (JSON, replaced whole) every tick: increments acknowledged, failures
 * by reason, the time of the last acknowledgement and of the first {@code NO_QUORUM}, and
 * {@code final: true} once stopped with nothing in flight. Files, not the network, because the
 * test must hear from a host it has cut off.
 */
public class PartitionLoadNode extends VerticleBase {

  private static final Logger LOG = LoggerFactory.getLogger(PartitionLoadNode.class);

  /** The group every WebSocket client joins. */
  static final String GROUP = "everyone";

  /** The GlobalData key incremented. */
  static final String COUNTER = "partition.counter";

  /** The channel server's and the gateway's ports on the host's address. */
  static final int CHANNEL_PORT = 2206;
  static final int GATEWAY_PORT = 8282;

  private static final int MAX_IN_FLIGHT = 4;

  private Path startFile;
  private Path stopFile;
  private Path reportFile;
  private GlobalData data;
  private boolean started;
  private boolean stopped;
  private int inFlight;
  private long acked;
  private long lastAckAt;
  private long firstNoQuorumAt;
  private final Map<String, Long> failures = new TreeMap<>();

  @Override
  public Future<?> start() {
    JsonObject config = config();
    String host = config.getString("host");
    startFile = Path.of(config.getString("startFile"));
    stopFile = Path.of(config.getString("stopFile"));
    reportFile = Path.of(config.getString("reportFile"));
    long interval = config.getLong("interval", 50L);
    JsonObject channels = new JsonObject().put("host", host).put("port", CHANNEL_PORT)
        .put("token", config.getString("token"))
        .put("gatewayToken", config.getString("gatewayToken"));
    data = GlobalData.member(vertx);
    return vertx.deployVerticle(ChannelServerVerticle.class.getName(),
            new DeploymentOptions().setConfig(channels))
        .compose(id -> Gateway.create(vertx))
        .compose(gateway -> vertx.deployVerticle(new GatewayVerticle(new GatewayOptions()
            .setHost(host).setPort(GATEWAY_PORT).setAllowedOrigins(List.of("*")),
            new Grouping(gateway))))
        .onSuccess(id -> vertx.setPeriodic(interval, t -> tick()));
  }

  private void tick() {
    if (!started) {
      started = Files.exists(startFile);
    }
    if (started && !stopped) {
      stopped = Files.exists(stopFile);
    }
    if (started && !stopped && inFlight < MAX_IN_FLIGHT) {
      inFlight++;
      data.incrementOrCreate(COUNTER, 1).onComplete(ar -> {
        inFlight--;
        if (ar.succeeded()) {
          acked++;
          lastAckAt = System.currentTimeMillis();
        } else {
          String reason = ar.cause() instanceof GlobalDataException e ? e.reason().name()
              : ar.cause().getClass().getSimpleName();
          failures.merge(reason, 1L, Long::sum);
          if (firstNoQuorumAt == 0 && "NO_QUORUM".equals(reason)) {
            firstNoQuorumAt = System.currentTimeMillis();
          }
        }
      });
    }
    report();
  }

  private void report() {
    JsonObject report = new JsonObject().put("acked", acked).put("inFlight", inFlight)
        .put("failures", new JsonObject(new TreeMap<>(failures))).put("lastAckAt", lastAckAt)
        .put("firstNoQuorumAt", firstNoQuorumAt).put("final", stopped && inFlight == 0);
    try {
      Path next = reportFile.resolveSibling(reportFile.getFileName() + ".next");
      Files.writeString(next, report.encode());
      Files.move(next, reportFile, StandardCopyOption.REPLACE_EXISTING,
          StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      LOG.error("Cannot write the report {}", reportFile, e);
    }
  }

  /** Each client joins {@value #GROUP} and is told its id once it has. */
  private record Grouping(Gateway gateway) implements GatewayHandler {
    @Override
    public void onConnect(Connection connection) {
      gateway.joinGroup(connection.id(), GROUP).onComplete(ar -> connection.send(new JsonObject()
          .put("type", "welcome").put("client", connection.id())
          .put("joined", ar.succeeded() && ar.result()).encode()));
    }
  }
}
