package dev.switchboard.bench.soak;

import dev.switchboard.bench.common.BenchMain;
import dev.switchboard.bench.common.Cleanup;
import dev.switchboard.bench.common.ReportFiles;
import dev.switchboard.bench.common.ReportFrame;
import dev.switchboard.testkit.Await;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The soak ({@code benchmarks/soak.sh}): {@value SoakCluster#NODES} clustered node JVMs
 * ({@link SoakCluster}) under mixed load for a given duration, a node restarted every few minutes
 * by turns, every node sampled at intervals ({@link NodeSampler}); then the report
 * ({@link SoakReport}) and exit status 1 when a promise was broken or a plateau check failed.
 *
 * <p>The load runs in this JVM on one Vert.x instance: group members, group senders and the slow
 * consumer ({@link WsPeer}s), channel clients ({@link ChannelLoad}), GlobalData callers
 * ({@link CounterLoad}).
 *
 * <p>Not thread-safe: driven by the main thread.
 */
public final class SoakBench {

  private static final Logger LOG = LoggerFactory.getLogger(SoakBench.class);

  private static final Duration CLOSE_BOUND = Duration.ofSeconds(30);
  /** After the load stops: messages in flight arrive. */
  private static final Duration DRAIN = Duration.ofSeconds(5);
  private static final String SLOW_GROUP = "slow";
  private static final int FIREHOSE_SENDER = 100;
  private static final int SLOW_RECEIVE_BUFFER = 16 * 1024;

  private final SoakOptions options;
  private final Cleanup cleanup;
  private final List<String> arguments;
  private final ReportFrame frame = new ReportFrame();
  private final List<WsPeer> peers = new ArrayList<>();

  private SoakBench(SoakOptions options, Cleanup cleanup, List<String> arguments) {
    this.options = options;
    this.cleanup = cleanup;
    this.arguments = arguments;
  }

  /**
   * @param args the command line, see {@code --help} ({@link SoakOptions})
   */
  public static void main(String[] args) {
    BenchMain.run(args, new SoakOptions(),
        (options, cleanup) -> new SoakBench(options, cleanup, List.of(args)).run());
  }

  private int run() throws Exception {
    Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(2));
    cleanup.register("load Vert.x", () -> Await.result(vertx.close(), CLOSE_BOUND,
        "closing the load's Vert.x"));
    long runStart = System.nanoTime();
    SoakCluster cluster = SoakCluster.start(cleanup, options.maxSendBuffer());
    RestartLog restarts = new RestartLog(options.settle().toNanos());
    NodeSampler sampler = new NodeSampler(cluster, runStart);
    cleanup.register("sampler", sampler);
    sampler.start(options.sampleEvery().toSeconds());

    CounterLoad counter = new CounterLoad(vertx);
    cleanup.register("GlobalData client", counter::close);
    counter.start(cluster, options.counterCallers());
    ChannelLoad channel = new ChannelLoad(vertx);
    cleanup.register("channel clients", channel::close);
    channel.start(cluster, options.channelClients());
    GroupTally groups = new GroupTally();
    WebSocketClient ws = vertx.createWebSocketClient(new WebSocketClientOptions()
        .setMaxConnections(10_000).setMaxFrameSize(64 * 1024).setMaxMessageSize(64 * 1024));
    List<String> groupNames = new ArrayList<>();
    for (int g = 0; g < options.groups(); g++) {
      groupNames.add("g" + g);
    }
    List<GroupSender> senders = new ArrayList<>();
    for (int n = 0; n < SoakCluster.NODES; n++) {
      for (int c = 0; c < options.groupClients(); c++) {
        peers.add(new GroupMember(vertx, ws, cluster.wsPort(n), groups, groupNames));
      }
      senders.add(new GroupSender(vertx, ws, cluster.wsPort(n), n, groupNames, 64, 100, groups));
    }
    GroupSender firehose = new GroupSender(vertx, ws, cluster.wsPort(1 % SoakCluster.NODES),
        FIREHOSE_SENDER, List.of(SLOW_GROUP), 8 * 1024, 20, null);
    // a small receive buffer: the kernel's autotuning (up to tcp_rmem's maximum, 32 MiB here)
    // would otherwise hold minutes of the firehose before the gateway's send buffer fills
    WebSocketClient slowClient = vertx.createWebSocketClient(new WebSocketClientOptions()
        .setReceiveBufferSize(SLOW_RECEIVE_BUFFER).setMaxFrameSize(64 * 1024)
        .setMaxMessageSize(64 * 1024));
    SlowConsumer slow = new SlowConsumer(vertx, slowClient, cluster.wsPort(0), SLOW_GROUP, 100);
    peers.addAll(senders);
    peers.add(firehose);
    peers.add(slow);
    peers.forEach(WsPeer::start);
    LOG.info("Soak load running for {} s, a restart every {} s", options.duration().toSeconds(),
        options.restartEvery().toSeconds());

    long loadStart = System.nanoTime();
    long end = loadStart + options.duration().toNanos();
    long every = options.restartEvery().toNanos();
    int restartCount = 0;
    while (!cleanup.closing()) {
      long nextRestart = every > 0 ? loadStart + (restartCount + 1) * every : Long.MAX_VALUE;
      long wakeAt = Math.min(end, nextRestart);
      long now = System.nanoTime();
      if (wakeAt > now) {
        // a schedule, not an event: the load runs on its own meanwhile
        TimeUnit.NANOSECONDS.sleep(wakeAt - now);
      }
      if (wakeAt == end || System.nanoTime() >= end) {
        break;
      }
      cluster.restart(restartCount % SoakCluster.NODES, restarts);
      restartCount++;
      LOG.info("Restart {} done; GlobalData acknowledged so far {}", restartCount,
          counter.acked());
    }
    double seconds = (System.nanoTime() - loadStart) / 1e9;

    LOG.info("Stopping the load");
    senders.forEach(WsPeer::stop);
    firehose.stop();
    channel.stopPublishing();
    CounterLoad.Result counted = counter.stop();
    TimeUnit.MILLISECONDS.sleep(DRAIN.toMillis()); // a fixed grace for messages in flight
    long loadEnd = System.nanoTime();
    peers.forEach(WsPeer::stop);
    sampler.sampleAllNow();
    sampler.close();

    List<NodeSampler.Sample> samples = sampler.samples();
    List<Plateau> plateaus = new ArrayList<>();
    for (SoakCluster.Incarnation inc : cluster.incarnations()) {
      plateaus.add(Plateau.check(samples.stream().filter(s -> s.node() == inc.node()
              && s.incarnation() == inc.incarnation()).toList(),
          (inc.startNanos() - runStart) / 1e9, options.warmup().toSeconds(), inc.node(),
          inc.incarnation()));
    }
    SoakReport report = new SoakReport(new SoakReport.Outcome(options, arguments,
        cluster.shownCommand(), seconds, frame, restarts.restarts(), runStart, samples, plateaus,
        groups.evaluate(loadEnd, restarts), channel.tally().evaluate(restarts), counted,
        slow.received(), slow.gaps(), slow.backwards(), firehose.sends(),
        WsPeer.CONNECTS.get(), WsPeer.CONNECT_FAILURES.get()));
    ReportFiles.write(options.resultsDir(), "soak", frame.stamp(), report.markdown(),
        report.csv());
    if (report.failures().isEmpty()) {
      LOG.info("Every check held");
      return 0;
    }
    report.failures().forEach(f -> LOG.error("FAILED: {}", f));
    return 1;
  }
}
