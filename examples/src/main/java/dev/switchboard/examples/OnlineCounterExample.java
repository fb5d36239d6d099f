package dev.switchboard.examples;

import dev.switchboard.core.ConfigKeys;
import dev.switchboard.globaldata.GlobalData;
import dev.switchboard.globaldata.GlobalDataOptions;
import io.vertx.core.Future;
import io.vertx.core.Launcher;
import io.vertx.core.VerticleBase;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A cluster-wide online-user counter and a CAS-loop update, run from
 * several nodes: each node brings {@code users} simulated users online
 * ({@code incrementOrCreate}), records the cluster-wide peak with a
 * compare-and-set retry loop, reports both every {@code reportMs}, and
 * takes its users offline again when undeployed.
 *
 * <p>On a clustered node it is a GlobalData member; with the key {@code globalData} (GlobalData's
 * client options: {@code clusterName}, {@code members}, ...) it runs on a node outside the
 * cluster as a GlobalData client (client mode: a Hazelcast client of the members).
 *
 * <pre>bin/vertx run dev.switchboard.examples.OnlineCounterExample -cluster
 * bin/vertx run dev.switchboard.examples.OnlineCounterExample -cluster \
 *     -conf '{"users":7}'
 * bin/vertx run dev.switchboard.examples.OnlineCounterExample \
 *     -conf '{"globalData":{"clusterName":"prod","members":["10.0.0.1:5701"]}}'</pre>
 */
public class OnlineCounterExample extends VerticleBase {

  /** Key of the cluster-wide online-user counter. */
  public static final String ONLINE = "example.online";

  /** Key of the peak record, {"peak": n, "node": "..."}. */
  public static final String PEAK = "example.peak";

  private static final Logger LOG =
      LoggerFactory.getLogger(OnlineCounterExample.class);

  /** The config keys, with their types: another one refuses the start. */
  private static final ConfigKeys KEYS = ConfigKeys.of("online counter example")
      .ints("users").strings("node").longs("reportMs").objects("globalData");

  private GlobalData data;
  private boolean client;
  private int users;
  private String node;

  /**
   * Runs the example on a clustered node, as {@code bin/vertx run} does.
   *
   * @param args extra launcher arguments, e.g. {@code -conf '{"users":3}'}
   */
  public static void main(String[] args) {
    String[] command = new String[args.length + 3];
    command[0] = "run";
    command[1] = OnlineCounterExample.class.getName();
    command[2] = "-cluster";
    System.arraycopy(args, 0, command, 3, args.length);
    Launcher.main(command);
  }

  @Override
  public Future<?> start() {
    return KEYS.checked(config()).compose(this::start);
  }

  private Future<?> start(JsonObject config) {
    users = config.getInteger("users", 5);
    node = config.getString("node", deploymentID());
    long reportMs = config.getLong("reportMs", 2000L);
    JsonObject clientOptions = config.getJsonObject("globalData");
    client = clientOptions != null;
    Future<GlobalData> connected = client
        ? GlobalData.client(vertx, new GlobalDataOptions(clientOptions))
        : Future.succeededFuture(GlobalData.member(vertx));
    return connected.onSuccess(connection -> data = connection)
        .compose(v -> data.incrementOrCreate(ONLINE, users))
        .compose(online -> recordPeak(online.longValue()))
        .onSuccess(v -> vertx.setPeriodic(reportMs, id -> report()))
        .onSuccess(v -> LOG.info("{} brought {} users online", node, users));
  }

  @Override
  public Future<?> stop() {
    if (data == null) { // the start failed before GlobalData was reached
      return Future.succeededFuture();
    }
    return data.increment(ONLINE, -users)
        .onSuccess(online -> LOG.info("{} took {} users offline, {} left",
            node, users, online))
        .onFailure(e -> LOG.error("{} could not take its users offline",
            node, e))
        .eventually(() -> client ? data.close() : Future.succeededFuture());
  }

  /**
   * Raises the peak record to {@code online} unless it is already higher:
   * read, compute, compare-and-set, and start again when another node won.
   */
  private Future<Void> recordPeak(long online) {
    return data.get(PEAK, JsonObject.class).compose(current -> {
      long peak = current == null ? 0 : current.getLong("peak");
      if (peak >= online) {
        return Future.succeededFuture();
      }
      JsonObject next = new JsonObject().put("peak", online).put("node", node);
      return data.cas(PEAK, current, next).compose(stored -> stored
          ? Future.<Void>succeededFuture()
          : recordPeak(online));
    });
  }

  private void report() {
    Future.all(data.get(ONLINE), data.get(PEAK, JsonObject.class))
        .onSuccess(both -> LOG.info("{}: {} users online cluster-wide, peak {}",
            node, both.resultAt(0), both.<JsonObject>resultAt(1)))
        .onFailure(e -> LOG.error("{}: report failed", node, e));
  }
}
