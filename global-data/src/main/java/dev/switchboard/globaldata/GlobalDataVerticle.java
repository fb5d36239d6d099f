package dev.switchboard.globaldata;

import com.hazelcast.cluster.MembershipEvent;
import com.hazelcast.cluster.MembershipListener;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.LocalMapStats;
import dev.switchboard.core.MetricsOptions;
import dev.switchboard.globaldata.impl.MemberConfigCheck;
import dev.switchboard.globaldata.impl.MemberLookup;
import dev.switchboard.globaldata.impl.VerticleMetrics;
import dev.switchboard.globaldata.impl.WorkermanListener;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.UUID;

/**
 * A GlobalData node: deploy it on a clustered node
 * ({@code bin/vertx run dev.switchboard.globaldata.GlobalDataVerticle -cluster}) and that node's
 * Hazelcast member holds and serves its share of the variables, with one synchronous backup.
 *
 * <p>On start it checks the member's configuration and logs a warning for each setting under
 * which a member crash can lose or silently repeat acknowledged writes (a backup count below 1,
 * Hazelcast's {@code hazelcast.operation.fail.on.indeterminate.state} off), refuses to start when
 * {@link GlobalDataOptions#getMinimumMembers()} asks for a split-brain protection the member's
 * configuration does not give the map, logs cluster membership changes, and answers
 * status requests on {@link GlobalDataAddresses#STATUS}. Its {@code config()} is read as
 * {@link GlobalDataOptions} JSON ({@code mapName}, {@code maxValueSize}, {@code maxKeyLength},
 * {@code metrics}, {@code updateFunctions}: the {@link UpdateFunction}s it registers on the member
 * at start, refusing to start when one cannot be loaded); with {@code metrics.port} set it starts a metrics listener ({@code GET
 * /metrics}; several instances share its port) once the rest has started. With {@code
 * workermanPort} set ({@link WorkermanOptions}) it also listens for PHP's {@code
 * GlobalData\Client} (Workerman GlobalData's protocol) on the same map, serving the addresses of
 * {@code phpClientsFrom} only (loopback by default).
 *
 * <p>Deploying it on a Vert.x instance that is not clustered over Hazelcast fails with
 * {@link GlobalDataException.Reason#NO_MEMBER}.
 */
public class GlobalDataVerticle extends VerticleBase {

  private static final Logger LOG = LoggerFactory.getLogger(GlobalDataVerticle.class);

  private GlobalData data;
  private HazelcastInstance hazelcast;
  private UUID membershipListener;
  private MessageConsumer<Object> statusConsumer;
  private GlobalDataOptions options;
  private WorkermanOptions workermanOptions;
  private volatile WorkermanListener workerman;
  private int backupCount;
  private final VerticleMetrics metrics = new VerticleMetrics();

  /**
   * @return the GlobalData of this node, once started; null before
   */
  public GlobalData globalData() {
    return data;
  }

  @Override
  public Future<?> start() {
    options = new GlobalDataOptions(config());
    workermanOptions = new WorkermanOptions(config());
    hazelcast = MemberLookup.find(vertx);
    backupCount = hazelcast.getConfig().findMapConfig(options.getMapName()).getBackupCount();
    MemberConfigCheck.problems(hazelcast.getConfig(), options.getMapName())
        .forEach(problem -> LOG.warn("{}", problem));
    List<String> quorum = MemberConfigCheck.quorumProblems(hazelcast.getConfig(),
        options.getMapName(), options.getMinimumMembers());
    if (!quorum.isEmpty()) {
      return Future.failedFuture(new IllegalStateException("GlobalData node refused to start: "
          + String.join("; ", quorum) + " (docs/global-data.md, \"Split brain\")"));
    }
    data = GlobalData.member(vertx, hazelcast, options);
    membershipListener = hazelcast.getCluster().addMembershipListener(new MembershipListener() {
      @Override
      public void memberAdded(MembershipEvent event) {
        LOG.info("GlobalData member joined: {} ({} members)", event.getMember().getAddress(),
            event.getMembers().size());
      }

      @Override
      public void memberRemoved(MembershipEvent event) {
        LOG.info("GlobalData member left: {} ({} members)", event.getMember().getAddress(),
            event.getMembers().size());
      }
    });
    statusConsumer = vertx.eventBus().localConsumer(GlobalDataAddresses.STATUS,
        message -> vertx.executeBlocking(this::status, false)
            .onSuccess(message::reply)
            .onFailure(e -> message.fail(500, e.getMessage())));
    return statusConsumer.completion()
        .compose(v -> startWorkerman())
        .compose(v -> metrics.start(vertx, options.getMetrics(), this::stopData))
        .onSuccess(v -> LOG.info(
        "GlobalData node ready: member {}, map {}, backup-count {}, {} members",
        memberAddress(), options.getMapName(), backupCount,
        hazelcast.getCluster().getMembers().size()));
  }

  /** Starts the Workerman listener when asked for; a failure undoes the rest of the start. */
  private Future<Void> startWorkerman() {
    if (workermanOptions.getWorkermanPort() == WorkermanOptions.OFF) {
      return Future.succeededFuture();
    }
    return WorkermanListener.start(vertx, hazelcast, options, workermanOptions)
        .onSuccess(listener -> workerman = listener)
        .<Void>mapEmpty()
        .recover(e -> stopData().transform(ar -> Future.failedFuture(e)));
  }

  /** Reads the member's statistics (blocking Hazelcast calls: run on a worker). */
  private JsonObject status() {
    LocalMapStats stats = hazelcast.getMap(options.getMapName()).getLocalMapStats();
    JsonObject status = new JsonObject()
        .put("member", memberAddress())
        .put("members", hazelcast.getCluster().getMembers().size())
        .put("mapName", options.getMapName())
        .put("backupCount", backupCount)
        .put("ownedEntries", stats.getOwnedEntryCount())
        .put("backupEntries", stats.getBackupEntryCount());
    WorkermanListener listener = workerman;
    return listener == null ? status : status.put("workerman", listener.stats());
  }

  private String memberAddress() {
    var address = hazelcast.getCluster().getLocalMember().getAddress();
    return address.getHost() + ":" + address.getPort();
  }

  /**
   * @return the Workerman listener's port once started, or {@link WorkermanOptions#OFF} (none:
   *     {@code workermanPort} off, or not started)
   */
  public int actualWorkermanPort() {
    WorkermanListener listener = workerman;
    return listener == null ? WorkermanOptions.OFF : listener.actualPort();
  }

  /**
   * @return the metrics listener's port once started, or {@link MetricsOptions#OFF} (none:
   *     {@code metrics.port} off, or not started)
   */
  public int actualMetricsPort() {
    return metrics.port();
  }

  @Override
  public Future<?> stop() {
    return metrics.close().eventually(this::stopData);
  }

  private Future<?> stopData() {
    if (membershipListener != null && hazelcast.getLifecycleService().isRunning()) {
      hazelcast.getCluster().removeMembershipListener(membershipListener);
    }
    WorkermanListener listener = workerman;
    workerman = null;
    Future<Void> unregistered = (listener == null ? Future.<Void>succeededFuture()
        : listener.close())
        .eventually(() -> statusConsumer == null ? Future.succeededFuture()
            : statusConsumer.unregister());
    return unregistered.compose(v -> data == null ? Future.succeededFuture() : data.close());
  }
}
